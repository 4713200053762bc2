import type { Database } from '@margins/db';
import { ServiceError } from '../../errors';
import { isChapterLive, requireChapterVisible, type MemberRole } from '../access';
import { loadChapterNotes, type ChapterNoteFields } from '../chapter/chapter-notes';
import type { SegmentView } from '../chapter/revision-segments';
import { countCommentsOnRevision, type PassageCounts } from '../comment/count-comments';
import { forgetCachedSummaries } from '../comment/chapter-summary';
import { forgetCachedThreads } from '../comment/list-comments';
import { ReadCache } from '../read-cache';
import { forgetRevisionTexts, revisionText } from './revision-text';
import { loadStoryFrame, type StoryFrame } from './story-frame';
import { forgetCachedContents } from './table-of-contents';

export interface ReadChapterOptions {
  db: Database;
  userId: string | null;
  chapterId: string;
  /** A POV character's name (or alias): only that character's segments are returned. */
  povOnly?: string;
  /** Members only: read the current (draft) revision even when a published one exists. */
  draft?: boolean;
  now: Date;
}

export interface ChapterLink {
  id: string;
  title: string;
  number: number;
}

export interface ReaderChapter {
  story: {
    id: string;
    slug: string;
    title: string;
    authors: { username: string; displayName: string | null }[];
  };
  chapter: {
    id: string;
    title: string;
    /** 1-based among the chapters this reader can see. */
    number: number;
    position: number;
    status: 'draft' | 'scheduled' | 'published';
    live: boolean;
    publishedAt: Date | null;
    revision: { id: string; number: number; wordCount: number };
    /** True when a member is reading a revision readers do not see. */
    isDraft: boolean;
    /** For members: the chapter is live and its current draft differs from the published text. */
    hasNewerDraft: boolean;
    notes: ChapterNoteFields;
  };
  prev: ChapterLink | null;
  next: ChapterLink | null;
  /** Characters narrating this chapter, in the story's order, with their words in it. */
  legend: { name: string; color: string; wordCount: number }[];
  unattributedWordCount: number;
  povOnly: string | null;
  segments: SegmentView[];
  /** Visible public inline comments per passage key on this revision; keys without comments are absent. */
  commentCounts: Record<string, number>;
  /** Visible public comments whose words are gone from this revision (listed as outdated). */
  outdatedCommentCount: number;
  viewer: { role: MemberRole | null };
}

/** A chapter's story frame, notes and comment counts on one revision, per content version. */
const surroundings = new ReadCache<{ frame: StoryFrame; counts: PassageCounts; notes: ChapterNoteFields }>({
  entries: 1000,
});

/** Empties this instance's cached reads of `db` (benchmarks measure a first read with it). */
export function forgetCachedReads(db: Database): void {
  surroundings.forget(db);
  forgetCachedThreads(db);
  forgetCachedSummaries(db);
  forgetRevisionTexts(db);
  forgetCachedContents(db);
}

/**
 * A chapter as a reader sees it: the published revision (members may read the current draft),
 * neighbours for navigation, the POV legend and comment counts per passage.
 */
export async function readChapter(options: ReadChapterOptions): Promise<ReaderChapter> {
  const { db, userId, chapterId, povOnly, now } = options;
  const { story, role, chapter, live, contentVersion } = await requireChapterVisible({
    db: db.prisma,
    chapterId,
    userId,
    now,
  });
  const showDraft = role !== null && (options.draft === true || !live);
  const revisionId = showDraft ? chapter.currentRevisionId : chapter.publishedRevisionId;
  if (!revisionId) throw new ServiceError('not_found', 'This chapter has no text yet.');

  // Everything below depends only on the chapter, the revision and the content version (the
  // same for every viewer): one concurrent round of queries, or none while nothing has changed.
  const textPromise = revisionText(db, revisionId);
  const [{ frame, counts, notes }, text] = await Promise.all([
    surroundings.get(db, `${chapterId}:${revisionId}`, contentVersion, async () => {
      const [frame, counts, notes] = await Promise.all([
        loadStoryFrame(db.prisma, chapterId),
        // Counted where each thread lands on *this* revision (re-anchored), not where it was written.
        countCommentsOnRevision(
          db.prisma,
          chapterId,
          revisionId,
          async () => (await textPromise).anchorPassages,
        ),
        // Summary and notes change without a new revision, but they are the chapter's columns: any
        // change to them bumps the content version (content_versions migration), like the title.
        loadChapterNotes(db.prisma, chapterId),
      ]);
      return { frame, counts, notes };
    }),
    textPromise,
  ]);
  const { characters, siblings, authors } = frame;

  let wanted: string | null = null;
  if (povOnly !== undefined) {
    const needle = povOnly.trim().toLowerCase();
    const match = characters.find((c) => [c.name, ...c.aliases].some((n) => n.toLowerCase() === needle));
    if (!match)
      throw new ServiceError('invalid', `This story has no POV character called “${povOnly}”.`, {
        fieldErrors: { povOnly: ['Unknown character.'] },
      });
    wanted = match.name;
  }

  const { revision } = text;
  const povOf = new Map(characters.map((c) => [c.id, { name: c.name, color: c.color }]));
  const segments: SegmentView[] = text.segments.map((s) => ({
    position: s.position,
    pov: s.characterId === null ? null : (povOf.get(s.characterId) ?? null),
    wordCount: s.wordCount,
    passages: s.passages,
  }));
  const words = new Map<string, number>();
  let unattributedWordCount = 0;
  for (const s of segments) {
    if (s.pov) words.set(s.pov.name, (words.get(s.pov.name) ?? 0) + s.wordCount);
    else unattributedWordCount += s.wordCount;
  }

  const visible = siblings.filter((c) => role !== null || isChapterLive(c, now));
  const index = visible.findIndex((c) => c.id === chapterId);
  const link = (i: number): ChapterLink | null => {
    const c = visible[i];
    return c ? { id: c.id, title: c.title, number: i + 1 } : null;
  };

  return {
    story: { id: story.id, slug: story.slug, title: story.title, authors },
    chapter: {
      id: chapter.id,
      title: chapter.title,
      number: index + 1,
      position: chapter.position,
      status: chapter.status,
      live,
      publishedAt: chapter.publishedAt,
      revision,
      isDraft: revisionId !== chapter.publishedRevisionId || !live,
      hasNewerDraft: role !== null && live && chapter.currentRevisionId !== chapter.publishedRevisionId,
      notes,
    },
    prev: link(index - 1),
    next: link(index + 1),
    legend: characters
      .filter((c) => words.has(c.name))
      .map((c) => ({ name: c.name, color: c.color, wordCount: words.get(c.name) ?? 0 })),
    unattributedWordCount,
    povOnly: wanted,
    segments: wanted === null ? segments : segments.filter((s) => s.pov?.name === wanted),
    commentCounts: counts.byPassage,
    outdatedCommentCount: counts.outdated,
    viewer: { role },
  };
}
