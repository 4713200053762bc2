import type { PlacementMethod } from '@margins/anchoring';
import type { Database } from '@margins/db';
import { requireChapterVisible } from '../access';
import { loadAnchorPassages, storedAnchorSelect } from './anchors';
import { commentDisplay, isEditor, revisionFor, type Viewer } from './comment-access';
import { placementsSelect, placeThreads } from './placement';
import type { CommentType, CommentVisibility } from './create-comment';

export interface CommentView {
  id: string;
  /** null for a removed comment shown only to keep its thread. */
  author: { id: string; username: string; displayName: string | null } | null;
  body: string;
  type: CommentType;
  visibility: CommentVisibility;
  status: 'visible' | 'hidden' | 'deleted' | 'pending';
  mine: boolean;
  editedAt: Date | null;
  createdAt: Date;
}

export interface ThreadView {
  /** The root comment's id. */
  id: string;
  /** Where the thread lands on this revision; start/end are relative to the passage text. */
  passageKey: string | null;
  start: number | null;
  end: number | null;
  method: PlacementMethod;
  score: number;
  /** The quote could not be re-found on this revision: show the thread as outdated. */
  outdated: boolean;
  /** The words it was written on (null = the whole passage). */
  quote: string | null;
  writtenOnRevision: number;
  frozen: boolean;
  root: CommentView;
  replies: CommentView[];
}

export interface CommentList {
  revision: { id: string; number: number; which: 'published' | 'current' };
  threads: ThreadView[];
  viewer: { canModerate: boolean };
}

const PLACEHOLDER = { deleted: '[deleted]', hidden: '[hidden by the author]' } as const;

/**
 * The threads of a chapter placed on the revision the caller reads. Outdated threads are listed
 * (last), never dropped. Removed roots stay as placeholders while they have visible replies.
 */
export async function listComments(options: { db: Database; userId: string | null; chapterId: string; revision?: 'published' | 'current'; now: Date }): Promise<CommentList> {
  const { db, userId, chapterId, now } = options;
  const access = await requireChapterVisible({ db: db.prisma, chapterId, userId, now });
  const viewer: Viewer = { userId, role: access.role };
  const { id: revisionId, which } = revisionFor(access, options.revision);

  const author = { select: { id: true, username: true, displayName: true } } as const;
  const fields = { id: true, authorId: true, body: true, type: true, visibility: true, status: true, betaRoundId: true, editedAt: true, createdAt: true, author } as const;
  const [revision, roots] = await Promise.all([
    db.prisma.chapterRevision.findUniqueOrThrow({ where: { id: revisionId }, select: { id: true, number: true } }),
    db.prisma.inlineComment.findMany({
      // Beta-round feedback is never listed here (it stays with its round).
      where: { chapterId, parentId: null, betaRoundId: null },
      orderBy: { createdAt: 'asc' },
      select: {
        ...fields, ...storedAnchorSelect, revisionId: true, frozen: true,
        revision: { select: { number: true } },
        placements: placementsSelect(revisionId),
        replies: { orderBy: { createdAt: 'asc' }, select: fields },
      },
    }),
  ]);

  type Row = Pick<(typeof roots)[number], keyof typeof fields>;
  const view = (c: Row, shown: boolean): CommentView => ({
    id: c.id,
    author: shown ? c.author : null,
    body: shown ? c.body : PLACEHOLDER[c.status === 'hidden' ? 'hidden' : 'deleted'],
    type: c.type,
    visibility: c.visibility,
    status: c.status,
    mine: userId !== null && c.authorId === userId,
    editedAt: shown ? c.editedAt : null,
    createdAt: c.createdAt,
  });

  const kept: { root: (typeof roots)[number]; view: ThreadView['root']; replies: CommentView[] }[] = [];
  for (const root of roots) {
    const display = commentDisplay(root, viewer);
    if (display === 'none') continue;
    const replies = root.replies.filter((r) => commentDisplay(r, viewer) === 'show').map((r) => view(r, true));
    if (display === 'placeholder' && replies.length === 0) continue;
    kept.push({ root, view: view(root, display === 'show'), replies });
  }

  const passages = kept.length ? await loadAnchorPassages(db.prisma, revisionId) : [];
  const placed = placeThreads(kept.map((k) => k.root), revisionId, passages);
  const order = new Map(passages.map((p, i) => [p.key, i]));
  const threads: ThreadView[] = kept.map(({ root, view: rootView, replies }) => {
    const p = placed.get(root.id)!;
    return {
      id: root.id,
      passageKey: p.passageKey,
      start: p.start,
      end: p.end,
      method: p.method,
      score: p.score,
      outdated: p.outdated,
      quote: root.quote,
      writtenOnRevision: root.revision.number,
      frozen: root.frozen,
      root: rootView,
      replies,
    };
  });
  // Reading order; outdated threads after the placed ones (the sort is stable: oldest first).
  const rank = (t: ThreadView) => (t.passageKey === null || t.outdated ? Number.MAX_SAFE_INTEGER : (order.get(t.passageKey) ?? Number.MAX_SAFE_INTEGER - 1));
  threads.sort((a, b) => rank(a) - rank(b) || (a.start ?? 0) - (b.start ?? 0));
  return { revision: { ...revision, which }, threads, viewer: { canModerate: isEditor(access.role) } };
}
