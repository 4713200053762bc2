// One chapter's dashboard: its figures, per-POV comments, and the passage heatmap — every
// passage of the revision readers see, in order, with its comment counts from PassageStat.
import type { Database } from '@margins/db';
import { requireDashboardChapter, type DashboardStory } from '../access';
import { emptyStat, rate, shownRevisionId, toFigures, type ByType, type Figures } from './figures';
import { isInReadingOrder } from './story-overview';

export interface HeatPassage {
  key: string;
  kind: 'text' | 'break';
  /** Sanitised when the revision was parsed (@margins/segments). */
  html: string;
  text: string;
  pov: { name: string; color: string } | null;
  comments: number;
  byType: ByType;
  /** comments / the chapter's busiest passage (0–1): the heatmap's shade. */
  intensity: number;
}

export interface ChapterPov {
  name: string;
  color: string;
  passages: number;
  words: number;
  comments: number;
  byType: ByType;
}

export interface ChapterDetail {
  story: DashboardStory;
  chapter: {
    id: string;
    number: number;
    title: string;
    status: 'draft' | 'scheduled' | 'published';
    revision: { id: string; number: number; isDraft: boolean } | null;
  };
  prev: { id: string; title: string; number: number } | null;
  next: { id: string; title: string; number: number } | null;
  figures: Figures;
  retention: { nextChapterId: string; retained: number; rate: number | null } | null;
  povs: ChapterPov[];
  passages: HeatPassage[];
  /** Counted comments on passages that are not in the shown revision (rewritten or removed). */
  elsewhere: number;
  maxComments: number;
}

const zero = (): ByType => ({ reaction: 0, critique: 0, typo: 0 });

export async function chapterDetail(options: {
  db: Database;
  userId: string;
  chapterId: string;
}): Promise<ChapterDetail> {
  const { db, userId, chapterId } = options;
  const { story, chapter } = await requireDashboardChapter({ db: db.prisma, chapterId, userId });
  const revisionId = shownRevisionId(chapter);
  const [siblings, stat, passageStats, revision, passages] = await Promise.all([
    db.prisma.chapter.findMany({
      where: { storyId: story.id },
      orderBy: [{ position: 'asc' }, { id: 'asc' }],
      select: { id: true, title: true, status: true, publishedRevisionId: true },
    }),
    db.prisma.chapterStat.findUnique({ where: { chapterId } }),
    db.prisma.passageStat.findMany({
      where: { chapterId, comments: { gt: 0 } },
      select: { passageKey: true, comments: true, reactions: true, critiques: true, typos: true },
    }),
    revisionId
      ? db.prisma.chapterRevision.findUnique({
          where: { id: revisionId },
          select: { id: true, number: true },
        })
      : null,
    revisionId
      ? db.prisma.passage.findMany({
          where: { revisionId },
          orderBy: { position: 'asc' },
          select: {
            key: true,
            kind: true,
            html: true,
            text: true,
            wordCount: true,
            segment: { select: { character: { select: { name: true, color: true } } } },
          },
        })
      : [],
  ]);

  const byKey = new Map(passageStats.map((p) => [p.passageKey, p]));
  const maxComments = Math.max(0, ...passages.map((p) => byKey.get(p.key)?.comments ?? 0));
  const shownKeys = new Set(passages.map((p) => p.key));
  const elsewhere = passageStats
    .filter((p) => !shownKeys.has(p.passageKey))
    .reduce((n, p) => n + p.comments, 0);

  const povs = new Map<string, ChapterPov>();
  const heat: HeatPassage[] = passages.map((p) => {
    const s = byKey.get(p.key);
    const byType = s ? { reaction: s.reactions, critique: s.critiques, typo: s.typos } : zero();
    const comments = s?.comments ?? 0;
    // A scene break sits inside a segment but is told by nobody.
    const pov = p.kind === 'text' ? p.segment.character : null;
    if (pov) {
      const entry = povs.get(pov.name) ?? {
        name: pov.name,
        color: pov.color,
        passages: 0,
        words: 0,
        comments: 0,
        byType: zero(),
      };
      entry.passages += 1;
      entry.words += p.wordCount;
      entry.comments += comments;
      entry.byType.reaction += byType.reaction;
      entry.byType.critique += byType.critique;
      entry.byType.typo += byType.typo;
      povs.set(pov.name, entry);
    }
    return {
      key: p.key,
      kind: p.kind,
      html: p.html,
      text: p.text,
      pov,
      comments,
      byType,
      intensity: maxComments > 0 ? comments / maxComments : 0,
    };
  });

  const index = siblings.findIndex((c) => c.id === chapterId);
  const link = (i: number) => {
    const c = siblings[i];
    return c ? { id: c.id, title: c.title, number: i + 1 } : null;
  };
  const ordered = siblings.filter(isInReadingOrder);
  const at = ordered.findIndex((c) => c.id === chapterId);
  const next = at >= 0 ? ordered[at + 1] : undefined;

  return {
    story,
    chapter: {
      id: chapter.id,
      number: index + 1,
      title: chapter.title,
      status: chapter.status,
      revision: revision ? { ...revision, isDraft: revision.id !== chapter.publishedRevisionId } : null,
    },
    prev: link(index - 1),
    next: link(index + 1),
    figures: toFigures(stat ?? emptyStat()),
    retention: next
      ? {
          nextChapterId: next.id,
          retained: stat?.retained ?? 0,
          rate: rate(stat?.retained ?? 0, stat?.readers ?? 0),
        }
      : null,
    povs: [...povs.values()],
    passages: heat,
    elsewhere,
    maxComments,
  };
}
