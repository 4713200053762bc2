// Limits on work, not only on writes (docs/security.md): the tRPC endpoint caps batches, and each
// user may create so many stories and chapters, save so many revisions and ask for so many
// previews per window. Through the same HTTP handler the app mounts (http.ts), with the clock
// injected so windows can pass without waiting.
import type { SessionUser } from '@margins/auth';
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_TOO_LARGE_MESSAGE, MAX_BATCH_SIZE, handleTrpcRequest } from '../src/http';
import { enforceRateLimit, RATE_LIMITS, type LimitedAction } from '../src/services/rate-limits';
import { directives, harness, storyFixture, type Harness, type StoryFixture } from './helpers';
import { decodeBody, encodeInput } from './wire';

let db: Database;
let h: Harness;
let fx: StoryFixture;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
  fx = await storyFixture(h, 'private');
});
afterAll(async () => {
  await db?.close();
});

interface ErrorBody {
  error: { message: string; data: { code: string; httpStatus: number; retryAfterSeconds: number | null } };
}

/** One HTTP request to the endpoint; `paths` of more than one make a batch (`?batch=1`). */
async function request(
  paths: string[],
  inputs: unknown[],
  options: { user: SessionUser | null; now?: Date; type?: 'query' | 'mutation' },
) {
  const { user, now, type = 'mutation' } = options;
  const batch = paths.length > 1;
  const url = new URL(`http://margins.test/api/trpc/${paths.join(',')}`);
  if (batch) url.searchParams.set('batch', '1');
  // A batch's input is an object of the calls' inputs by index, each in its own envelope.
  const encoded = batch
    ? `{${inputs.map((input, i) => `"${i}":${encodeInput(input)}`).join(',')}}`
    : encodeInput(inputs[0]);
  if (type === 'query') url.searchParams.set('input', encoded);
  const req = new Request(
    url,
    type === 'query'
      ? { method: 'GET' }
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: encoded },
  );
  const response = await handleTrpcRequest({
    endpoint: '/api/trpc',
    req,
    createContext: () => h.context(user, now ? { now: () => now } : {}),
  });
  return { status: response.status, headers: response.headers, body: decodeBody(await response.json()) };
}

const storiesOwnedBy = (user: SessionUser) =>
  db.prisma.storyMember.count({ where: { userId: user.id, role: 'owner' } });
const md = (text: string) => ({
  source: directives([text], ['Lexie answers.']),
  format: 'markdown' as const,
});

describe('batches', () => {
  it('refuses the report’s 1,000 × story.create in one POST whole: 400 with our message, no story created', async () => {
    const user = await h.user('batcher');
    const paths = Array.from({ length: 1000 }, () => 'story.create');
    const inputs = paths.map((_, i) => ({ title: `Batch ${i}` }));
    const { status, body } = await request(paths, inputs, { user });
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain(BATCH_TOO_LARGE_MESSAGE);
    expect(BATCH_TOO_LARGE_MESSAGE).toContain(String(MAX_BATCH_SIZE));
    expect(await storiesOwnedBy(user)).toBe(0);
  });

  it(`refuses ${MAX_BATCH_SIZE + 1} previews or queries in one request, accepts ${MAX_BATCH_SIZE}`, async () => {
    const previews = Array.from({ length: MAX_BATCH_SIZE + 1 }, () => 'chapter.preview');
    const refused = await request(
      previews,
      previews.map(() => ({ storyId: fx.storyId, upload: md('Mark waits.') })),
      { user: fx.users.owner },
    );
    expect(refused.status).toBe(400);
    const queries = Array.from({ length: MAX_BATCH_SIZE + 1 }, () => 'user.me');
    expect(
      (
        await request(
          queries,
          queries.map(() => undefined),
          { user: fx.users.owner, type: 'query' },
        )
      ).status,
    ).toBe(400);
    const fine = await request(
      queries.slice(1),
      queries.slice(1).map(() => undefined),
      { user: fx.users.owner, type: 'query' },
    );
    expect(fine.status).toBe(200);
    expect((fine.body as unknown[]).length).toBe(MAX_BATCH_SIZE);
  });
});

