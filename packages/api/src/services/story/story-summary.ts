// The one shape a story takes in lists (browse, search, mine, profiles).
import type { Prisma } from '@margins/db';
import { formatChapterProgress, type StoryMeta } from '../../story-meta';
import { isChapterLive } from '../access';

export type TagKind = 'fandom' | 'character' | 'relationship' | 'freeform';
export const TAG_KINDS: readonly TagKind[] = ['fandom', 'character', 'relationship', 'freeform'];
export type TagsByKind = Record<TagKind, string[]>;

export const storySummarySelect = {
  id: true,
  slug: true,
  title: true,
  summary: true,
  visibility: true,
  publishedAt: true,
  hiddenAt: true,
  hiddenReason: true,
  updatedAt: true,
  rating: true,
  warnings: true,
  completion: true,
  expectedChapters: true,
  language: true,
  tags: { select: { tag: { select: { kind: true, name: true } } } },
  characters: { select: { name: true, color: true }, orderBy: { position: 'asc' } },
  members: {
    where: { role: { in: ['owner', 'coauthor'] } },
    select: { role: true, user: { select: { username: true, displayName: true } } },
    orderBy: { createdAt: 'asc' },
  },
  chapters: {
    select: {
      status: true,
      publishAt: true,
      publishedRevisionId: true,
      publishedRevision: { select: { wordCount: true } },
    },
  },
} satisfies Prisma.StorySelect;

type SummaryRow = Prisma.StoryGetPayload<{ select: typeof storySummarySelect }>;

export interface StorySummary extends StoryMeta {
  id: string;
  slug: string;
  title: string;
  summary: string;
  visibility: 'public' | 'private';
  publishedAt: Date | null;
  /** Withheld by the site's admins: only its members ever see it so, and why (docs/admin.md). */
  hiddenAt: Date | null;
  hiddenReason: string | null;
  updatedAt: Date;
  tags: TagsByKind;
  characters: { name: string; color: string }[];
  authors: { username: string; displayName: string | null; role: 'owner' | 'coauthor' }[];
  /**
   * Chapters readers can open now, and their words: published revisions only (a draft revision
   * of a published chapter, a draft or a scheduled chapter not yet due count nothing).
   */
  chapterCount: number;
  wordCount: number;
  /** "2/?", "3/3": chapterCount over the chapters planned. */
  chapterProgress: string;
}

export function tagsByKind(tags: { tag: { kind: TagKind; name: string } }[]): TagsByKind {
  const out: TagsByKind = { fandom: [], character: [], relationship: [], freeform: [] };
  for (const { tag } of tags) out[tag.kind].push(tag.name);
  for (const kind of TAG_KINDS) out[kind].sort((a, b) => a.localeCompare(b));
  return out;
}

export function toStorySummary(row: SummaryRow, now: Date): StorySummary {
  const live = row.chapters.filter((c) => isChapterLive(c, now));
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    visibility: row.visibility,
    publishedAt: row.publishedAt,
    hiddenAt: row.hiddenAt,
    hiddenReason: row.hiddenAt ? row.hiddenReason : null,
    updatedAt: row.updatedAt,
    rating: row.rating,
    warnings: row.warnings,
    completion: row.completion,
    expectedChapters: row.expectedChapters,
    language: row.language,
    tags: tagsByKind(row.tags),
    characters: row.characters,
    authors: row.members.map((m) => ({
      username: m.user.username,
      displayName: m.user.displayName,
      role: m.role as 'owner' | 'coauthor',
    })),
    chapterCount: live.length,
    wordCount: live.reduce((sum, c) => sum + (c.publishedRevision?.wordCount ?? 0), 0),
    chapterProgress: formatChapterProgress(live.length, row.completion, row.expectedChapters),
  };
}

/** Public stories only: what readers, search and browse may list. */
export { publicStoryWhere } from '../access';
