// `pnpm --filter @margins/bench bench:search` — a ranked full-text query with snippets and three
// filters (tag, POV character, ratings) through `story.find`, against a plain ILIKE scan of the
// same data with the same filters (titles, summaries and published passages; no rank, no snippet),
// on the generated catalogue (lib/catalogue.ts) in PostgreSQL (database margins_perf_search,
// recreated). Interleaved runs in one process; the ratio is of medians.
// BENCH_SEARCH_STORIES sets the scale (default the issue's 20,000 stories / 100,000 chapters).
/* eslint-disable no-restricted-properties -- an entry point: it reads its own configuration */
import { createCaller, createContext } from '@margins/api';
import { createAuth } from '@margins/auth';
import { Prisma } from '@margins/db';
import { pathToFileURL } from 'node:url';
import { FULL_CATALOGUE, generateCatalogue, RARE_WORD } from './lib/catalogue';
import { freshDatabase, settle } from './lib/database';
import { machineLine, replaceSection, saveResult } from './lib/docs';
import { ms, timeSideBySide, type Stats } from './lib/stats';

const BASE = process.env.BENCH_PG_URL ?? 'postgres://margins:margins@127.0.0.1:5432/postgres';
const STORIES = Number(process.env.BENCH_SEARCH_STORIES ?? FULL_CATALOGUE.stories);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const TARGET = 20;

export interface SearchBenchResult {
  stories: number;
  chapters: number;
  words: number;
  searchMs: Stats;
  ilikeMs: Stats;
  ratio: number;
  target: number;
  met: boolean;
  hits: number;
}

export async function benchSearch(): Promise<SearchBenchResult> {
  const { url, db } = await freshDatabase(BASE, 'margins_perf_search');
  const size = { ...FULL_CATALOGUE, stories: STORIES };
  console.log(`search: generating ${size.stories} stories × ${size.chaptersPerStory} chapters…`);
  const { words } = await generateCatalogue(db, size);
  await settle(url);
  const caller = createCaller(
    createContext({
      db,
      auth: createAuth(db),
      user: null,
      sessionId: null,
      clientAddress: '127.0.0.1',
      cookies: { setSession() {}, clearSession() {} },
    }),
  );
  const filters = {
    tag: { kind: 'freeform' as const, name: 'Theme 0' },
    character: 'Mark',
    ratings: ['general' as const, 'teen' as const, 'not_rated' as const],
  };
  const search = () => caller.story.find({ query: `${RARE_WORD} lantern`, ...filters, limit: 20 });
  const like = `%${RARE_WORD}%`;
  const ilike = () =>
    db.prisma.$queryRaw<{ id: string }[]>(Prisma.sql`
      SELECT s.id FROM "Story" s
      WHERE s.visibility = 'public' AND s."publishedAt" IS NOT NULL
        AND s.rating::text IN ('general', 'teen', 'not_rated')
        AND EXISTS (SELECT 1 FROM "StoryTag" st JOIN "Tag" t ON t.id = st."tagId" WHERE st."storyId" = s.id AND t.kind = 'freeform' AND lower(t.name) = lower('Theme 0'))
        AND EXISTS (SELECT 1 FROM "PovCharacter" pc WHERE pc."storyId" = s.id AND lower(pc.name) = lower('Mark'))
        AND (s.title ILIKE ${like} OR s.summary ILIKE ${like} OR EXISTS (
          SELECT 1 FROM "Chapter" c JOIN "Passage" p ON p."revisionId" = c."publishedRevisionId"
          WHERE c."storyId" = s.id AND c.status = 'published' AND p.text ILIKE ${like}))
      ORDER BY s."publishedAt" DESC LIMIT 20`);

  // Both must find the same stories, or the comparison means nothing.
  const [first, plain] = await Promise.all([search(), ilike()]);
  const a = first.hits.map((h) => h.id).sort();
  const b = plain.map((r) => r.id).sort();
  if (first.total < 1 || JSON.stringify(a) !== JSON.stringify(b))
    throw new Error(`search and ILIKE disagree: ${a.length} vs ${b.length} hits`);
  if (!first.hits.every((h) => h.snippet.some((p) => p.mark)))
    throw new Error('a hit without a marked snippet');

  const [sm, lm] = await timeSideBySide(RUNS, search, ilike);
  await db.close();
  const ratio = lm.median / sm.median;
  return {
    stories: size.stories,
    chapters: size.stories * size.chaptersPerStory,
    words,
    searchMs: sm,
    ilikeMs: lm,
    ratio,
    target: TARGET,
    met: ratio >= TARGET && sm.median < 100,
    hits: first.total,
  };
}

export function searchSection(r: SearchBenchResult): string {
  return [
    `Command: \`BENCH_SEARCH_STORIES=${r.stories} pnpm --filter @margins/bench bench:search\` on PostgreSQL 15.`,
    `Catalogue (packages/bench/src/lib/catalogue.ts): ${r.stories.toLocaleString('en')} public stories, ${r.chapters.toLocaleString('en')} published chapters,`,
    `${(r.words / 1e6).toFixed(1)} M words${r.stories < FULL_CATALOGUE.stories ? ` — **reduced scale** (the issue's is ${FULL_CATALOGUE.stories.toLocaleString('en')} / ${(FULL_CATALOGUE.stories * FULL_CATALOGUE.chaptersPerStory).toLocaleString('en')}, 60 M words; generating it took too long on this shared 2-core machine)` : ''}.`,
    `Query: \`${RARE_WORD} lantern\` (in one passage of every 50th story) with three filters (a tag, a POV character, three ratings), ${r.hits} matching stories;`,
    'ranked (`ts_rank` over story and chapter documents), 20 hits, each with a `ts_headline` snippet and its passage, through `story.find` (tRPC caller, Prisma).',
    'Baseline: the same filters and a plain `ILIKE` over titles, summaries and every published passage, newest first, no rank or snippet (raw SQL).',
    '',
    '| | median | p90 |',
    '| --- | --- | --- |',
    `| ranked search + snippets + 3 filters | ${ms(r.searchMs.median)} ms | ${ms(r.searchMs.p90)} ms |`,
    `| plain ILIKE + 3 filters | ${ms(r.ilikeMs.median)} ms | ${ms(r.ilikeMs.p90)} ms |`,
    '',
    `Ratio ILIKE / search: **${r.ratio.toFixed(1)}×** (target ≥ ${r.target}× and a median under 100 ms: ${r.met ? 'met' : '**not met**'}).`,
    '',
    machineLine(),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchSearch();
  console.log(searchSection(r));
  saveResult('search', r);
  replaceSection('Search (ranked text query vs ILIKE)', searchSection(r));
}