describe('per-user limits on work', () => {
  it('10 new stories an hour, then 429 with retryAfterSeconds and Retry-After; 30 a day', async () => {
    const user = await h.user('storyteller');
    const t0 = new Date('2031-05-01T08:00:00Z');
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    const create = (now: Date, i: number) =>
      request(['story.create'], [{ title: `Story ${i}` }], { user, now });
    for (let i = 0; i < 10; i++) expect((await create(at(i), i)).status).toBe(200);
    const refused = await create(at(15), 10);
    expect(refused.status).toBe(429);
    expect((refused.body as ErrorBody).error.message).toMatch(/created too many stories; try again in \d+ s/);
    expect((refused.body as ErrorBody).error.data.retryAfterSeconds).toBe(45 * 60);
    expect(refused.headers.get('retry-after')).toBe(String(45 * 60));
    expect(await storiesOwnedBy(user)).toBe(10);
    // An import is a new story too.
    expect(
      (
        await request(
          ['story.import'],
          [{ markdown: '---\ntitle: "Imported"\n---\n\n# One\n\nPlain text.\n' }],
          { user, now: at(16) },
        )
      ).status,
    ).toBe(429);
    // Someone else is not affected; the next hour is open again, until the day's 30.
    const other = await h.user('other');
    expect(
      (await request(['story.create'], [{ title: 'Elsewhere' }], { user: other, now: at(15) })).status,
    ).toBe(200);
    for (let i = 10; i < 30; i++)
      expect((await create(at(60 * (1 + Math.floor((i - 10) / 10)) + (i % 10)), i)).status).toBe(200);
    const sameDay = await create(at(60 * 5), 30);
    expect(sameDay.status).toBe(429);
    expect(await storiesOwnedBy(user)).toBe(30);
    expect((await create(at(60 * 24 + 1), 31)).status).toBe(200);
  });

  /**
   * Counts all but one of the tightest window's calls of `action` directly, so the next two calls
   * through the router tell whether the router counts them on the same key (the first fills the
   * window, the second is refused), without parsing hundreds of uploads first.
   */
  async function almostFull(user: SessionUser, action: LimitedAction, now: Date) {
    const tightest = Math.min(...RATE_LIMITS[action].map((r) => r.limit));
    for (let i = 0; i < tightest - 1; i++) await enforceRateLimit({ db, userId: user.id, action, now });
  }

  it.each([
    [
      'chapter.create',
      'chapter',
      (s: StoryFixture) => ({ storyId: s.storyId, title: 'More', upload: md('Mark writes on.') }),
      /created too many chapters/,
    ],
    [
      'chapter.edit',
      'revision',
      (s: StoryFixture) => ({ chapterId: s.draftChapterId, upload: md('Mark edits again.') }),
      /saved too many revisions/,
    ],
    [
      'chapter.preview',
      'preview',
      (s: StoryFixture) => ({ storyId: s.storyId, upload: md('Mark previews.') }),
      /asked for too many previews/,
    ],
  ] as const)(
    '%s counts against the %s limit: the call that fills the window runs, the next is 429',
    async (path, action, input, message) => {
      const story = await storyFixture(h, 'private');
      const now = new Date('2031-06-01T08:00:00Z');
      await almostFull(story.users.owner, action, now);
      expect((await request([path], [input(story)], { user: story.users.owner, now })).status).toBe(200);
      const refused = await request([path], [input(story)], { user: story.users.owner, now });
      expect(refused.status).toBe(429);
      expect((refused.body as ErrorBody).error.message).toMatch(message);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // A co-author has their own allowance on the same story.
      expect((await request([path], [input(story)], { user: story.users.coauthor, now })).status).toBe(200);
    },
  );

  it('chapter.merge shares the preview limit (it parses and writes nothing, too)', async () => {
    const story = await storyFixture(h, 'private');
    const now = new Date('2031-06-02T08:00:00Z');
    await almostFull(story.users.owner, 'preview', now);
    const { currentRevisionId } = await db.prisma.chapter.findUniqueOrThrow({
      where: { id: story.draftChapterId },
      select: { currentRevisionId: true },
    });
    const merge = () =>
      request(
        ['chapter.merge'],
        [{ chapterId: story.draftChapterId, baseRevisionId: currentRevisionId, markup: 'Mine.\n' }],
        { user: story.users.owner, now },
      );
    expect((await merge()).status).toBe(200);
    expect((await merge()).status).toBe(429);
  });

  it('refused input and refused access do not use up the allowance', async () => {
    const story = await storyFixture(h, 'private');
    const now = new Date('2031-06-03T08:00:00Z');
    const limit = RATE_LIMITS.preview[0]!.limit;
    // Invalid input (400) and an outsider's call (404) never reach the limiter.
    for (let i = 0; i < limit + 5; i++) {
      expect(
        (
          await request(
            ['chapter.preview'],
            [{ storyId: story.storyId, upload: { source: 'x', format: 'pdf' } }],
            { user: story.users.owner, now },
          )
        ).status,
      ).toBe(400);
    }
    expect(
      (
        await request(['chapter.preview'], [{ storyId: story.storyId, upload: md('x') }], {
          user: story.users.reader,
          now,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await request(['chapter.preview'], [{ storyId: story.storyId, upload: md('Mark waits.') }], {
          user: story.users.owner,
          now,
        })
      ).status,
    ).toBe(200);
  });
});
