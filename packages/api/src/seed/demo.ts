// Demo data for a fresh install: `pnpm db:seed`. Idempotent: does nothing once user `demo` exists.
// Goes through the same services as the app, so the demo is what an author would have made.
import { hashPassword, type Auth } from '@margins/auth';
import { type Database, newId } from '@margins/db';
import { createChapter } from '../services/chapter/create-chapter';
import type { ChapterParser } from '../services/parse/pool';
import { createComment } from '../services/comment/create-comment';
import { publishChapter } from '../services/chapter/publish-chapter';
import { recordRead } from '../services/reading/record-read';
import { createStory } from '../services/story/create-story';
import { addPovCharacter } from '../services/story/pov-characters';
import { publishStory } from '../services/story/publish-story';
import { upsertReview } from '../services/review/upsert-review';
import { setStoryTags } from '../services/story/set-story-tags';
import { PUBLISHED_DAYS_AGO, READER_COMMENTS, READER_REVIEWS, READERS, READS, type When } from './readers';
import { CHAPTERS, COMMENTS, REVIEWS, STORY } from './story';

export const DEMO_PASSWORD = 'margins-demo-2026';

export interface SeedDemoOptions {
  /** The app's auth; the demo accounts use its password hashing and can log in through it. */
  auth: Auth;
  now?: () => Date;
  /** The app's parse pool, so seeding starts no second one; the default pool when absent. */
  parser?: ChapterParser;
}

export async function seedDemo(db: Database, options: SeedDemoOptions): Promise<{ created: boolean }> {
  const now = options.now ?? (() => new Date());
  if (await db.prisma.user.findUnique({ where: { username: 'demo' }, select: { id: true } }))
    return { created: false };

  // The author is inserted directly: the documented demo password contains the username "demo",
  // which sign-up rightly refuses for real accounts. The hash is auth's own, so logIn works.
  const author = await db.prisma.user.create({
    data: {
      id: newId(),
      username: 'demo',
      email: 'demo@margins.example',
      emailVerifiedAt: now(),
      displayName: 'Demo Author',
      passwordHash: await hashPassword(DEMO_PASSWORD),
    },
    select: { id: true },
  });
  const { user: reader } = await options.auth.signUp({
    username: 'reader',
    email: 'reader@margins.example',
    password: DEMO_PASSWORD,
  });
  // Demo addresses count as confirmed (no mail was sent for them; "forgot password" lands in the outbox).
  const confirmed = (email: string) => ({ email, emailVerifiedAt: now(), pendingEmail: null });
  await db.prisma.user.update({
    where: { id: reader.id },
    data: { displayName: 'A Reader', ...confirmed('reader@margins.example') },
  });
  const created = [author.id, reader.id];

  try {
    // The other readers sign up like `reader` (no client address, so no per-IP sign-up limit).
    const readerIds = new Map([['reader', reader.id]]);
    for (const [i, r] of READERS.entries()) {
      const { user } = await options.auth.signUp({
        username: r.username,
        email: `${r.username}@margins.example`,
        password: DEMO_PASSWORD,
      });
      created.push(user.id);
      readerIds.set(r.username, user.id);
      // Joined a few weeks before they started reading.
      await db.prisma.user.update({
        where: { id: user.id },
        data: {
          displayName: r.displayName,
          createdAt: ago(now(), { daysAgo: 30 - i }),
          ...confirmed(`${r.username}@margins.example`),
        },
      });
    }
    await seedStory(db, { authorId: author.id, readerId: reader.id, readerIds, now, parser: options.parser });
  } catch (error) {
    // Without this, a failure half-way would leave `demo` behind and every later run would skip.
    await db.prisma.story.deleteMany({ where: { members: { some: { userId: author.id, role: 'owner' } } } });
    await db.prisma.user.deleteMany({ where: { id: { in: created } } });
    throw error;
  }
  return { created: true };
}

const HOUR_MS = 60 * 60 * 1000;
const ago = (now: Date, when: When) =>
  new Date(now.getTime() - (when.daysAgo * 24 + (when.hours ?? 0)) * HOUR_MS);

