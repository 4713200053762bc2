// `pnpm bench` — every benchmark, then the summary table at the top of docs/benchmarks.md.
// Runs this package's benches (reading a chapter through the API vs raw SQL; the chapter page's
// HTTP throughput vs a minimal page), then each package's own `bench` script, which rewrites its
// own section (upload parsing, re-anchoring, dashboard). Holds the web build lock throughout.
// Options: --skip a,b (read, http, busy, guests, search, segments, anchoring, dashboard), --no-build.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { benchBusyChapter, busySection, type BusyResult } from './busy-chapter.bench';
import { benchGuestTraffic, guestTrafficSection, type GuestTrafficResult } from './guest-traffic.bench';
import { benchPageThroughput, throughputSection, type ThroughputResult } from './page-throughput.bench';
import { benchReadChapter, readChapterSection, type ReadChapterResult } from './read-chapter.bench';
import { benchSearch, searchSection, type SearchBenchResult } from './search.bench';
import { BENCHMARKS_MD, loadResult, machineLine, replaceSection, saveResult } from './lib/docs';
import { holdBuildLock, WEB_DIR } from './lib/server';

holdBuildLock();
const { values } = parseArgs({
  options: { skip: { type: 'string', default: '' }, 'no-build': { type: 'boolean', default: false } },
});
const skip = new Set(values.skip.split(',').filter(Boolean));
const failures: string[] = [];

if (!skip.has('read')) {
  const r = await benchReadChapter();
  saveResult('read-chapter', r);
  replaceSection('Reading a chapter (API vs raw SQL)', readChapterSection(r));
}
if (!skip.has('http')) {
  const r = await benchPageThroughput({ build: !values['no-build'], seconds: 10, rounds: 3 });
  saveResult('page-throughput', r);
  replaceSection('Chapter page throughput', throughputSection(r));
}
if (!skip.has('busy')) {
  // The http bench has just built the app, unless it was skipped.
  const r = await benchBusyChapter({
    build: !values['no-build'] && skip.has('http'),
    seconds: 10,
    rounds: 3,
  });
  saveResult('busy-chapter', r);
  replaceSection('The reader who comments (issue 16)', busySection(r));
}
if (!skip.has('guests')) {
  const r = await benchGuestTraffic({ build: false, seconds: 10, rounds: 3 });
  saveResult('guest-traffic', r);
  replaceSection("Guests' beacons and verdicts beside the chapter page (issue 19)", guestTrafficSection(r));
}
if (!skip.has('search')) {
  const r = await benchSearch();
  saveResult('search', r);
  replaceSection('Search (ranked text query vs ILIKE)', searchSection(r));
}
for (const [name, args] of [
  ['segments', ['--filter', '@margins/segments', 'bench']],
  ['anchoring', ['--filter', '@margins/anchoring', 'bench']],
  ['dashboard', ['--filter', '@margins/api', 'bench', '--write-docs']],
] as const) {
  if (skip.has(name)) continue;
  console.log(`\n== pnpm ${args.join(' ')}`);
  const r = spawnSync('pnpm', [...args], { stdio: 'inherit', cwd: WEB_DIR });
  if (r.status !== 0) failures.push(`${name} (exit ${r.status})`);
}

// The summary: figures parsed back from each section, so it always matches the text below it.
const doc = readFileSync(BENCHMARKS_MD, 'utf8');
const read = loadResult<ReadChapterResult>('read-chapter');
// Results saved before the cache-off run existed have no `uncached`.
const http = loadResult<Omit<ThroughputResult, 'uncached'> & Partial<Pick<ThroughputResult, 'uncached'>>>(
  'page-throughput',
);
const load = loadResult<{
  ok: boolean;
  p50: number;
  p99: number;
  fivexx: number;
  lost: number;
  acknowledged: number;
  seconds: number;
}>('load');
const search = loadResult<SearchBenchResult>('search');
const guests = loadResult<GuestTrafficResult>('guest-traffic');
const busy = loadResult<BusyResult>('busy-chapter');
const parse = /Ratio parseChapter \/ markdown-it: \*\*([\d.]+)×\*\*/.exec(doc)?.[1];
const adversarial = /Worst: \*\*([\d.]+)×\*\* per byte \((.*?)\); /.exec(doc);
const inferPct =
  /Passages correct: \*\*([\d.]+) %\*\* overall .*?\*\*([\d.]+) %\*\* on close third person.*?boundary F1 \*\*([\d.]+)\*\*/.exec(
    doc,
  );
