// Story data for benches and load runs, made through the real API (createCaller), so the rows
// are exactly what the app writes: a public story, chapters in POV directives, inline comments.
import { createCaller, createContext } from '@margins/api';
import { createAuth, hashPassword, type SessionUser } from '@margins/auth';
import { newId, type Database } from '@margins/db';

export const PASSWORD = 'a lighthouse keeps its own ledger';
const WORDS =
  'the ferry lamp stairs harbour brass key gull tide rope lantern quiet morning letter window salt'.split(
    ' ',
  );

/** Deterministic prose (xorshift) in `::: pov` blocks: ~`words` words, paragraphs of 40–120 words. */
export function chapterMarkdown(words: number, seed = 88172645): string {
  let x = seed >>> 0 || 1;
  const rand = (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
  const blocks: string[] = [];
  let written = 0;
  let pov = 0;
  while (written < words) {
    const paras: string[] = [];
    for (let p = 0, n = 2 + rand(4); p < n && written < words; p++) {
      const len = Math.min(words - written, 40 + rand(80));
      const w = Array.from({ length: len }, () => WORDS[rand(WORDS.length)]!);
      w[0] = w[0]!.charAt(0).toUpperCase() + w[0]!.slice(1);
      paras.push(`${w.join(' ')}.`);
      written += len;
    }
    blocks.push(`::: pov ${pov % 2 ? 'Lexie' : 'Mark'}\n${paras.join('\n\n')}\n:::`);
    pov += 1;
  }
  return `${blocks.join('\n\n')}\n`;
}

export function apiCaller(db: Database, user: SessionUser | null, clientAddress = `bench-${newId()}`) {
  const auth = createAuth(db);
  const cookies = { setSession() {}, clearSession() {} };
  return createCaller(createContext({ db, auth, user, sessionId: null, clientAddress, cookies }));
}

/** Users inserted directly (one shared hash), password PASSWORD; names `${prefix}_${i}`. */
export async function makeUsers(db: Database, prefix: string, count: number): Promise<SessionUser[]> {
  const passwordHash = await hashPassword(PASSWORD);
  const users: SessionUser[] = [];
  for (let i = 0; i < count; i++) {
    const username = `${prefix}_${i}`.slice(0, 30);
    users.push(
      await db.prisma.user.create({
        data: { id: newId(), username, email: `${username}@example.test`, passwordHash },
        select: { id: true, username: true, displayName: true },
      }),
    );
  }
  return users;
}

export interface StoryData {
  owner: SessionUser;
  storyId: string;
  slug: string;
  chapterIds: string[];
}

/** A public story with `chapters` published chapters of `words` words each, owned by a new user. */
export async function publicStory(
  db: Database,
  options: { prefix: string; chapters: number; words: number; title?: string },
): Promise<StoryData> {
  const [owner] = await makeUsers(db, `${options.prefix}_owner`, 1);
  const api = apiCaller(db, owner!);
  const { id: storyId, slug } = await api.story.create({
    title: options.title ?? `Bench story ${options.prefix}`,
    summary: 'Generated for benchmarks and load runs.',
  });
  await api.story.addCharacter({ storyId, name: 'Mark', color: '#1f6feb' });
  await api.story.addCharacter({ storyId, name: 'Lexie', color: '#b35900' });
  const chapterIds: string[] = [];
  for (let c = 0; c < options.chapters; c++) {
    const { chapterId } = await api.chapter.create({
      storyId,
      title: `Chapter ${c + 1}`,
      upload: { source: chapterMarkdown(options.words, 1000 + c), format: 'markdown' },
    });
    await api.chapter.publish({ chapterId });
    chapterIds.push(chapterId);
  }
  await api.story.publish({ storyId });
  return { owner: owner!, storyId, slug, chapterIds };
}

/**
 * `count` inline comments on a chapter's published revision, spread over its passages (every
 * fifth on a phrase), posted by `count / 10` readers (the API allows 10 comments a minute each).
 */
export async function inlineComments(
  db: Database,
  options: { prefix: string; chapterId: string; count: number },
): Promise<string[]> {
  const { publishedRevisionId } = await db.prisma.chapter.findUniqueOrThrow({
    where: { id: options.chapterId },
    select: { publishedRevisionId: true },
  });
  const passages = await db.prisma.passage.findMany({
    where: { revisionId: publishedRevisionId!, kind: 'text' },
    orderBy: { position: 'asc' },
    select: { key: true, text: true },
  });
  const readers = await makeUsers(db, `${options.prefix}_r`, Math.ceil(options.count / 10));
  const ids: string[] = [];
  for (let i = 0; i < options.count; i++) {
    const p = passages[(i * 7) % passages.length]!;
    const api = apiCaller(db, readers[Math.floor(i / 10)]!);
    const phrase = i % 5 === 0 && p.text.length > 30 ? { start: 5, end: 25 } : {};
    const created = await api.comment.create({
      chapterId: options.chapterId,
      passageKey: p.key,
      ...phrase,
      body: `Comment ${i}: the lantern line lands.`,
      type: i % 3 === 0 ? 'critique' : 'reaction',
      visibility: 'public',
    });
    ids.push(created.id);
  }
  return ids;
}
