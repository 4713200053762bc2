// The owner's yes/no switches on a story (its moderation page): one rule for all of them — the
// owner alone flips them, and the new value is what the page shows.
import type { Database } from '@margins/db';
import { OWNER, requireStoryRole } from '../access';

export type StorySwitch = 'guestComments' | 'guestVerdicts' | 'approveFirstComments';

export async function setStorySwitch<K extends StorySwitch>(options: {
  db: Database;
  userId: string;
  storyId: string;
  name: K;
  enabled: boolean;
}): Promise<Record<K, boolean>> {
  const { db, userId, storyId, name, enabled } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: OWNER });
  const row = await db.prisma.story.update({
    where: { id: storyId },
    data: { [name]: enabled },
    select: { guestComments: true, guestVerdicts: true, approveFirstComments: true },
  });
  return { [name]: row[name] } as Record<K, boolean>;
}
