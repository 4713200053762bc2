import type { Database } from '@margins/db';
import type { MemberRole } from '../access';
import { storySummarySelect, toStorySummary, type StorySummary } from './story-summary';

/** Stories the user is a member of, drafts included, most recently updated first. */
export async function listMyStories(options: {
  db: Database;
  userId: string;
  now: Date;
}): Promise<(StorySummary & { myRole: MemberRole })[]> {
  const { db, userId, now } = options;
  const rows = await db.prisma.storyMember.findMany({
    where: { userId },
    select: { role: true, story: { select: storySummarySelect } },
    orderBy: { story: { updatedAt: 'desc' } },
  });
  return rows.map((r) => ({ ...toStorySummary(r.story, now), myRole: r.role }));
}
