// `pnpm --filter @margins/bench bench:guests` — what guests' side requests cost the chapter page
// (issue 19: "the read beacon and the guest verdict at 500 requests/s add at most 10 % to the
// chapter page's cost"). The production build on PostgreSQL (database margins_perf_guests,
// recreated); the anonymous chapter page (page cache on) loaded by autocannon with 50 connections,
// alone, then with 500 requests/s of guest side traffic beside it, in the mix a guest's page view
// makes: the read beacon (read.gif, once per view) and the verdict lookup (GET …/verdict, once per
// view with JavaScript), plus a verdict posted for one view in twenty (a new browser each time, so
// each one is counted and makes the cached page stale). Every side request comes from its own
// address (X-Forwarded-For, trusted for the run) with a browser's user agent, so beacons are counted
// as reads and verdicts are not stopped by the per-address limit. Rounds alternate; the ratio is
// of medians. Options: --no-build, --seconds N per phase, --rounds N.
/* eslint-disable no-restricted-properties -- an entry point: it reads its own configuration */
import autocannon from 'autocannon';
import { freshDatabase, settle } from './lib/database';
import { machineLine } from './lib/docs';
import { inlineComments, publicStory } from './lib/fixture';
import { buildWeb, runHttpBenchCommand, startWeb } from './lib/server';
import { stats, type Stats } from './lib/stats';

const BASE = process.env.BENCH_PG_URL ?? 'postgres://margins:margins@127.0.0.1:5432/postgres';
const PORT = Number(process.env.BENCH_PORT ?? 4311);
const CONNECTIONS = 50;
/** Guests' side requests per second, all kinds together. */
const SIDE_RATE = 500;
/** Per guest page view: one beacon, one verdict lookup, and a posted verdict for one view in this many. */
const VIEWS_PER_VERDICT = 20;
const TARGET = 0.1;
const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

export interface GuestTrafficResult {
  alone: Stats;
  withGuests: Stats;
  /** Side requests actually served per second during the mixed phases (median), and their failures. */
  sideRps: Stats;
  sideNon2xx: number;
  pageNon2xx: number;
  /** The chapter page's x-margins-cache header after the runs ('hit' = served from the page cache). */
  cache: string;
  /** Chapter page throughput with guests / alone. */
  ratio: number;
  /** alone / withGuests − 1: what guests add to each chapter page's cost. */
  added: number;
  target: number;
  met: boolean;
  seconds: number;
  rounds: number;
  mix: { beacon: number; lookup: number; post: number };
}

