// A story's dashboard: totals, one row per chapter, per POV character, the most discussed
// passages. Every figure comes from the rollups (a handful of indexed rows per chapter), never
// from counting comments, reviews or reads; see docs/dashboard.md for what each one counts.
import { type Database, Prisma } from '@margins/db';
import { requireDashboardStory, type DashboardStory } from '../access';
import {
  STAT_FIELDS,
  addStats,
  emptyStat,
  rate,
  selectStats,
  toFigures,
  type ByType,
  type Figures,
  type StatRow,
} from './figures';

export interface ChapterFigures {
  id: string;
  /** 1-based place in the story (drafts included), as the author numbers chapters. */
  number: number;
  title: string;
  status: 'draft' | 'scheduled' | 'published';
  /** In the readers' order (published or scheduled): retention is counted along it. */
  inReadingOrder: boolean;
  figures: Figures;
  /** Readers of this chapter who went on to read the next chapter in reading order. */
  retention: { nextChapterId: string; retained: number; rate: number | null } | null;
}

export interface PovFigures {
  id: string;
  name: string;
  color: string;
  /** Chapters with at least one passage told from this POV (in the revision readers see). */
  chapters: number;
  /** Reads, reviews and verdicts of those chapters (a chapter told by two POVs counts for both). */
  reads: number;
  reviews: number;
  yays: number;
  nays: number;
  /** Comments on passages told from this POV. */
  comments: number;
  byType: ByType;
}

export interface DiscussedPassage {
  chapterId: string;
  chapterNumber: number;
  chapterTitle: string;
  passageKey: string;
  /** The passage's text in the revision shown (trimmed), or null when it is no longer there. */
  excerpt: string | null;
  pov: { name: string; color: string } | null;
  comments: number;
  byType: ByType;
}

export interface StoryOverview {
  story: DashboardStory;
  totals: Figures;
  chapters: ChapterFigures[];
  povs: PovFigures[];
  mostDiscussed: DiscussedPassage[];
}

/** The chapter's rollup row, and `retained` (readers who went on to the next chapter). */
const statSelect = { ...selectStats(STAT_FIELDS), retained: true } as const;

export const isInReadingOrder = (c: { status: string; publishedRevisionId: string | null }) =>
  c.publishedRevisionId !== null && c.status !== 'draft';