const reanchor = /`reanchor\(\)` 1,000 anchors, median \| ([\d.]+) ms/.exec(doc)?.[1];
// The dashboard section states its own shortfalls, one per row below target, separated by ";":
// "**Below the 20× target, wall-clock:** chapter page on the median story (7×: …); my stories on … (18×: …)."
const shortfalls = [
  ...(/\*\*Below the 20× target, wall-clock:\*\* (.*?\))\. /.exec(doc)?.[1] ?? '').matchAll(
    /(?:^|; )([^;(]+?) \(([\d.]+×):/g,
  ),
].map((m) => `${m[1]!} (${m[2]!})`);
const dashboard = !doc.includes('\n## Dashboard\n')
  ? 'not run'
  : shortfalls.length
    ? `every median < 50 ms; ≥ 20× except ${shortfalls.join(', ')} wall-clock (see “Dashboard” for the server-side figures)`
    : 'see “Dashboard”';
const dashboardMet = !doc.includes('\n## Dashboard\n')
  ? '—'
  : shortfalls.length
    ? `**no** (${shortfalls.length === 1 ? 'one row' : `${shortfalls.length} rows`})`
    : 'yes';
const yes = (met: boolean | undefined) => (met === undefined ? '—' : met ? 'yes' : '**no**');
const rows = [
  [
    'Reading a chapter through the API vs raw SQL (10,000 words, 500 comments)',
    '≤ 1.5×',
    read
      ? `${read.ratio.toFixed(2)}×${read.coldMs ? ` (first read after a change, every cache emptied: ${(read.coldMs.median / read.sqlMs.median).toFixed(2)}×)` : ''}`
      : 'not run',
    yes(read?.met),
    '`pnpm --filter @margins/bench bench:read`',
  ],
  [
    'Chapter page throughput vs a minimal page (autocannon, 50 connections)',
    '≥ 0.5×',
    http
      ? `${http.ratio.toFixed(2)}× (${http.chapter.rps.median.toFixed(0)} vs ${http.minimal.rps.median.toFixed(0)} req/s, page cache; rendered every time: ${http.uncached ? `${http.uncached.rps.median.toFixed(0)} req/s` : 'not run'})`
      : 'not run',
    yes(http?.met),
    '`pnpm --filter @margins/bench bench:http`',
  ],
  [
    'Chapter page signed in vs /login; anonymous not cached vs /login (10,000 comments)',
    '≥ 0.5×; ≥ 0.3×',
    busy ? `${busy.signedInRatio.toFixed(3)}×; ${busy.uncachedRatio.toFixed(3)}×` : 'not run',
    busy ? yes(busy.signedInRatio >= 0.5 && busy.uncachedRatio >= 0.3) : '—',
    '`pnpm --filter @margins/bench bench:busy`',
  ],
  [
    'Chapter with 10,000 comments vs 0: bytes to open; server time',
    '≤ 2×; ≤ 2×',
    busy ? `${busy.bytesRatio.toFixed(2)}×; ${busy.timeRatio.toFixed(2)}×` : 'not run',
    busy ? yes(busy.bytesRatio <= 2 && busy.timeRatio <= 2) : '—',
    '`pnpm --filter @margins/bench bench:busy`',
  ],
  [
    "Guests' read beacons + verdicts at 500 req/s beside the anonymous chapter page: cost added",
    '≤ 10 %',
    guests
      ? `+${(guests.added * 100).toFixed(0)} % (${guests.withGuests.median.toFixed(0)} vs ${guests.alone.median.toFixed(0)} req/s, ratio ${guests.ratio.toFixed(2)}×)`
      : 'not run',
    yes(guests?.met),
    '`pnpm --filter @margins/bench bench:guests`',
  ],
  [
    'Ranked search + snippets + 3 filters vs plain ILIKE (generated catalogue)',
    'median < 100 ms and ≥ 20×',
    search
      ? `${search.ratio.toFixed(1)}×, median ${search.searchMs.median.toFixed(1)} ms at ${search.stories.toLocaleString('en')} stories / ${search.chapters.toLocaleString('en')} chapters`
      : 'not run',
    yes(search?.met),
    '`pnpm --filter @margins/bench bench:search`',
  ],
  [
    'Upload parsing vs bare markdown-it',
    '≤ 1.5×',
    parse ? `${parse}×` : 'see section',
    parse ? yes(Number(parse) <= 1.5) : '—',
    '`pnpm --filter @margins/segments bench`',
  ],
  [
    'Hostile uploads vs a typical chapter, per byte (the worst of each shape, and each at the prose-shape limits)',
    '≤ 3×',
    adversarial ? `worst ${adversarial[1]!}× (${adversarial[2]!})` : 'see section',
    adversarial ? yes(Number(adversarial[1]) <= 3) : '—',
    '`pnpm --filter @margins/segments bench`',
  ],
  [
    'POV inferred from unmarked text (labelled corpus, passages correct)',
    '≥ 95 % close third, ≥ 85 % overall',
    inferPct
      ? `${inferPct[2]!} % close third, ${inferPct[1]!} % overall; boundary F1 ${inferPct[3]!}`
      : 'see section',
    inferPct ? yes(Number(inferPct[2]) >= 95 && Number(inferPct[1]) >= 85) : '—',
    '`pnpm --filter @margins/segments bench:infer`',
  ],
  [
    'Re-anchoring 1,000 comments',
    '< 100 ms',
    reanchor ? `${reanchor} ms` : 'see section',
    reanchor ? yes(Number(reanchor) < 100) : '—',
    '`pnpm --filter @margins/anchoring bench`',
  ],
  [
    'Dashboard at 1,000,000 comments',
    'median < 50 ms and ≥ 20× the raw aggregate',
    dashboard,
    dashboardMet,
    '`BENCH_SCALE=1 pnpm --filter @margins/api bench --write-docs`',
  ],
  [
    'Load: 100 readers + 20 commenters, 60 s',
    'zero 5xx, no lost comment',
    load
      ? `${load.fivexx} 5xx, ${load.lost}/${load.acknowledged} lost; p50 ${load.p50.toFixed(0)} ms, p99 ${load.p99.toFixed(0)} ms`
      : 'not run',
    yes(load?.ok),
    '`pnpm test:load`',
  ],
];
const summary = [
  'Each figure is a ratio against a baseline measured in the same run (or a bound), on a noisy 2-core machine;',
  'no test asserts a timing. `pnpm bench` reruns everything below and rewrites this file.',
  '',
  '| figure | target | result | met? | command |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
  '',
  machineLine(),
].join('\n');
const withoutSummary = doc.replace(/^## Summary\n[\s\S]*?(?=^## )/m, '');
const [title, ...rest] = withoutSummary.split('\n');
writeFileSync(
  BENCHMARKS_MD,
  `${title}\n\n## Summary\n\n${summary}\n\n${rest.join('\n').trimStart()}`.replace(/\n{3,}/g, '\n\n'),
);
console.log(`\nupdated ${BENCHMARKS_MD}`);
if (failures.length) {
  console.error(`failed: ${failures.join(', ')}`);
  process.exit(1);
}
