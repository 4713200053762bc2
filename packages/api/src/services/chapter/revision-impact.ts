// What saving a parsed upload as the chapter's next revision would do to readers' feedback,
// computed with the same plan that saving writes (comment/reanchor-comments.ts), so the
// preview's "N stay, M move, K become outdated" is what the save then does.
import type { ParsedChapter, Passage } from '@margins/segments';
import { toMarkup } from '@margins/segments';
import type { Db } from '../access';
import { planChapterReanchor, type PlannedPlacement } from '../comment/reanchor-comments';
import { diffMarkup, type MarkupDiff } from './diff-revisions';
import { textPassages } from './store-revision';

export interface FeedbackImpact {
  /** Comments (replies included) that stay where they are: same passage, same words. */
  stay: number;
  /** Found again after an edit or a move (the words changed a little, or moved). */
  move: number;
  /** Placed now, not found on the new revision: they go to the outdated tray. */
  outdated: number;
  /** Already outdated and still not found. */
  stillOutdated: number;
  /** Outdated now and found again on the new revision. */
  restored: number;
}

export function countImpact(plan: PlannedPlacement[]): FeedbackImpact {
  const impact: FeedbackImpact = { stay: 0, move: 0, outdated: 0, stillOutdated: 0, restored: 0 };
  for (const { placement, wasPlaced } of plan) {
    const found = placement.method !== 'orphaned';
    if (!wasPlaced) impact[found ? 'restored' : 'stillOutdated']++;
    else if (!found) impact.outdated++;
    else impact[placement.method === 'exact' ? 'stay' : 'move']++;
  }
  return impact;
}

export interface RevisionImpact {
  /** The current revision's number (null when the chapter has none). */
  from: number | null;
  diff: MarkupDiff;
  feedback: FeedbackImpact;
}

/** The diff against the current revision and the feedback impact; writes nothing. */
export async function revisionImpact(options: {
  db: Db;
  chapterId: string;
  currentRevisionId: string | null;
  chapter: ParsedChapter;
}): Promise<RevisionImpact> {
  const { db, chapterId, currentRevisionId, chapter } = options;
  const current = currentRevisionId
    ? await db.chapterRevision.findUnique({
        where: { id: currentRevisionId },
        select: {
          number: true,
          markup: true,
          segments: { select: { passages: { select: { key: true, hash: true } } } },
        },
      })
    : null;
  const plan = await planChapterReanchor({
    tx: db,
    chapterId,
    previousRevisionId: currentRevisionId,
    nextPassages: textPassages(chapter),
  });
  const nextPassages: Pick<Passage, 'key' | 'hash'>[] = chapter.segments.flatMap((s) => s.passages);
  return {
    from: current?.number ?? null,
    diff: diffMarkup(
      { markup: current?.markup ?? '', passages: current?.segments.flatMap((s) => s.passages) ?? [] },
      { markup: toMarkup(chapter), passages: nextPassages },
    ),
    feedback: countImpact(plan),
  };
}
