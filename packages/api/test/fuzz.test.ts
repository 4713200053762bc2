// Property-based fuzzing of every tRPC procedure through the real fetch adapter: whatever the
// input (random JSON, wrong types, huge strings, unicode, nested objects, real ids in the wrong
// places), a client gets a clear 4xx or a success — never a 500 — and a failed request writes no
// chapter text (ChapterRevision / Segment / Passage rows). Procedures are enumerated from
// `appRouter._def.procedures`, so routers added later are covered without editing this file.
// FUZZ_RUNS (default 6 per procedure and role) deepens a local run; CI uses the default.
/* eslint-disable no-restricted-properties -- test configuration: FUZZ_RUNS deepens local runs */
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../src/auth';
import { appRouter } from '../src/root';
import { directives, harness, storyFixture, type Harness, type StoryFixture } from './helpers';
import { decodeBody, encodeInput } from './wire';

const RUNS = Number(process.env.FUZZ_RUNS ?? 6);
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);

type ProcedureType = 'query' | 'mutation' | 'subscription';
const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: ProcedureType } }>,
)
  .map(([path, p]) => ({ path, type: p._def.type }))
  .filter((p) => p.type !== 'subscription')
  .sort((a, b) => a.path.localeCompare(b.path));

let db: Database;
let h: Harness;
let fx: StoryFixture;
let fuzzUsers: string[];
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
  fx = await storyFixture(h, 'public');
  fuzzUsers = Object.values(fx.users).map((u) => u.id);
});
afterAll(async () => {
  await db?.close();
});

interface Reply {
  status: number;
  /** The server-side error of a 5xx (what the adapter's onError would log). */
  cause?: string;
  body: {
    error?: {
      message?: unknown;
      data?: { problems?: { line: number; message: string; fix: string }[] | null };
    };
  } | null;
}

async function call(
  path: string,
  type: ProcedureType,
  input: unknown,
  user: SessionUser | null,
  now?: Date,
): Promise<Reply> {
  const url = new URL(`http://margins.test/api/trpc/${path}`);
  let init: RequestInit = { method: 'GET' };
  if (type === 'query') {
    if (input !== undefined) url.searchParams.set('input', encodeInput(input));
  } else {
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: input === undefined ? '' : encodeInput(input),
    };
  }
  let cause: string | undefined;
  const response = await fetchRequestHandler({
    endpoint: '/api/trpc',
    req: new Request(url, init),
    router: appRouter,
    createContext: () => h.context(user, now ? { now: () => now } : {}),
    onError: ({ error }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        cause = String(error.cause ?? error)
          .split('\n')
          .slice(0, 3)
          .join(' | ');
    },
  });
  const text = await response.text();
  let body: Reply['body'] = null;
  try {
    body = decodeBody(JSON.parse(text)) as Reply['body'];
  } catch {
    // Downloads (CSV, EPUB) are not JSON; only their status matters here.
  }
  return { status: response.status, body, ...(cause ? { cause } : {}) };
}

/** Chapter text written by this file's users: it must not move when a request fails. */
async function textRows(): Promise<string> {
  const rows = await db.prisma.$queryRawUnsafe<
    { revisions: bigint | number; segments: bigint | number; passages: bigint | number }[]
  >(
    `SELECT (SELECT count(*) FROM "ChapterRevision" WHERE "authorId" = ANY($1::text[])) AS revisions,
            (SELECT count(*) FROM "Segment" s JOIN "ChapterRevision" r ON r.id = s."revisionId" WHERE r."authorId" = ANY($1::text[])) AS segments,
            (SELECT count(*) FROM "Passage" p JOIN "ChapterRevision" r ON r.id = p."revisionId" WHERE r."authorId" = ANY($1::text[])) AS passages`,
    fuzzUsers,
  );
  const r = rows[0]!;
  return `${r.revisions}/${r.segments}/${r.passages}`;
}

