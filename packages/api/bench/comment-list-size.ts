// `pnpm --filter @margins/api exec tsx bench/comment-list-size.ts` — what a reader's browser
// fetches for a chapter's threads (comment.list) on the dashboard bench dataset (margins_bench,
// made by `pnpm --filter @margins/api bench`): the busiest chapter and a median story's busiest
// one, anonymous (cached per content version) and signed in (computed per request). The chapter
// page fetches the whole list when it opens and again after every live comment event.
/* eslint-disable no-restricted-properties -- an entry point: it reads its own configuration */
import { openDatabase } from '@margins/db';
import { listComments } from '../src/services/comment/list-comments';

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://margins:margins@127.0.0.1:5432/margins_bench';
const db = await openDatabase({ kind: 'postgres', url });
try {
  const ranked = await db.prisma.$queryRaw<{ chapterId: string; comments: number }[]>`
    SELECT "chapterId", comments FROM "ChapterStat" ORDER BY comments DESC, "chapterId"`;
  const reader = await db.prisma.user.findFirstOrThrow({
    where: { username: { startsWith: 'bench_r' } },
    select: { id: true },
  });
  for (const { chapterId, comments } of [ranked[0]!, ranked[Math.floor(ranked.length / 2)]!]) {
    for (const userId of [null, reader.id]) {
      const call = () => listComments({ db, userId, chapterId, now: new Date() });
      await call();
      const samples: number[] = [];
      let bytes = 0;
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        bytes = JSON.stringify(await call()).length;
        samples.push(performance.now() - t);
      }
      samples.sort((a, b) => a - b);
      console.log(
        `${chapterId} (${comments} counted comments), ${userId ? 'signed in' : 'anonymous'}: median ${samples[2]!.toFixed(1)} ms, ${(bytes / 1e6).toFixed(2)} MB of JSON`,
      );
    }
  }
} finally {
  await db.close();
}
