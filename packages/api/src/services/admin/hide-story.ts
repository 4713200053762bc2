// Hiding a story: readers get 404 (isStoryPublic and its SQL twin check Story.hiddenAt), browse,
// search, feeds and announcements leave it out, and its members still see it, with the reason on
// their dashboard. Un-hiding gives it back to readers unless its owner is suspended.
import type { Database } from '@margins/db';
import { notFound } from '../../errors';
import { inTransaction } from '../transaction';
import { recordAdminAction, type AdminActor } from './audit';
import { SUSPENDED_STORY_REASON, ownerSuspended } from './suspend';

export async function setStoryHidden(options: {
  db: Database;
  actor: AdminActor;
  storyId: string;
  hidden: boolean;
  reason: string;
  now: Date;
}): Promise<{ changed: boolean }> {
  const { db, actor, storyId, hidden, reason, now } = options;
  return inTransaction(db, async (tx) => {
    const story = await tx.prisma.story.findUnique({
      where: { id: storyId },
      select: { id: true, title: true, slug: true, hiddenCause: true },
    });
    if (!story) throw notFound('Story');
    if ((story.hiddenCause === 'admin') === hidden) return { changed: false };
    const data = hidden
      ? { hiddenAt: now, hiddenCause: 'admin' as const, hiddenReason: reason }
      : (await ownerSuspended(tx.prisma, storyId))
        ? { hiddenCause: 'owner_suspended' as const, hiddenReason: SUSPENDED_STORY_REASON }
        : { hiddenAt: null, hiddenCause: null, hiddenReason: null };
    await tx.prisma.story.update({ where: { id: storyId }, data });
    const chapters = await tx.prisma.chapter.findMany({ where: { storyId }, select: { id: true } });
    tx.live.accessChange(chapters.map((c) => c.id));
    await recordAdminAction(tx.prisma, {
      actor,
      action: hidden ? 'story.hide' : 'story.unhide',
      target: { type: 'story', id: story.id, label: `${story.title} (/s/${story.slug})` },
      reason,
      at: now,
    });
    return { changed: true };
  });
}