async function seedStory(
  db: Database,
  options: {
    authorId: string;
    readerId: string;
    readerIds: Map<string, string>;
    now: () => Date;
    parser: ChapterParser | undefined;
  },
): Promise<void> {
  const { authorId: userId, readerId, readerIds, now, parser } = options;
  const seededAt = now();
  // The slug comes from the title ("the-lighthouse-ledger"), with a suffix if a story took it.
  const { id: storyId } = await createStory({
    db,
    userId,
    title: STORY.title,
    summary: STORY.summary,
    rating: STORY.rating,
    warnings: STORY.warnings,
    expectedChapters: STORY.expectedChapters,
  });
  await addPovCharacter({ db, userId, storyId, name: 'Mark', color: '#1f6feb' });
  await addPovCharacter({ db, userId, storyId, name: 'Lexie', color: '#b35900' });
  await setStoryTags({ db, userId, storyId, tags: STORY.tags });

  // Published a couple of weeks back, a chapter every five days, so the readers' history below
  // comes after each chapter went out.
  const chapters: { chapterId: string; revisionId: string }[] = [];
  for (const [i, chapter] of CHAPTERS.entries()) {
    const saved = await createChapter({
      db,
      userId,
      storyId,
      title: chapter.title,
      upload: { source: chapter.markup, format: 'markdown', convention: 'directives' },
      parser,
    });
    await publishChapter({
      db,
      userId,
      chapterId: saved.chapterId,
      now: ago(seededAt, { daysAgo: PUBLISHED_DAYS_AGO[i] ?? 0 }),
    });
    chapters.push(saved);
  }
  await publishStory({ db, userId, storyId, now: ago(seededAt, { daysAgo: PUBLISHED_DAYS_AGO[0] }) });

  /** The passage holding `quote` (exactly one must) and where the quote starts in it. */
  const anchor = async (chapter: number, quote: string) => {
    const { revisionId } = chapters[chapter]!;
    const found = await db.prisma.passage.findMany({
      where: { revisionId, text: { contains: quote } },
      select: { key: true, text: true },
    });
    if (found.length !== 1)
      throw new Error(
        `Demo comment quote found in ${found.length} passages of chapter ${chapter + 1}: ${quote}`,
      );
    const passage = found[0]!;
    const at = passage.text.indexOf(quote);
    return { passageKey: passage.key, start: at, end: at + quote.length };
  };
  const idOf = (username: string) => {
    const id = readerIds.get(username);
    if (!id) throw new Error(`Unknown demo reader: ${username}`);
    return id;
  };

  // The readers' last two weeks, replayed in time order through the reading, comment and review
  // services with their own `now`: reads land on their days (and the 24-hour rule holds, since it
  // looks back from each read), and the rollups date everything as the dashboard shows it.
  const history = [
    ...READS.map((r) => ({
      at: ago(seededAt, r),
      run: async (at: Date) => {
        const { counted } = await recordRead({
          db,
          userId: idOf(r.username),
          chapterId: chapters[r.chapter]!.chapterId,
          now: at,
        });
        if (!counted) throw new Error(`Demo read not counted: ${r.username}, chapter ${r.chapter + 1}`);
      },
    })),
    ...READER_COMMENTS.map((c) => ({
      at: ago(seededAt, c),
      run: async (at: Date) => {
        await createComment({
          db,
          userId: idOf(c.username),
          chapterId: chapters[c.chapter]!.chapterId,
          ...(await anchor(c.chapter, c.quote)),
          body: c.body,
          type: c.type,
          visibility: 'public',
          now: at,
        });
      },
    })),
    ...READER_REVIEWS.map(({ username, chapter, daysAgo, hours, ...review }) => ({
      at: ago(seededAt, { daysAgo, hours }),
      run: async (at: Date) => {
        await upsertReview({
          db,
          userId: idOf(username),
          chapterId: chapters[chapter]!.chapterId,
          ...review,
          now: at,
        });
      },
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const event of history) await event.run(event.at);

  // Through the comment and review services: anchors are computed as for any reader, and the
  // demo author gets the notifications a real author would.
  for (const comment of COMMENTS) {
    const { chapterId, revisionId } = chapters[comment.chapter]!;
    const passage = await db.prisma.passage.findFirst({
      where: { revisionId, text: { contains: comment.quote } },
      select: { key: true, text: true },
    });
    if (!passage)
      throw new Error(`Demo comment quote not found in chapter ${comment.chapter + 1}: ${comment.quote}`);
    const start = passage.text.indexOf(comment.quote);
    await createComment({
      db,
      userId: readerId,
      chapterId,
      passageKey: passage.key,
      start,
      end: start + comment.quote.length,
      body: comment.body,
      type: comment.type,
      visibility: 'public',
      now: now(),
    });
  }

  for (const { chapter, ...review } of REVIEWS) {
    await upsertReview({
      db,
      userId: readerId,
      chapterId: chapters[chapter]!.chapterId,
      ...review,
      now: now(),
    });
  }
}
