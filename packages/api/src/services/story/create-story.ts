import { type Database, newId, Prisma } from '@margins/db';
import { ServiceError } from '../../errors';
import type { StoryMeta } from '../../story-meta';
import type { Db } from '../access';
import { inTransaction, type Tx } from '../transaction';
import { insertPovCharacter } from './pov-characters';
import { replaceStoryTags } from './set-story-tags';
import type { TagsByKind } from './story-summary';

export interface NewCharacter {
  name: string;
  color: string;
  aliases?: string[];
}

/** Between the steps of a creation; tests throw from it to prove the intent is atomic. */
export type CreateStep = 'story' | 'tags' | 'characters';

export interface CreateStoryOptions extends Partial<StoryMeta> {
  db: Database;
  userId: string;
  title: string;
  summary?: string;
  /** Defaults to one made from the title. */
  slug?: string;
  /** Fandoms, characters, relationships and free tags, set with the story. */
  tags?: Partial<TagsByKind>;
  /** POV characters, in their order. */
  characters?: NewCharacter[];
  onStep?: (step: CreateStep) => void | Promise<void>;
}

export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'story';
}

const isUniqueViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

/** Thrown inside the transaction when another story took the slug between lookup and insert. */
class SlugRace extends Error {}

const slugTaken = (slug: string) =>
  new ServiceError('conflict', `The address “${slug}” is taken.`, {
    fieldErrors: { slug: ['This address is taken; choose another.'] },
  });

/**
 * A free slug: the one asked for, or one derived from the title (with a suffix when taken). A
 * taken slug is only an error when the author chose it. Looked up rather than tried, because a
 * failed insert aborts the whole transaction on PostgreSQL.
 */
async function freeSlug(db: Db, base: string, chosen: boolean): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug =
      attempt === 0
        ? base
        : `${base}-${newId()
            .slice(0, 5)
            .toLowerCase()
            .replace(/[^a-z0-9]/g, 'x')}`;
    if (!(await db.story.findUnique({ where: { slug }, select: { id: true } }))) return slug;
    if (chosen) throw slugTaken(slug);
  }
  throw new ServiceError('conflict', 'Could not find a free address for this story; choose one.');
}

/** Character names are unique per story: named per row, so the form marks the right field. */
function assertDistinctNames(characters: readonly NewCharacter[]): void {
  const seen = new Set<string>();
  const fieldErrors: Record<string, string[]> = {};
  characters.forEach((c, i) => {
    if (seen.has(c.name.toLowerCase()))
      fieldErrors[`characters.${i}.name`] = ['Another character has this name.'];
    seen.add(c.name.toLowerCase());
  });
  if (Object.keys(fieldErrors).length)
    throw new ServiceError('conflict', 'Two characters have the same name.', { fieldErrors });
}

/**
 * The story, its tags and its characters inside the caller's transaction; the creator becomes
 * the owner. No access check: anyone logged in may create a story.
 */
export async function insertStory(
  tx: Tx,
  options: Omit<CreateStoryOptions, 'db'>,
): Promise<{ id: string; slug: string }> {
  const {
    userId,
    title,
    summary = '',
    rating,
    warnings,
    completion,
    expectedChapters,
    language,
    tags,
    characters = [],
    onStep,
  } = options;
  assertDistinctNames(characters);
  const slug = await freeSlug(tx.prisma, options.slug ?? slugify(title), options.slug !== undefined);
  const id = newId();
  try {
    await tx.prisma.story.create({
      data: {
        id,
        slug,
        title,
        summary,
        rating,
        warnings,
        completion,
        expectedChapters,
        language,
        members: { create: { userId, role: 'owner' } },
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw options.slug !== undefined ? slugTaken(slug) : new SlugRace();
    throw error;
  }
  await onStep?.('story');
  if (tags) await replaceStoryTags(tx.prisma, id, tags);
  await onStep?.('tags');
  for (const c of characters) await insertPovCharacter(tx.prisma, { storyId: id, ...c });
  await onStep?.('characters');
  return { id, slug };
}

/**
 * Runs an intent that creates a story, again when a concurrent creation took its derived slug
 * between the lookup and the insert (the transaction is lost by then; a rerun finds a new one).
 */
export async function withSlugRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof SlugRace) || attempt >= 2)
        throw error instanceof SlugRace
          ? new ServiceError('conflict', 'Could not find a free address for this story; choose one.')
          : error;
    }
  }
}

/** A new private story with its tags and characters, in one transaction. */
export async function createStory(options: CreateStoryOptions): Promise<{ id: string; slug: string }> {
  const { db, ...rest } = options;
  return withSlugRetry(() => inTransaction(db, (tx) => insertStory(tx, rest)));
}
