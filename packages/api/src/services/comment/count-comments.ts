// Comment counts per passage on one revision: public, visible comments (roots and replies),
// counted where their thread lands on that revision. Used by the reading page and live events.
import type { Database } from '@margins/db';
import type { Db } from '../access';
import { requireChapterVisible } from '../access';
import { loadAnchorPassages, storedAnchorSelect } from './anchors';
import { revisionFor } from './comment-access';
import { placementsSelect, placeThreads } from './placement';

export interface PassageCounts {
  revisionId: string;
  /** Passage key → comments; keys without comments are absent. */
  byPassage: Record<string, number>;
  /** Public comments whose thread is outdated (orphaned) on this revision. */
  outdated: number;
}

export async function countCommentsOnRevision(db: Db, chapterId: string, revisionId: string): Promise<PassageCounts> {
  const publicVisible = { status: 'visible', visibility: 'public', betaRoundId: null } as const;
  const roots = await db.inlineComment.findMany({
    where: { chapterId, parentId: null, visibility: 'public', betaRoundId: null, OR: [publicVisible, { replies: { some: publicVisible } }] },
    select: {
      id: true, revisionId: true, status: true, ...storedAnchorSelect,
      placements: placementsSelect(revisionId),
      _count: { select: { replies: { where: publicVisible } } },
    },
  });
  const byPassage: Record<string, number> = {};
  let outdated = 0;
  if (roots.length === 0) return { revisionId, byPassage, outdated };
  const placed = placeThreads(roots, revisionId, await loadAnchorPassages(db, revisionId));
  for (const root of roots) {
    const n = root._count.replies + (root.status === 'visible' ? 1 : 0);
    const p = placed.get(root.id);
    if (!p || n === 0) continue;
    if (p.outdated || p.passageKey === null) outdated += n;
    else byPassage[p.passageKey] = (byPassage[p.passageKey] ?? 0) + n;
  }
  return { revisionId, byPassage, outdated };
}

export async function countComments(options: { db: Database; userId: string | null; chapterId: string; revision?: 'published' | 'current'; now: Date }) {
  const { db, userId, chapterId, now } = options;
  const access = await requireChapterVisible({ db: db.prisma, chapterId, userId, now });
  const { id, which } = revisionFor(access, options.revision);
  return { ...(await countCommentsOnRevision(db.prisma, chapterId, id)), revision: which };
}

/** Counts for live events: on the published revision, which is what readers have open. */
export async function publishedCounts(db: Db, chapterId: string): Promise<PassageCounts | undefined> {
  const chapter = await db.chapter.findUnique({ where: { id: chapterId }, select: { publishedRevisionId: true } });
  return chapter?.publishedRevisionId ? countCommentsOnRevision(db, chapterId, chapter.publishedRevisionId) : undefined;
}