// Values that reach past validation: the fixture's real ids and slugs, in any field.
// (Read when a value is generated: the fixture exists only once beforeAll has run.)
const realIds = () =>
  fc
    .nat(6)
    .map(
      (i) =>
        [
          fx.storyId,
          fx.liveChapterId,
          fx.draftChapterId,
          fx.slug,
          fx.characters.mark,
          fx.users.reader.id,
          fx.users.reader.username,
        ][i]!,
    );
const nasty = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uFFFF',
    '\uD800',
    '💥'.repeat(300),
    'x'.repeat(70_000),
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '../../etc/passwd',
    '#1f6feb',
    '2026-01-01T00:00:00Z',
    'NaN',
    '-1',
    '1e309',
    '__proto__',
    'constructor',
  ),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, 1, 2 ** 31, Number.MAX_SAFE_INTEGER, -0),
  fc.boolean(),
  fc.constant(null),
);
const KEYS = [
  'storyId',
  'chapterId',
  'commentId',
  'reviewId',
  'characterId',
  'characterIds',
  'chapterIds',
  'userId',
  'username',
  'slug',
  'title',
  'summary',
  'body',
  'upload',
  'source',
  'format',
  'convention',
  'styleMapping',
  'passageKey',
  'start',
  'end',
  'revision',
  'parentId',
  'type',
  'visibility',
  'verdict',
  'status',
  'login',
  'password',
  'email',
  'name',
  'color',
  'aliases',
  'role',
  'cursor',
  'limit',
  'query',
  'fandom',
  'freeform',
  'publishAt',
  'povOnly',
  'draft',
  'sessionId',
  'token',
  'tokenId',
  'scope',
  'invitationId',
  'accept',
  'reason',
  'frozen',
  'from',
  'to',
  'baseRevisionId',
  'revisionId',
  'days',
  'ids',
  'page',
  'sort',
  'settings',
  'reportId',
  'id',
];
const leaf = fc.oneof({ weight: 3, arbitrary: nasty }, { weight: 2, arbitrary: realIds() });
const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('v'), { maxKeys: 4 }),
  ),
})).v;
const input = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 3 }),
  value,
  fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })), value, { maxKeys: 6 }),
  // Close to valid: the fixture's ids with some fields wrong.
  fc
    .record(
      {
        storyId: fc.oneof(realIds(), nasty),
        chapterId: fc.oneof(realIds(), nasty),
        slug: fc.oneof(realIds(), nasty),
      },
      { requiredKeys: [] },
    )
    .chain((base) =>
      fc.dictionary(fc.constantFrom(...KEYS), leaf, { maxKeys: 4 }).map((extra) => ({ ...base, ...extra })),
    ),
);

async function checkOne(
  path: string,
  type: ProcedureType,
  payload: unknown,
  user: SessionUser | null,
): Promise<void> {
  const before = await textRows();
  const reply = await call(path, type, payload, user);
  const what = `${path} as ${user ? 'user' : 'anonymous'} with ${JSON.stringify(payload)?.slice(0, 300)}`;
  expect(reply.status, `${what}: ${reply.cause ?? ''}`).toBeLessThan(500);
  if (reply.status >= 400) {
    // A clear error: a message a person can read, and nothing written.
    if (reply.body)
      expect(
        typeof reply.body.error?.message === 'string' && reply.body.error.message.length > 0,
        `${what}: no message`,
      ).toBe(true);
    expect(await textRows(), `${what}: a failed request wrote chapter text`).toBe(before);
  }
}

