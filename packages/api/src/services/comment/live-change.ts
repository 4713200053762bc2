// What a live comment event carries about its thread, so that a listener updates its page
// without refetching the chapter (docs/comments.md, "Live updates that carry the change"):
// where the thread lands on the published revision, that passage's new count, and — for a new
// public thread — the words it is on. Only what anyone reading the chapter may see: nothing for
// a private or pending thread (its place would tell where a private note sits). Bodies never
// travel: a NOTIFY payload is capped at 8,000 bytes and a comment may be 5,000 characters; a
// listener with the thread open fetches that one thread.
import type { Database } from '@margins/db';
import { revisionText } from '../reading/revision-text';
import { authorSuspendedSelect, commentDisplay, withAuthorSuspended } from '../access';
import { passageCount } from './count-comments';
import { placeThreads, placementsSelect } from './placement';

export interface LiveThreadChange {
  /** Where the thread lands on the published revision (absent: outdated, private, or none published). */
  passageKey?: string;
  /** Public visible comments on that passage after the change. */
  count?: number;
  /** A new public thread's words on that passage (passage-relative). */
  span?: [number, number];
}

export async function liveThreadChange(
  db: Database,
  options: { chapterId: string; threadId: string; publishedRevisionId: string | null; newThread?: boolean },
): Promise<LiveThreadChange> {
  const { chapterId, threadId, publishedRevisionId } = options;
  if (!publishedRevisionId) return {};
  const found = await db.prisma.inlineComment.findUnique({
    where: { id: threadId },
    select: {
      id: true,
      revisionId: true,
      passageKey: true,
      quote: true,
      prefix: true,
      suffix: true,
      startOffset: true,
      endOffset: true,
      authorId: true,
      visibility: true,
      status: true,
      betaRoundId: true,
      placements: placementsSelect(publishedRevisionId),
      ...authorSuspendedSelect,
    },
  });
  const root = found && withAuthorSuspended(found);
  if (!root || commentDisplay(root, { userId: null, role: null }) === 'none') return {};
  const passages = async () => (await revisionText(db, publishedRevisionId)).anchorPassages;
  const placed = placeThreads(
    [{ ...root, placements: root.placements.map((p) => ({ ...p, score: Number(p.score) })) }],
    publishedRevisionId,
    await passages(),
  ).get(root.id);
  if (!placed || placed.outdated || placed.passageKey === null) return {};
  const count = await passageCount(db.prisma, chapterId, publishedRevisionId, placed.passageKey, passages);
  const span: [number, number] | undefined =
    options.newThread && root.status === 'visible' && placed.start !== null && placed.end !== null
      ? [placed.start, placed.end]
      : undefined;
  return { passageKey: placed.passageKey, count, ...(span ? { span } : {}) };
}