export async function storyOverview(options: {
  db: Database;
  userId: string;
  storyId: string;
  mostDiscussed?: number;
}): Promise<StoryOverview> {
  const { db, userId, storyId } = options;
  const story = await requireDashboardStory({ db: db.prisma, storyId, userId });
  const [chapters, storyStat, characters, povStats, discussed] = await Promise.all([
    db.prisma.chapter.findMany({
      where: { storyId },
      orderBy: [{ position: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        title: true,
        status: true,
        publishedRevisionId: true,
        currentRevisionId: true,
        stat: { select: statSelect },
      },
    }),
    db.prisma.storyStat.findUnique({ where: { storyId }, select: { readers: true } }),
    db.prisma.povCharacter.findMany({
      where: { storyId },
      orderBy: { position: 'asc' },
      select: { id: true, name: true, color: true },
    }),
    povRollup(db, storyId),
    mostDiscussedPassages(db, storyId, options.mostDiscussed ?? 10),
  ]);

  const stats = new Map<string, StatRow>(chapters.map((c) => [c.id, c.stat ?? emptyStat()]));
  const ordered = chapters.filter(isInReadingOrder);
  const nextOf = new Map(ordered.slice(0, -1).map((c, i) => [c.id, ordered[i + 1]!.id]));
  const number = new Map(chapters.map((c, i) => [c.id, i + 1]));

  const rows: ChapterFigures[] = chapters.map((c) => {
    const next = nextOf.get(c.id);
    const readers = c.stat?.readers ?? 0;
    const retained = c.stat?.retained ?? 0;
    return {
      id: c.id,
      number: number.get(c.id)!,
      title: c.title,
      status: c.status,
      inReadingOrder: isInReadingOrder(c),
      figures: toFigures(stats.get(c.id)!),
      retention: next ? { nextChapterId: next, retained, rate: rate(retained, readers) } : null,
    };
  });

  const totals = toFigures({ ...addStats([...stats.values()]), readers: storyStat?.readers ?? 0 });

  const povs: PovFigures[] = characters.map((ch) => {
    const pov = povStats.get(ch.id);
    const ids = pov?.chapterIds ?? [];
    const sum = addStats(ids.map((id) => stats.get(id) ?? emptyStat()));
    return {
      id: ch.id,
      name: ch.name,
      color: ch.color,
      chapters: ids.length,
      reads: sum.reads,
      reviews: sum.reviews,
      yays: sum.yays,
      nays: sum.nays,
      comments: pov?.comments ?? 0,
      byType: pov?.byType ?? { reaction: 0, critique: 0, typo: 0 },
    };
  });

  const chapterById = new Map(chapters.map((c) => [c.id, c]));
  const mostDiscussed = discussed.map((d) => ({
    chapterId: d.chapterId,
    chapterNumber: number.get(d.chapterId) ?? 0,
    chapterTitle: chapterById.get(d.chapterId)?.title ?? '',
    passageKey: d.passageKey,
    excerpt: d.text === null ? null : excerptOf(d.text),
    pov: d.povName === null ? null : { name: d.povName, color: d.povColor ?? '#888888' },
    comments: d.comments,
    byType: { reaction: d.reactions, critique: d.critiques, typo: d.typos },
  }));

  return { story, totals, chapters: rows, povs, mostDiscussed };
}

export function excerptOf(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

/**
 * Per POV character: the chapters it narrates (in the revision each chapter shows) and the
 * comments on its passages there, from ChapterPovStat — one row per chapter × POV, kept by the
 * triggers of the dashboard_pov_rollup migration.
 */
async function povRollup(db: Database, storyId: string) {
  const rows = await db.prisma.chapterPovStat.findMany({
    where: { storyId },
    select: {
      chapterId: true,
      characterId: true,
      comments: true,
      reactions: true,
      critiques: true,
      typos: true,
    },
  });
  const out = new Map<string, { chapterIds: string[]; comments: number; byType: ByType }>();
  for (const r of rows) {
    let entry = out.get(r.characterId);
    if (!entry)
      out.set(
        r.characterId,
        (entry = { chapterIds: [], comments: 0, byType: { reaction: 0, critique: 0, typo: 0 } }),
      );
    entry.chapterIds.push(r.chapterId);
    entry.comments += r.comments;
    entry.byType.reaction += r.reactions;
    entry.byType.critique += r.critiques;
    entry.byType.typo += r.typos;
  }
  return out;
}

async function mostDiscussedPassages(db: Database, storyId: string, limit: number) {
  return db.prisma.$queryRaw<
    {
      chapterId: string;
      passageKey: string;
      comments: number;
      reactions: number;
      critiques: number;
      typos: number;
      text: string | null;
      povName: string | null;
      povColor: string | null;
    }[]
  >(Prisma.sql`
    SELECT ps."chapterId", ps."passageKey", ps."comments", ps."reactions", ps."critiques", ps."typos",
           p."text", pc."name" AS "povName", pc."color" AS "povColor"
    FROM (
      SELECT * FROM "PassageStat" WHERE "storyId" = ${storyId} AND "comments" > 0
      ORDER BY "comments" DESC, "chapterId", "passageKey" LIMIT ${limit}
    ) ps
    JOIN "Chapter" c ON c.id = ps."chapterId"
    LEFT JOIN "Passage" p ON p."revisionId" = COALESCE(c."publishedRevisionId", c."currentRevisionId") AND p."key" = ps."passageKey"
    LEFT JOIN "Segment" s ON s.id = p."segmentId"
    LEFT JOIN "PovCharacter" pc ON pc.id = s."characterId"
    ORDER BY ps."comments" DESC, ps."chapterId", ps."passageKey"
  `);
}
