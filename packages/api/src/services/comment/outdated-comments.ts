import type { Database } from '@margins/db';
import { EDITORS, requireChapterRole } from '../access';
import { loadAnchorPassages, storedAnchorSelect } from './anchors';
import { placementsSelect, placeThreads } from './placement';

export interface OutdatedComment {
  id: string;
  quote: string | null;
  /** The passage it was written on (that key is gone or its words were rewritten). */
  passageKey: string;
  /**
   * That passage's text on the revision the comment was written on, so the author sees what the
   * comment was about before answering or removing it (editors may read every revision).
   */
  passageText: string | null;
  body: string;
  type: 'reaction' | 'critique' | 'typo';
  visibility: 'public' | 'private';
  status: 'visible' | 'hidden' | 'deleted' | 'pending';
  author: { username: string; displayName: string | null };
  writtenOnRevision: number;
  /** Best rejected candidate's score (diagnostics). */
  score: number;
  replyCount: number;
  createdAt: Date;
}

/** For the chapter's editors: threads whose words could not be re-found on the current revision. */
export async function listOutdatedComments(options: {
  db: Database;
  userId: string;
  chapterId: string;
  now: Date;
}): Promise<{ revision: { id: string; number: number }; comments: OutdatedComment[] }> {
  const { db, userId, chapterId, now } = options;
  const { chapter } = await requireChapterRole({ db: db.prisma, chapterId, userId, now, roles: EDITORS });
  const revisionId = chapter.currentRevisionId;
  if (!revisionId) return { revision: { id: '', number: 0 }, comments: [] };
  const [revision, roots] = await Promise.all([
    db.prisma.chapterRevision.findUniqueOrThrow({
      where: { id: revisionId },
      select: { id: true, number: true },
    }),
    db.prisma.inlineComment.findMany({
      where: { chapterId, parentId: null, status: { not: 'deleted' }, betaRoundId: null },
      orderBy: { createdAt: 'asc' },
      select: {
        id: true,
        revisionId: true,
        ...storedAnchorSelect,
        body: true,
        type: true,
        visibility: true,
        status: true,
        createdAt: true,
        author: { select: { username: true, displayName: true } },
        revision: { select: { number: true } },
        placements: placementsSelect(revisionId),
        _count: { select: { replies: { where: { status: { not: 'deleted' } } } } },
      },
    }),
  ]);
  const placed = placeThreads(
    roots,
    revisionId,
    roots.length ? await loadAnchorPassages(db.prisma, revisionId) : [],
  );
  const outdated = roots.filter((r) => placed.get(r.id)?.outdated);
  // One query for every outdated comment's passage, however many revisions they were written on.
  const passages = outdated.length
    ? await db.prisma.passage.findMany({
        where: {
          revisionId: { in: [...new Set(outdated.map((r) => r.revisionId))] },
          key: { in: [...new Set(outdated.map((r) => r.passageKey))] },
        },
        select: { revisionId: true, key: true, text: true },
      })
    : [];
  const textOf = new Map(passages.map((p) => [`${p.revisionId} ${p.key}`, p.text]));
  const comments = outdated.map((r) => ({
    id: r.id,
    quote: r.quote,
    passageKey: r.passageKey,
    passageText: textOf.get(`${r.revisionId} ${r.passageKey}`) ?? null,
    body: r.body,
    type: r.type,
    visibility: r.visibility,
    status: r.status,
    author: r.author,
    writtenOnRevision: r.revision.number,
    score: placed.get(r.id)!.score,
    replyCount: r._count.replies,
    createdAt: r.createdAt,
  }));
  return { revision, comments };
}
