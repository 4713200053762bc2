// `pnpm --filter @margins/bench bench:browse` — a browse page with its counts: `story.browse` with
// three filters (include a tag, exclude a tag, exclude a rating) and a word range, sorted by last
// update, 12 stories and every facet's counts, as the browse page asks for them; against the very
// same call on a connection whose planner may not use any index (enable_indexscan, bitmapscan,
// indexonlyscan off: a sequential scan of the same data). On the generated catalogue
// (lib/catalogue.ts) in PostgreSQL (database margins_perf_browse, recreated). Interleaved runs in
// one process; the ratio is of medians. BENCH_BROWSE_STORIES sets the scale (default the issue's
// 20,000 stories / 100,000 chapters).
/* eslint-disable no-restricted-properties -- an entry point: it reads its own configuration */
import { createCaller, createContext } from '@margins/api';
import { createAuth } from '@margins/auth';
import { openDatabase, type Database } from '@margins/db';
import { pathToFileURL } from 'node:url';
import { FULL_CATALOGUE, generateCatalogue } from './lib/catalogue';
import { databaseUrl, freshDatabase, settle } from './lib/database';
import { machineLine, replaceSection, saveResult } from './lib/docs';
import { ms, timeSideBySide, type Stats } from './lib/stats';

const BASE = process.env.BENCH_PG_URL ?? 'postgres://margins:margins@127.0.0.1:5432/postgres';
const STORIES = Number(process.env.BENCH_BROWSE_STORIES ?? FULL_CATALOGUE.stories);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
/** The issue's target for a filter page with counts. */
const TARGET_MS = 150;

export interface BrowseBenchResult {
  stories: number;
  chapters: number;
  browseMs: Stats;
  scanMs: Stats;
  ratio: number;
  met: boolean;
  total: number;
}

const callerOf = (db: Database) =>
  createCaller(
    createContext({
      db,
      auth: createAuth(db),
      user: null,
      sessionId: null,
      clientAddress: '127.0.0.1',
      cookies: { setSession() {}, clearSession() {} },
    }),
  );

export async function benchBrowse(): Promise<BrowseBenchResult> {
  const size = { ...FULL_CATALOGUE, stories: STORIES };
  // BENCH_BROWSE_REUSE=1 measures again on the catalogue the last run left (same scale).
  const { url, db } = process.env.BENCH_BROWSE_REUSE
    ? {
        url: databaseUrl(BASE, 'margins_perf_browse'),
        db: await openDatabase({ kind: 'postgres', url: databaseUrl(BASE, 'margins_perf_browse') }),
      }
    : await freshDatabase(BASE, 'margins_perf_browse');
  if (!process.env.BENCH_BROWSE_REUSE) {
    console.log(`browse: generating ${size.stories} stories × ${size.chaptersPerStory} chapters…`);
    await generateCatalogue(db, size);
  }
  await settle(url);
  const noIndex = new URL(url);
  noIndex.searchParams.set(
    'options',
    '-c enable_indexscan=off -c enable_bitmapscan=off -c enable_indexonlyscan=off',
  );
  const scanDb = await openDatabase({ kind: 'postgres', url: noIndex.toString() });

  const input = {
    include: { tags: [{ kind: 'freeform' as const, name: 'Theme 0' }] },
    exclude: { tags: [{ kind: 'freeform' as const, name: 'Theme 1' }], ratings: ['mature' as const] },
    words: { min: 1000 },
    sort: 'updated' as const,
    facets: true,
    limit: 12,
  };
  const browse = () => callerOf(db).story.browse(input);
  const scan = () => callerOf(scanDb).story.browse(input);

  // Both must answer the same, or the comparison means nothing.
  const [a, b] = await Promise.all([browse(), scan()]);
  if (
    !a.total ||
    JSON.stringify({ ids: a.stories.map((s) => s.id), f: a.facets }) !==
      JSON.stringify({ ids: b.stories.map((s) => s.id), f: b.facets })
  ) {
    throw new Error(
      `indexed and unindexed browse disagree: ${JSON.stringify(a.facets)} ${JSON.stringify(b.facets)}`,
    );
  }

  const [bm, sm] = await timeSideBySide(RUNS, browse, scan);
  await Promise.all([db.close(), scanDb.close()]);
  return {
    stories: size.stories,
    chapters: size.stories * size.chaptersPerStory,
    browseMs: bm,
    scanMs: sm,
    ratio: sm.median / bm.median,
    met: bm.median < TARGET_MS,
    total: a.total,
  };
}

export function browseSection(r: BrowseBenchResult): string {
  return [
    `Command: \`BENCH_BROWSE_STORIES=${r.stories} pnpm --filter @margins/bench bench:browse\` on PostgreSQL 15.`,
    `Catalogue (packages/bench/src/lib/catalogue.ts): ${r.stories.toLocaleString('en')} public stories, ${r.chapters.toLocaleString('en')} published chapters${r.stories < FULL_CATALOGUE.stories ? ` — **reduced scale** (the issue's is ${FULL_CATALOGUE.stories.toLocaleString('en')} / ${(FULL_CATALOGUE.stories * FULL_CATALOGUE.chaptersPerStory).toLocaleString('en')})` : ''}.`,
    `Page: \`story.browse\` including a tag, excluding a tag and a rating, at least 1,000 words, sorted by last update, 12 stories and`,
    `the counts beside every option (ratings, warnings, status, languages, tags, POV characters) over the ${r.total.toLocaleString('en')} matching stories — what /browse asks for.`,
    'Baseline: the same call on a connection whose planner may use no index (`enable_indexscan`, `enable_bitmapscan`, `enable_indexonlyscan` off).',
    '',
    '| | median | p90 |',
    '| --- | --- | --- |',
    `| filter page with counts | ${ms(r.browseMs.median)} ms | ${ms(r.browseMs.p90)} ms |`,
    `| same, no index | ${ms(r.scanMs.median)} ms | ${ms(r.scanMs.p90)} ms |`,
    '',
    `Ratio no index / indexed: **${r.ratio.toFixed(1)}×**; median under ${TARGET_MS} ms: ${r.met ? 'met' : '**not met**'}.`,
    '',
    machineLine(),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchBrowse();
  console.log(browseSection(r));
  saveResult('browse', r);
  replaceSection('Browse (filter page with counts)', browseSection(r));
}
