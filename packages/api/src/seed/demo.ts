// Demo data for a fresh install: `pnpm db:seed`. Idempotent: does nothing once user `demo` exists.
// Goes through the same services as the app, so the demo is what an author would have made.
import { hashPassword, type Auth } from '@margins/auth';
import { type Database, newId } from '@margins/db';
import { createChapter } from '../services/chapter/create-chapter';
import { createComment } from '../services/comment/create-comment';
import { publishChapter } from '../services/chapter/publish-chapter';
import { createStory } from '../services/story/create-story';
import { addPovCharacter } from '../services/story/pov-characters';
import { publishStory } from '../services/story/publish-story';
import { upsertReview } from '../services/review/upsert-review';
import { setStoryTags } from '../services/story/set-story-tags';
import { CHAPTERS, COMMENTS, REVIEWS, STORY } from './story';

export const DEMO_PASSWORD = 'margins-demo-2026';

export interface SeedDemoOptions {
  /** The app's auth; the demo accounts use its password hashing and can log in through it. */
  auth: Auth;
  now?: () => Date;
}

export async function seedDemo(db: Database, options: SeedDemoOptions): Promise<{ created: boolean }> {
  const now = options.now ?? (() => new Date());
  if (await db.prisma.user.findUnique({ where: { username: 'demo' }, select: { id: true } })) return { created: false };

  // The author is inserted directly: the documented demo password contains the username "demo",
  // which sign-up rightly refuses for real accounts. The hash is auth's own, so logIn works.
  const author = await db.prisma.user.create({
    data: { id: newId(), username: 'demo', email: 'demo@margins.example', displayName: 'Demo Author', passwordHash: await hashPassword(DEMO_PASSWORD) },
    select: { id: true },
  });
  const { user: reader } = await options.auth.signUp({ username: 'reader', email: 'reader@margins.example', password: DEMO_PASSWORD });
  await db.prisma.user.update({ where: { id: reader.id }, data: { displayName: 'A Reader' } });

  try {
    await seedStory(db, { authorId: author.id, readerId: reader.id, now });
  } catch (error) {
    // Without this, a failure half-way would leave `demo` behind and every later run would skip.
    await db.prisma.story.deleteMany({ where: { members: { some: { userId: author.id, role: 'owner' } } } });
    await db.prisma.user.deleteMany({ where: { id: { in: [author.id, reader.id] } } });
    throw error;
  }
  return { created: true };
}

async function seedStory(db: Database, options: { authorId: string; readerId: string; now: () => Date }): Promise<void> {
  const { authorId: userId, readerId, now } = options;
  // The slug comes from the title ("the-lighthouse-ledger"), with a suffix if a story took it.
  const { id: storyId } = await createStory({ db, userId, title: STORY.title, summary: STORY.summary });
  await addPovCharacter({ db, userId, storyId, name: 'Mark', color: '#1f6feb' });
  await addPovCharacter({ db, userId, storyId, name: 'Lexie', color: '#b35900' });
  await setStoryTags({ db, userId, storyId, tags: STORY.tags });

  const chapters: { chapterId: string; revisionId: string }[] = [];
  for (const chapter of CHAPTERS) {
    const saved = await createChapter({ db, userId, storyId, title: chapter.title, upload: { source: chapter.markup, format: 'markdown', convention: 'directives' } });
    await publishChapter({ db, userId, chapterId: saved.chapterId, now: now() });
    chapters.push(saved);
  }
  await publishStory({ db, userId, storyId, now: now() });

  // Through the comment and review services: anchors are computed as for any reader, and the
  // demo author gets the notifications a real author would.
  for (const comment of COMMENTS) {
    const { chapterId, revisionId } = chapters[comment.chapter]!;
    const passage = await db.prisma.passage.findFirst({ where: { revisionId, text: { contains: comment.quote } }, select: { key: true, text: true } });
    if (!passage) throw new Error(`Demo comment quote not found in chapter ${comment.chapter + 1}: ${comment.quote}`);
    const start = passage.text.indexOf(comment.quote);
    await createComment({
      db, userId: readerId, chapterId, passageKey: passage.key, start, end: start + comment.quote.length,
      body: comment.body, type: comment.type, visibility: 'public', now: now(),
    });
  }

  for (const { chapter, ...review } of REVIEWS) {
    await upsertReview({ db, userId: readerId, chapterId: chapters[chapter]!.chapterId, ...review, now: now() });
  }
}
