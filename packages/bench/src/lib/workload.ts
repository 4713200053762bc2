// The reader-and-commenter workload of `pnpm test:load`, shared with `pnpm test:scale`: readers
// open chapter pages and fetch comment threads in a loop; commenters post an inline comment at
// the API's allowance (10 a minute each) and read between posts. Every request is timed into
// `samples`; every acknowledged comment id is kept so the run can look for it afterwards.
import type { Database } from '@margins/db';
import { sessionTokens, sleep, timedFetch, trpcData, trpcGet, trpcPost, type Sample } from './client';
import { makeUsers, publicStory, type StoryData } from './fixture';
import { ms, stats } from './stats';

export interface Workload {
  story: StoryData;
  tokens: string[];
  passageKeys: Map<string, string[]>;
}

/** A public story (3 chapters of 3,000 words) and `commenters` signed-in users. */
export async function seedWorkload(db: Database, prefix: string, commenters: number): Promise<Workload> {
  const story = await publicStory(db, { prefix, chapters: 3, words: 3000 });
  const users = await makeUsers(db, `${prefix}_c`, commenters);
  const tokens = await sessionTokens(
    db,
    users.map((u) => u.username),
  );
  const passageKeys = new Map<string, string[]>();
  for (const chapterId of story.chapterIds) {
    const { publishedRevisionId } = await db.prisma.chapter.findUniqueOrThrow({
      where: { id: chapterId },
      select: { publishedRevisionId: true },
    });
    passageKeys.set(
      chapterId,
      (
        await db.prisma.passage.findMany({
          where: { revisionId: publishedRevisionId!, kind: 'text' },
          select: { key: true },
        })
      ).map((p) => p.key),
    );
  }
  return { story, tokens, passageKeys };
}

export interface RunResult {
  samples: Sample[];
  acknowledged: string[];
  rateLimited: number;
  elapsed: number;
}

/**
 * Runs `readers` readers and `commenters` commenters until `seconds` have passed. `origin(i)`
 * says where worker i sends its requests (one server, or one of several instances or a proxy).
 */
export async function runWorkload(
  w: Workload,
  options: { seconds: number; readers: number; commenters: number; origin: (worker: number) => string },
): Promise<RunResult> {
  const { story, tokens, passageKeys } = w;
  const samples: Sample[] = [];
  const acknowledged: string[] = [];
  let rateLimited = 0;
  const deadline = Date.now() + options.seconds * 1000;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!;

  async function reader(worker: number) {
    const origin = options.origin(worker);
    while (Date.now() < deadline) {
      const n = 1 + Math.floor(Math.random() * story.chapterIds.length);
      await timedFetch('chapter page', `${origin}/s/${story.slug}/${n}`, {}, samples);
      if (Date.now() >= deadline) break;
      await timedFetch(
        'comment.list',
        ...trpcGet(origin, 'comment.list', { chapterId: story.chapterIds[n - 1] }),
        samples,
      );
    }
  }

  async function commenter(i: number, worker: number) {
    const origin = options.origin(worker);
    const token = tokens[i % tokens.length]!;
    let next = Date.now() + Math.random() * 6000;
    while (Date.now() < deadline) {
      if (Date.now() >= next) {
        const chapterId = pick(story.chapterIds);
        const { sample, body } = await timedFetch(
          'comment.create',
          ...trpcPost(
            origin,
            'comment.create',
            {
              chapterId,
              passageKey: pick(passageKeys.get(chapterId)!),
              body: `Load comment ${i}-${Date.now()}`,
              type: 'reaction',
            },
            token,
          ),
          samples,
        );
        if (sample.status === 200) acknowledged.push(trpcData<{ id: string }>(body).id);
        if (sample.status === 429) rateLimited += 1;
        next = Date.now() + 6100; // the API allows 10 comments a minute per user
      } else {
        await timedFetch(
          'chapter page (commenter)',
          `${origin}/s/${story.slug}/1`,
          { headers: { cookie: `margins_session=${token}` } },
          samples,
        );
        await sleep(Math.min(1000, Math.max(0, next - Date.now())));
      }
    }
  }

  const t0 = Date.now();
  await Promise.all([
    ...Array.from({ length: options.readers }, (_, i) => reader(i)),
    ...Array.from({ length: options.commenters }, (_, i) => commenter(i, options.readers + i)),
  ]);
  return { samples, acknowledged, rateLimited, elapsed: (Date.now() - t0) / 1000 };
}

/** p50/p99/max and status counts per request kind, and for all requests, as the docs' tables show them. */
export function summarize(samples: readonly Sample[]) {
  const kinds = [...new Set(samples.map((s) => s.kind))];
  const byKind: KindRow[] = kinds.map((kind) => {
    const s = samples.filter((x) => x.kind === kind);
    const st = stats(s.map((x) => x.ms));
    return {
      kind,
      count: s.length,
      p50: st.p50,
      p99: st.p99,
      max: st.max,
      s5xx: s.filter((x) => x.status >= 500).length,
      failed: s.filter((x) => x.status === 0).length,
      s4xx: s.filter((x) => x.status >= 400 && x.status < 500).length,
    };
  });
  const all = stats(samples.map((x) => x.ms));
  const fivexx = samples.filter((x) => x.status >= 500).length;
  const failed = samples.filter((x) => x.status === 0);
  return { byKind, all, fivexx, failed };
}

/** The Markdown table of `summarize`'s rows. */
export function kindTable(summary: ReturnType<typeof summarize>, elapsed: number, count: number): string[] {
  const { byKind, all, fivexx, failed } = summary;
  return [
    '| request | count | p50 | p99 | max | 4xx | 5xx | dropped |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...byKind.map(
      (k) =>
        `| ${k.kind} | ${k.count} | ${ms(k.p50)} ms | ${ms(k.p99)} ms | ${ms(k.max)} ms | ${k.s4xx} | ${k.s5xx} | ${k.failed} |`,
    ),
    `| **all** | ${count} (${(count / elapsed).toFixed(0)}/s) | ${ms(all.p50)} ms | ${ms(all.p99)} ms | ${ms(all.max)} ms | | ${fivexx} | ${failed.length} |`,
  ];
}

export interface KindRow {
  kind: string;
  count: number;
  p50: number;
  p99: number;
  max: number;
  s4xx: number;
  s5xx: number;
  failed: number;
}
