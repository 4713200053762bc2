// Which revisions readers have been able to read: `ChapterRevision.publicAt`, the first moment a
// revision was the published revision of a live chapter of a public story. Readers see the words
// of a comment written on a revision only once that moment has passed (comment/draft-words.ts):
// a reader's typo comment keeps its quote after the author fixes the typo, but a member's comment
// on an unpublished draft never shows the draft's words.
//
// Recorded after every change that can make a revision readable or stop a pending one from ever
// becoming so — publishing, scheduling or unpublishing a chapter, publishing or unpublishing the
// story — in the same transaction. A moment already past is never moved or cleared (those words
// were public); a future one (a scheduled chapter) follows the schedule, and is cleared when the
// schedule is cancelled or the story turns private before it comes due.
import { isStoryPublic, type Db } from '../access';

export async function recordPublicRevisions(db: Db, storyId: string, now: Date): Promise<void> {
  const story = await db.story.findUniqueOrThrow({
    where: { id: storyId },
    select: {
      visibility: true,
      publishedAt: true,
      hiddenAt: true,
      chapters: { select: { status: true, publishAt: true, publishedRevisionId: true } },
    },
  });
  // When each chapter's published revision becomes readable, if it does.
  const readable = new Map<string, Date>();
  if (isStoryPublic(story)) {
    for (const c of story.chapters) {
      if (!c.publishedRevisionId) continue;
      if (c.status === 'published') readable.set(c.publishedRevisionId, now);
      else if (c.status === 'scheduled' && c.publishAt) readable.set(c.publishedRevisionId, c.publishAt);
    }
  }
  const unsetOrPending = { OR: [{ publicAt: null }, { publicAt: { gt: now } }] };
  // Grouped by moment: every chapter published now shares one update.
  const byMoment = new Map<number, string[]>();
  for (const [id, at] of readable) byMoment.set(at.getTime(), [...(byMoment.get(at.getTime()) ?? []), id]);
  for (const [at, ids] of byMoment) {
    await db.chapterRevision.updateMany({
      where: { id: { in: ids }, ...unsetOrPending },
      data: { publicAt: new Date(at) },
    });
  }
  // A pending moment that no longer comes (unscheduled, unpublished, story made private).
  await db.chapterRevision.updateMany({
    where: { chapter: { storyId }, publicAt: { gt: now }, id: { notIn: [...readable.keys()] } },
    data: { publicAt: null },
  });
}
