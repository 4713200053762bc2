// A worker in its own process, for the kill -9 test: argv = database URL, task name, lease seconds.
// Its handler records the run, announces it on stdout, and for the first run never finishes (so
// the process can be killed mid-job); the record is idempotent, as handlers must be.
import { openDatabase } from '@margins/db';
import { createWorker } from '../src/index';

const [url, task, lease] = process.argv.slice(2) as [string, string, string];
const db = await openDatabase({ kind: 'postgres', url });
const worker = createWorker(db, {
  leaseSeconds: Number(lease),
  pollIntervalMs: 100,
  tasks: {
    [task]: async (payload, ctx) => {
      const { effect } = payload as { effect: string };
      console.log(`started ${ctx.id} attempt ${ctx.attempt}`);
      // The job's effect, written idempotently: a second run after a crash changes nothing.
      await db.prisma
        .$executeRaw`INSERT INTO "RateLimit" ("key", "count", "windowStart") VALUES (${effect}, 1, now()) ON CONFLICT DO NOTHING`;
      if (ctx.attempt === 1) await new Promise(() => {});
      console.log(`finished ${ctx.id}`);
    },
  },
});
worker.start();
// The worker's timer does not hold the process open (in the app the HTTP server does).
setInterval(() => {}, 1 << 30);
console.log('ready');
