import { type Database, newId } from '@margins/db';
import { OWNER, requireStoryRole, type Db } from '../access';
import { TAG_KINDS, tagsByKind, type TagsByKind } from './story-summary';

export interface SetStoryTagsOptions {
  db: Database;
  userId: string;
  storyId: string;
  /** The complete set of tags per kind; kinds left out are cleared. */
  tags: Partial<TagsByKind>;
}

/** Tag names are trimmed and deduplicated case-insensitively; the first spelling wins. */
function clean(names: string[]): string[] {
  const seen = new Map<string, string>();
  for (const raw of names) {
    const name = raw.replace(/\s+/g, ' ').trim();
    if (name && !seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  }
  return [...seen.values()];
}

/** Replaces the story's tags (fandoms, characters, relationships, free tags); owner only. */
export async function setStoryTags(options: SetStoryTagsOptions): Promise<TagsByKind> {
  const { db, userId, storyId } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: OWNER });
  return db.prisma.$transaction((tx) => replaceStoryTags(tx, storyId, options.tags));
}

/** The tag writes, inside the caller's transaction; the caller has checked access. */
export async function replaceStoryTags(
  tx: Db,
  storyId: string,
  given: Partial<TagsByKind>,
): Promise<TagsByKind> {
  const wanted = TAG_KINDS.flatMap((kind) => clean(given[kind] ?? []).map((name) => ({ kind, name })));
  // Tags are shared between stories; another story may create the same one concurrently.
  if (wanted.length)
    await tx.tag.createMany({ data: wanted.map((t) => ({ id: newId(), ...t })), skipDuplicates: true });
  const tags = wanted.length
    ? await tx.tag.findMany({ where: { OR: wanted.map((t) => ({ kind: t.kind, name: t.name })) } })
    : [];
  await tx.storyTag.deleteMany({ where: { storyId } });
  if (tags.length) await tx.storyTag.createMany({ data: tags.map((t) => ({ storyId, tagId: t.id })) });
  return tagsByKind(tags.map((tag) => ({ tag })));
}
