// Feedback as a to-do list: the story's editors mark critiques (type critique or typo, public or
// private) and beta-round feedback (any type) accepted, resolved or dismissed while revising.
//   open      not looked at yet;
//   accepted  agreed, still to be done — so "still open" counts open + accepted;
//   resolved  done in the text;   dismissed  will not be done.
// The state lives on the thread's root (InlineComment.resolution / resolvedById / resolvedAt).
import type { PlacementMethod } from '@margins/anchoring';
import type { Database, Prisma } from '@margins/db';
import { ServiceError, notFound } from '../../errors';
import {
  EDITORS,
  requireChapterRole,
  requireChapterVisible,
  authorSuspendedSelect,
  commentDisplay,
  withAuthorSuspended,
} from '../access';
import { loadAnchorPassages, storedAnchorSelect } from '../comment/anchors';
import { placementsSelect, placeThreads } from '../comment/placement';

export type Resolution = 'open' | 'accepted' | 'resolved' | 'dismissed';
const ORDER: readonly Resolution[] = ['open', 'accepted', 'resolved', 'dismissed'];

/** What goes on the to-do list: critiques and typos, and everything said in a beta round. */
export const todoWhere = {
  parentId: null,
  status: { not: 'deleted' },
  OR: [{ type: { in: ['critique', 'typo'] } }, { betaRoundId: { not: null } }],
} satisfies Prisma.InlineCommentWhereInput;

export interface TodoItem {
  id: string;
  type: 'reaction' | 'critique' | 'typo';
  /** Where it was said: a public comment, a private note, or a beta round. */
  source: 'public' | 'private' | 'beta';
  betaRoundId: string | null;
  body: string;
  quote: string | null;
  author: { username: string; displayName: string | null };
  writtenOnRevision: number;
  resolution: Resolution;
  resolvedBy: { username: string } | null;
  resolvedAt: Date | null;
  createdAt: Date;
  /** Where it lands on the current revision (re-anchored); outdated when its words are gone. */
  landsOn: {
    passageKey: string | null;
    start: number | null;
    end: number | null;
    method: PlacementMethod;
    outdated: boolean;
    passageText: string | null;
  };
}

export interface TodoList {
  chapter: { id: string; title: string; storyId: string };
  revision: { id: string; number: number } | null;
  counts: Record<Resolution, number> & { stillOpen: number };
  items: TodoItem[];
}

export async function feedbackTodo(options: {
  db: Database;
  userId: string;
  chapterId: string;
  now: Date;
}): Promise<TodoList> {
  const { db, userId, chapterId, now } = options;
  const { chapter } = await requireChapterRole({ db: db.prisma, chapterId, userId, now, roles: EDITORS });
  const counts = { open: 0, accepted: 0, resolved: 0, dismissed: 0, stillOpen: 0 };
  const head = { id: chapter.id, title: chapter.title, storyId: chapter.storyId };
  const revisionId = chapter.currentRevisionId;
  if (!revisionId) return { chapter: head, revision: null, counts, items: [] };

  const [revision, roots, passages] = await Promise.all([
    db.prisma.chapterRevision.findUniqueOrThrow({
      where: { id: revisionId },
      select: { id: true, number: true },
    }),
    db.prisma.inlineComment.findMany({
      where: { chapterId, ...todoWhere },
      orderBy: { createdAt: 'asc' },
      select: {
        id: true,
        revisionId: true,
        ...storedAnchorSelect,
        body: true,
        type: true,
        visibility: true,
        betaRoundId: true,
        resolution: true,
        resolvedAt: true,
        createdAt: true,
        author: { select: { username: true, displayName: true } },
        resolvedBy: { select: { username: true } },
        revision: { select: { number: true } },
        placements: placementsSelect(revisionId),
      },
    }),
    loadAnchorPassages(db.prisma, revisionId),
  ]);
  const placed = placeThreads(roots, revisionId, passages);
  const text = new Map(passages.map((p, i) => [p.key, { text: p.text, i }]));
  const items = roots.map((r): TodoItem => {
    const p = placed.get(r.id)!;
    return {
      id: r.id,
      type: r.type,
      source: r.betaRoundId ? 'beta' : r.visibility,
      betaRoundId: r.betaRoundId,
      body: r.body,
      quote: r.quote,
      author: r.author,
      writtenOnRevision: r.revision.number,
      resolution: r.resolution,
      resolvedBy: r.resolvedBy,
      resolvedAt: r.resolvedAt,
      createdAt: r.createdAt,
      landsOn: {
        passageKey: p.passageKey,
        start: p.start,
        end: p.end,
        method: p.method,
        outdated: p.outdated,
        passageText: p.passageKey ? (text.get(p.passageKey)?.text ?? null) : null,
      },
    };
  });
  for (const item of items) counts[item.resolution] += 1;
  counts.stillOpen = counts.open + counts.accepted;
  // Still-open work first, then in reading order (outdated last within each group).
  const rank = (t: TodoItem) =>
    t.landsOn.outdated || !t.landsOn.passageKey
      ? Number.MAX_SAFE_INTEGER
      : (text.get(t.landsOn.passageKey)?.i ?? Number.MAX_SAFE_INTEGER);
  items.sort(
    (a, b) =>
      ORDER.indexOf(a.resolution) - ORDER.indexOf(b.resolution) ||
      rank(a) - rank(b) ||
      (a.landsOn.start ?? 0) - (b.landsOn.start ?? 0),
  );
  return { chapter: head, revision, counts, items };
}

/** Editors only. A comment the caller cannot see is not_found; one they see but may not triage is forbidden. */
export async function setResolution(options: {
  db: Database;
  userId: string;
  commentId: string;
  resolution: Resolution;
  now: Date;
}): Promise<{ id: string; resolution: Resolution; stillOpen: number }> {
  const { db, userId, commentId, resolution, now } = options;
  const found = await db.prisma.inlineComment.findUnique({
    where: { id: commentId },
    select: {
      id: true,
      chapterId: true,
      authorId: true,
      parentId: true,
      type: true,
      visibility: true,
      status: true,
      betaRoundId: true,
      ...authorSuspendedSelect,
    },
  });
  if (!found) throw notFound('Comment');
  const comment = withAuthorSuspended(found);
  const access = await requireChapterVisible({
    db: db.prisma,
    chapterId: comment.chapterId,
    userId,
    now,
  }).catch(() => null);
  const editor = !!access?.role && EDITORS.includes(access.role);
  if (!editor) {
    // Round feedback exists only for the editors and its author (who still may not triage it).
    const seen =
      access !== null &&
      (comment.betaRoundId
        ? comment.authorId === userId
        : commentDisplay(comment, { userId, role: access.role }) === 'show');
    if (!seen) throw notFound('Comment');
    throw new ServiceError(
      'forbidden',
      'Only the story’s authors can mark feedback accepted, resolved or dismissed.',
    );
  }
  if (comment.status === 'deleted') throw notFound('Comment');
  if (comment.parentId !== null || (comment.type === 'reaction' && comment.betaRoundId === null)) {
    throw new ServiceError(
      'invalid',
      'Only critiques, typos and beta feedback go on the to-do list (thread roots only).',
    );
  }
  await db.prisma.inlineComment.update({
    where: { id: commentId },
    data:
      resolution === 'open'
        ? { resolution, resolvedById: null, resolvedAt: null }
        : { resolution, resolvedById: userId, resolvedAt: now },
  });
  const stillOpen = await db.prisma.inlineComment.count({
    where: { chapterId: comment.chapterId, ...todoWhere, resolution: { in: ['open', 'accepted'] } },
  });
  return { id: commentId, resolution, stillOpen };
}
