// Subscriptions' background work (services/follow/announce.ts): announce chapters as they come
// out, find scheduled chapters that came due, and send the daily digest.
import type { Database } from '@margins/db';
import type { Schedule, TaskHandler } from '@margins/jobs';
import {
  ANNOUNCE_TASK,
  DIGEST_TASK,
  DUE_TASK,
  announceChapter,
  enqueueDueAnnouncements,
  sendDigests,
} from '../services/follow/announce';

export function follow(options: { db: Database; now: () => Date; siteUrl: string }): {
  tasks: Record<string, TaskHandler>;
  schedules: Schedule[];
} {
  const { db, now, siteUrl } = options;
  const announce: TaskHandler = async (payload) => {
    await announceChapter({
      db,
      now: now(),
      siteUrl,
      chapterId: (payload as { chapterId: string }).chapterId,
    });
  };
  const due: TaskHandler = async () => {
    await enqueueDueAnnouncements(db, now());
  };
  const digest: TaskHandler = async () => {
    await sendDigests({ db, now: now(), siteUrl });
  };
  return {
    tasks: { [ANNOUNCE_TASK]: announce, [DUE_TASK]: due, [DIGEST_TASK]: digest },
    // A scheduled chapter is announced within a minute of its time; the digest once per UTC day.
    schedules: [
      { task: DUE_TASK, everySeconds: 60 },
      { task: DIGEST_TASK, everySeconds: 86_400 },
    ],
  };
}
