import { createAuth } from '@margins/auth';
import type { Database } from '@margins/db';
import { openTestDatabase, testDatabaseUrl } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/seed/demo';
import { CHAPTERS, COMMENTS, REVIEWS, STORY } from '../src/seed/story';
import { harness, type Harness } from './helpers';

// The demo uses fixed usernames, so on the shared PostgreSQL it may already be there (from
// another run); on a fresh PGlite it never is. Either way a second call must do nothing.
let db: Database;
let h: Harness;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
});
afterAll(async () => {
  await db?.close();
});

describe('seedDemo', () => {
  it('creates the demo once, readable by anyone, and is idempotent', async () => {
    const auth = createAuth(db);
    const first = await seedDemo(db, { auth });
    if (!testDatabaseUrl()) expect(first.created).toBe(true);
    expect(await seedDemo(db, { auth })).toEqual({ created: false });
    const stories = await db.prisma.story.findMany({ where: { members: { some: { user: { username: 'demo' }, role: 'owner' } } }, select: { slug: true, title: true } });
    expect(stories.map((s) => s.title)).toEqual([STORY.title]);
    if (!testDatabaseUrl()) expect(stories[0]!.slug).toBe('the-lighthouse-ledger');

    const anonymous = h.caller(null);
    const toc = await anonymous.reading.toc({ slug: stories[0]!.slug });
    expect(toc.chapters.map((c) => c.title)).toEqual(CHAPTERS.map((c) => c.title));
    expect(toc.story.povCharacters.map((c) => [c.name, c.color])).toEqual([['Mark', '#1f6feb'], ['Lexie', '#b35900']]);
    for (const c of toc.chapters) {
      expect(c.wordCount).toBeGreaterThanOrEqual(300);
      expect(c.wordCount).toBeLessThanOrEqual(600);
      expect(c.povs).toEqual(['Mark', 'Lexie']);
    }
    const first_ = await anonymous.reading.chapter({ chapterId: toc.chapters[0]!.id });
    const counted = Object.values(first_.commentCounts).reduce((a, b) => a + b, 0);
    expect(counted).toBe(COMMENTS.filter((c) => c.chapter === 0).length);
    expect(await db.prisma.review.count({ where: { chapter: { storyId: toc.story.id } } })).toBe(REVIEWS.length);

    for (const login of ['demo', 'reader']) {
      expect((await auth.logIn({ login, password: 'margins-demo-2026', ip: `seed-test-${login}` })).user.username).toBe(login);
    }
  });
});