const ROLES: [string, () => SessionUser | null][] = [
  ['anonymous', () => null],
  ['logged-in owner of a story', () => fx.users.owner],
];
describe.each(ROLES)('fuzzing every procedure as %s', (_role, who) => {
  it('covers the routers present when it runs', () => {
    expect(procedures.length).toBeGreaterThan(20);
    expect(procedures.map((p) => p.path)).toEqual(
      expect.arrayContaining(['story.bySlug', 'reading.chapter', 'chapter.preview']),
    );
  });
  it.each(procedures.map((p, i) => [p.path, p.type, i] as const))(
    '%s (%s) never answers 5xx',
    async (path, type, i) => {
      // Each procedure gets its own seed, so they do not all see the same inputs.
      // Always tried first: real ids next to text with a NUL byte, which PostgreSQL cannot store.
      const nul = 'a\u0000b';
      const nulInput = {
        storyId: fx.storyId,
        chapterId: fx.liveChapterId,
        slug: fx.slug,
        title: nul,
        summary: nul,
        body: nul,
        login: nul,
        password: `${nul}-long-enough-password`,
        name: nul,
        freeform: [nul],
        query: nul,
        commentId: nul,
        upload: { source: `::: pov Mark\n${nul}\n:::\n`, format: 'markdown' },
      };
      await fc.assert(
        fc.asyncProperty(input, async (payload) => checkOne(path, type, payload, who())),
        { numRuns: RUNS, seed: SEED + i, endOnFailure: true, examples: [[nulInput]] },
      );
    },
  );
});

describe('the upload parser through chapter.preview', () => {
  // Its own story: the fuzzing above may well have deleted or unpublished the shared one.
  let px: StoryFixture;
  beforeAll(async () => {
    px = await storyFixture(h, 'public');
    fuzzUsers.push(...Object.values(px.users).map((u) => u.id));
  });
  const markdownish = fc
    .array(
      fc.oneof(
        fc.string({ unit: 'grapheme', maxLength: 60 }),
        fc.constantFrom(
          '::: pov Mark',
          '::: pov Lexie',
          '::: pov Ghost',
          ':::',
          '***',
          '---',
          '# Heading',
          '> quote',
          '- item',
          '```',
          '<div>',
          '</div>',
          '<script>alert(1)</script>',
          '[Mark]',
          '**bold**',
          '_it_',
          '\t',
          '\r\n',
          '\u2028',
          '<!-- x -->',
          '<img src=x onerror=alert(1)>',
        ),
      ),
      { maxLength: 40 },
    )
    .map((lines) => lines.join('\n'));
  const upload = fc.oneof(
    fc.record({
      source: markdownish,
      format: fc.constant('markdown' as const),
      convention: fc.constantFrom(undefined, 'directives', 'markers', 'style'),
    }),
    fc.record({
      source: markdownish.map((s) => `<p>${s}</p>`),
      format: fc.constant('html' as const),
      convention: fc.constantFrom(undefined, 'directives', 'markers', 'style'),
    }),
    fc.record({
      source: fc.oneof(
        fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString('base64')),
        fc.string({ maxLength: 100 }),
      ),
      format: fc.constant('docx' as const),
      convention: fc.constantFrom(undefined, 'style'),
      styleMapping: fc.constantFrom(undefined, { bold: 'Mark', plain: 'Lexie' }, { italic: 'Nobody' }),
    }),
  );

  it('answers 200 with a preview or 4xx with problems, never 5xx, and writes nothing', async () => {
    // A minute of the clock per preview keeps every run inside the per-user preview limit.
    let minute = 0;
    await fc.assert(
      fc.asyncProperty(upload, async (u) => {
        const before = await textRows();
        const now = new Date(Date.UTC(2031, 0, 1) + minute++ * 60_000);
        const reply = await call(
          'chapter.preview',
          'mutation',
          { storyId: px.storyId, upload: u },
          px.users.owner,
          now,
        );
        const what = JSON.stringify(u).slice(0, 300);
        expect([200, 400, 413, 422], what).toContain(reply.status);
        if (reply.status === 400) {
          const problems = reply.body?.error?.data?.problems ?? [];
          for (const p of problems) expect(p.message.length > 0 && p.fix.length > 0, what).toBe(true);
        }
        expect(await textRows(), what).toBe(before);
      }),
      { numRuns: RUNS * 10, seed: SEED },
    );
  });

  it('a valid upload still previews (the fuzzing reached the parser)', async () => {
    const reply = await call(
      'chapter.preview',
      'mutation',
      {
        storyId: px.storyId,
        upload: { source: directives(['Mark waits.'], ['Lexie runs.']), format: 'markdown' },
      },
      px.users.owner,
    );
    expect(reply.status).toBe(200);
  });
});