let address = 0;
/** A new client address per request (10.x.y.z), so each side request is its own guest. */
function nextAddress(): string {
  address++;
  return `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;
}

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ timeout: 30, ...options }, (err, result) => (err ? reject(err as Error) : resolve(result)));
  });
}

export async function benchGuestTraffic(options: {
  build: boolean;
  seconds: number;
  rounds: number;
}): Promise<GuestTrafficResult> {
  buildWeb(!options.build);
  const { url, db } = await freshDatabase(BASE, 'margins_perf_guests');
  console.log('guest-traffic: seeding a 10,000-word chapter and 200 comments…');
  const story = await publicStory(db, { prefix: 'gt', chapters: 1, words: 10_000 });
  await inlineComments(db, { prefix: 'gt', chapterId: story.chapterIds[0]!, count: 200 });
  await db.close();
  await settle(url);

  // Beacon : lookup : post = 20 : 20 : 1 of the 500 requests/s.
  const parts = 2 * VIEWS_PER_VERDICT + 1;
  const mix = {
    beacon: Math.round((SIDE_RATE * VIEWS_PER_VERDICT) / parts),
    lookup: Math.round((SIDE_RATE * VIEWS_PER_VERDICT) / parts),
    post: Math.max(1, Math.round(SIDE_RATE / parts)),
  };
  const server = await startWeb({
    port: PORT,
    databaseUrl: url,
    extraEnv: { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' },
  });
  const alone: number[] = [];
  const mixed: number[] = [];
  const side: number[] = [];
  let sideNon2xx = 0;
  let pageNon2xx = 0;
  let cache = '';
  try {
    const path = `/s/${story.slug}/1`;
    const page = `${server.origin}${path}`;
    const probe = await fetch(page);
    if (probe.status !== 200 || !(await probe.text()).includes('Mark'))
      throw new Error(`the chapter page answered ${probe.status}`);
    const asGuest = (extra: Record<string, string> = {}) => ({
      setupRequest: (req: autocannon.Request) => ({
        ...req,
        headers: { ...req.headers, 'user-agent': BROWSER, 'x-forwarded-for': nextAddress(), ...extra },
      }),
    });
    const sideTraffic = (seconds: number) =>
      Promise.all([
        run({
          url: `${server.origin}${path}/read.gif`,
          connections: 10,
          overallRate: mix.beacon,
          duration: seconds,
          requests: [asGuest()],
        }),
        run({
          url: `${server.origin}${path}/verdict`,
          connections: 10,
          overallRate: mix.lookup,
          duration: seconds,
          requests: [asGuest()],
        }),
        run({
          url: `${server.origin}${path}?/verdict`,
          connections: 2,
          overallRate: mix.post,
          duration: seconds,
          requests: [
            {
              method: 'POST',
              body: 'verdict=yay',
              ...asGuest({
                'content-type': 'application/x-www-form-urlencoded',
                origin: server.origin,
                'x-sveltekit-action': 'true',
              }),
            },
          ],
        }),
      ]);
    const pageLoad = (seconds: number) => run({ url: page, connections: CONNECTIONS, duration: seconds });
    // Warm-up: both kinds once.
    await Promise.all([pageLoad(3), sideTraffic(3)]);
    for (let i = 0; i < options.rounds; i++) {
      for (const phase of i % 2 ? (['mixed', 'alone'] as const) : (['alone', 'mixed'] as const)) {
        if (phase === 'alone') {
          const r = await pageLoad(options.seconds);
          alone.push(r.requests.total / r.duration);
          pageNon2xx += r.non2xx;
          console.log(
            `guest-traffic: round ${i + 1} alone: ${(r.requests.total / r.duration).toFixed(0)} req/s`,
          );
        } else {
          const [r, sides] = await Promise.all([pageLoad(options.seconds), sideTraffic(options.seconds)]);
          mixed.push(r.requests.total / r.duration);
          pageNon2xx += r.non2xx;
          const served = sides.reduce((n, s) => n + s.requests.total / s.duration, 0);
          side.push(served);
          sideNon2xx += sides.reduce((n, s) => n + s.non2xx, 0);
          console.log(
            `guest-traffic: round ${i + 1} with guests: ${(r.requests.total / r.duration).toFixed(0)} req/s, side ${served.toFixed(0)} req/s (non-2xx ${sides.map((s) => s.non2xx).join('/')})`,
          );
        }
      }
    }
    await fetch(page);
    cache = (await fetch(page)).headers.get('x-margins-cache') ?? '';
  } finally {
    await server.stop();
  }
  const a = stats(alone);
  const m = stats(mixed);
  const ratio = m.median / a.median;
  const added = a.median / m.median - 1;
  return {
    alone: a,
    withGuests: m,
    sideRps: stats(side),
    sideNon2xx,
    pageNon2xx,
    cache,
    ratio,
    added,
    target: TARGET,
    // Only a figure taken at the asked rate says anything about the target.
    met: added <= TARGET && pageNon2xx === 0 && stats(side).median >= 0.9 * SIDE_RATE,
    seconds: options.seconds,
    rounds: options.rounds,
    mix,
  };
}

export function guestTrafficSection(r: GuestTrafficResult): string {
  return [
    '`pnpm --filter @margins/bench bench:guests` (packages/bench/src/guest-traffic.bench.ts): the production build on',
    `PostgreSQL 15; the anonymous chapter page (10,000 words, 200 comments, page cache on) loaded by autocannon with ${CONNECTIONS}`,
    `connections, alone and then beside ${SIDE_RATE} requests/s of guests' side requests in the mix a guest's page view makes:`,
    `read beacons (\`read.gif\`, ${r.mix.beacon}/s), verdict lookups (\`GET …/verdict\`, ${r.mix.lookup}/s) and posted verdicts`,
    `(\`?/verdict\`, ${r.mix.post}/s: one view in ${VIEWS_PER_VERDICT}, each from a new browser, so each is counted and makes the cached page`,
    'stale). Each side request has its own address (X-Forwarded-For, trusted for the run) and a browser user agent,',
    'so beacons are counted reads and no per-address limit refuses them. The load generator shares the 2 cores.',
    `${r.rounds} rounds of ${r.seconds} s per phase, alternating, after a 3 s warm-up.`,
    '',
    '| phase | chapter page median | min – max |',
    '| --- | --- | --- |',
    `| alone | ${r.alone.median.toFixed(0)} req/s | ${r.alone.min.toFixed(0)} – ${r.alone.max.toFixed(0)} |`,
    `| with guests' side traffic | ${r.withGuests.median.toFixed(0)} req/s | ${r.withGuests.min.toFixed(0)} – ${r.withGuests.max.toFixed(0)} |`,
    '',
    `Side requests served: ${r.sideRps.median.toFixed(0)} req/s of the ${SIDE_RATE} asked (median; non-2xx ${r.sideNon2xx}); chapter page non-2xx ${r.pageNon2xx};`,
    `x-margins-cache after the runs: "${r.cache || 'none'}".`,
    `Ratio with / alone: **${r.ratio.toFixed(2)}×**; guests add **${(r.added * 100).toFixed(0)} %** to each chapter page's cost`,
    `(target ≤ ${(r.target * 100).toFixed(0)} % with the side traffic served at ≥ 90 % of its rate) — ${r.met ? 'met' : '**not met**'}.`,
    '',
    machineLine(),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runHttpBenchCommand({
    name: 'guest-traffic',
    section: "Guests' beacons and verdicts beside the chapter page (issue 19)",
    run: benchGuestTraffic,
    render: guestTrafficSection,
    summary: (r) =>
      `alone ${r.alone.median.toFixed(0)} req/s, with guests ${r.withGuests.median.toFixed(0)} req/s, ratio ${r.ratio.toFixed(2)}× (+${(r.added * 100).toFixed(0)} %)`,
  });
}
