// A chapter page costs a handful of database round trips, whoever reads it (issue #16, "cheap
// requests"). The calls below are the ones apps/web/src/routes/s/[slug]/[n]/+page.server.ts makes,
// in the same order and concurrency, plus the session check (hooks.server.ts `session`) and the
// page-cache version query an anonymous request makes first (`pageCache`). Every SQL statement
// Prisma sends is counted (the database's onQuery hook), on a chapter whose caches are cold and
// again once warm. A new call on the page, or a service that starts looping over rows with a
// query each, pushes a count over its bound and fails here.
import type { SessionUser } from '@margins/auth';
import { openDatabase, type Database } from '@margins/db';
import { migrateDeploy } from '@margins/db/migrate';
import { repoPaths } from '@margins/db/paths';
import { testDatabaseUrl } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComment } from '../src/services/comment/create-comment';
import { forgetCachedReads } from '../src/services/reading/read-chapter';
import { readerPageVersion } from '../src/services/reading/page-version';
import { readPassages } from './comment-helpers';
import { harness, PASSWORD, storyFixture, type Harness, type StoryFixture } from './helpers';

const url = testDatabaseUrl();
let db: Database;
let h: Harness;
let queries = 0;
beforeAll(async () => {
  db = await openDatabase(url ? { kind: 'postgres', url } : { kind: 'pglite', dataDir: 'memory://' }, {
    onQuery: () => (queries += 1),
  });
  if (!url) await migrateDeploy(db, repoPaths);
  h = await harness(db);
});
afterAll(async () => {
  await db?.close();
});

/**
 * Bounds on a warm page (caches filled, nothing changed since): the table of contents and the
 * chapter are one query each (their access check; the rest comes from this instance's copies
 * per content version). The whole page is bounded at what it costs now — far below the 32 / 19
 * of issue #16 but above its target of a handful: the comment summary, the reviews, the follow
 * status, the library visit and the read each still make their own access check and queries.
 */
const TOC_BOUND = 1;
const CHAPTER_BOUND = 1;
const SIGNED_IN_BOUND = 28;
const ANONYMOUS_BOUND = 10;

/** What the chapter page's load asks the API for (keep in step with +page.server.ts), counted per part. */
async function pageLoad(user: SessionUser | null, slug: string, n: number) {
  const caller = h.caller(user);
  const at = queries;
  const { story, chapters } = await caller.reading.toc({ slug });
  const toc = queries - at;
  const entry = chapters[n - 1]!;
  const reader = await caller.reading.chapter({ chapterId: entry.id });
  const chapter = queries - at - toc;
  const role = reader.viewer.role;
  const chapterId = entry.id;
  const editor = role === 'owner' || role === 'coauthor';
  await Promise.all([
    caller.comment.summary({ chapterId, revision: 'published', open: null }),
    user && role === null ? caller.reading.recordRead({ chapterId }).catch(() => undefined) : undefined,
    caller.review.list({ chapterId }),
    user && role === null ? caller.review.mine({ chapterId }) : null,
    editor ? caller.comment.outdated({ chapterId }) : null,
    user && role === null ? caller.follow.status({ storyId: story.id }) : null,
    user && role === null ? caller.library.visit({ chapterId }).catch(() => undefined) : undefined,
  ]);
  return { reader, toc, chapter };
}

/** Round trips of one page view: the hooks' query (session or page-cache version), then the load. */
async function countPage(user: SessionUser | null, fx: StoryFixture, token: string | null) {
  const before = queries;
  if (token) await h.auth.validateSessionToken(token);
  else await readerPageVersion({ db, slug: fx.slug, now: new Date() });
  const { reader, toc, chapter } = await pageLoad(user, fx.slug, 1);
  expect(reader.chapter.id).toBe(fx.liveChapterId);
  return { total: queries - before, toc, chapter };
}

describe(`chapter page round trips on ${url ? 'PostgreSQL' : 'PGlite'}`, () => {
  let fx: StoryFixture;
  let token: string;
  beforeAll(async () => {
    fx = await storyFixture(h, 'public');
    const keys = (await readPassages(h, fx.users.reader, fx.liveChapterId)).map((p) => p.key);
    for (const [i, key] of keys.entries()) {
      await createComment({
        db,
        userId: fx.users.reader.id,
        chapterId: fx.liveChapterId,
        passageKey: key,
        body: `Comment ${i}`,
        type: 'reaction',
        visibility: 'public',
        now: new Date(),
      });
      await createComment({
        db,
        userId: fx.users.other.id,
        chapterId: fx.liveChapterId,
        passageKey: key,
        body: `Private ${i}`,
        type: 'reaction',
        visibility: 'private',
        now: new Date(),
      });
    }
    token = (
      await h.auth.logIn({
        login: fx.users.reader.username,
        password: PASSWORD,
        ip: '127.0.0.9',
        userAgent: 'test',
      })
    ).token;
  });

  it(`a signed-in reader's page: table of contents and chapter one query each, at most ${SIGNED_IN_BOUND} in all`, async () => {
    forgetCachedReads(db);
    const cold = await countPage(fx.users.reader, fx, token);
    const warm = await countPage(fx.users.reader, fx, token);
    console.log(
      `signed-in chapter page: ${cold.total} queries cold (toc ${cold.toc}, chapter ${cold.chapter}), ${warm.total} warm`,
    );
    expect(warm.toc).toBeLessThanOrEqual(TOC_BOUND);
    expect(warm.chapter).toBeLessThanOrEqual(CHAPTER_BOUND);
    expect(warm.total).toBeLessThanOrEqual(SIGNED_IN_BOUND);
  });

  it(`an anonymous reader's page: table of contents and chapter one query each, at most ${ANONYMOUS_BOUND} in all`, async () => {
    forgetCachedReads(db);
    const cold = await countPage(null, fx, null);
    const warm = await countPage(null, fx, null);
    console.log(
      `anonymous chapter page: ${cold.total} queries cold (toc ${cold.toc}, chapter ${cold.chapter}), ${warm.total} warm`,
    );
    expect(warm.toc).toBeLessThanOrEqual(TOC_BOUND);
    expect(warm.chapter).toBeLessThanOrEqual(CHAPTER_BOUND);
    expect(warm.total).toBeLessThanOrEqual(ANONYMOUS_BOUND);
  });

  it('a member gets their own copy of the contents (drafts), a reader never sees it', async () => {
    const member = await h.caller(fx.users.owner).reading.toc({ slug: fx.slug });
    const reader = await h.caller(fx.users.reader).reading.toc({ slug: fx.slug });
    const anonymous = await h.caller(null).reading.toc({ slug: fx.slug });
    expect(member.chapters.map((c) => c.id)).toEqual([fx.liveChapterId, fx.draftChapterId]);
    expect(member.story.myRole).toBe('owner');
    for (const toc of [reader, anonymous]) {
      expect(toc.chapters.map((c) => c.id)).toEqual([fx.liveChapterId]);
      expect(toc.story.myRole).toBeNull();
    }
  });
});
