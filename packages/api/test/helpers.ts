// Test support: users, contexts and a story fixture built through the real services.
import { createAuth, hashPassword, type Auth, type SessionUser } from '@margins/auth';
import { type Database, newId } from '@margins/db';
import { uniqueSuffix } from '@margins/db/test';
import { TRPCError } from '@trpc/server';
import { createCaller } from '../src/root';
import { createChapter } from '../src/services/chapter/create-chapter';
import { publishChapter } from '../src/services/chapter/publish-chapter';
import { createStory } from '../src/services/story/create-story';
import { addPovCharacter } from '../src/services/story/pov-characters';
import { publishStory } from '../src/services/story/publish-story';
import { setStoryMember } from '../src/services/story/story-members';
import { createContext, type Context } from '../src/trpc';

export const PASSWORD = 'a lighthouse keeps its own ledger';

/** A cookie jar standing in for the app's: records what the API asked it to do. */
export function cookieJar() {
  const jar = {
    token: null as string | null,
    expiresAt: null as Date | null,
    setSession(token: string, expiresAt: Date) {
      jar.token = token;
      jar.expiresAt = expiresAt;
    },
    clearSession() {
      jar.token = null;
      jar.expiresAt = null;
    },
  };
  return jar;
}

export interface Harness {
  db: Database;
  auth: Auth;
  /** A context for `user` (null = anonymous), with its own client address so per-IP limits never collide. */
  context(user: SessionUser | null, extra?: Partial<Context>): Context;
  caller(user: SessionUser | null, extra?: Partial<Context>): ReturnType<typeof createCaller>;
  /** A user inserted directly (one argon2 hash shared by all of them, for speed); password PASSWORD. */
  user(prefix?: string): Promise<SessionUser>;
}

export async function harness(db: Database): Promise<Harness> {
  const auth = createAuth(db);
  const passwordHash = await hashPassword(PASSWORD);
  const h: Harness = {
    db,
    auth,
    context: (user, extra = {}) =>
      createContext({
        db,
        auth,
        user,
        sessionId: null,
        clientAddress: `test-${uniqueSuffix()}`,
        cookies: cookieJar(),
        ...extra,
      }),
    caller: (user, extra) => createCaller(h.context(user, extra)),
    async user(prefix = 'u') {
      const username = `${prefix}_${uniqueSuffix()}`.slice(0, 30);
      return db.prisma.user.create({
        data: { id: newId(), username, email: `${username}@example.test`.toLowerCase(), passwordHash },
        select: { id: true, username: true, displayName: true },
      });
    },
  };
  return h;
}

export const directives = (mark: string[], lexie: string[]) =>
  `::: pov Mark\n${mark.join('\n\n')}\n:::\n\n***\n\n::: pov Lexie\n${lexie.join('\n\n')}\n:::\n`;

export type Role = 'anonymous' | 'reader' | 'beta' | 'coauthor' | 'owner';
export const ROLES: readonly Role[] = ['anonymous', 'reader', 'beta', 'coauthor', 'owner'];

export interface StoryFixture {
  users: Record<Exclude<Role, 'anonymous'>, SessionUser> & { other: SessionUser };
  storyId: string;
  slug: string;
  characters: { mark: string; lexie: string; unused: string };
  /** Published chapter (live once the story is public). */
  liveChapterId: string;
  draftChapterId: string;
}

/**
 * A story with an owner, a co-author and a beta reader, three POV characters (one narrating
 * nothing), a published chapter and a draft; public or private.
 */
export async function storyFixture(h: Harness, visibility: 'public' | 'private'): Promise<StoryFixture> {
  const [owner, coauthor, beta, reader, other] = await Promise.all(
    ['owner', 'coauthor', 'beta', 'reader', 'other'].map((p) => h.user(p)),
  );
  const users = { owner: owner!, coauthor: coauthor!, beta: beta!, reader: reader!, other: other! };
  const db = h.db;
  const now = new Date();
  const userId = users.owner.id;
  const { id: storyId, slug } = await createStory({
    db,
    userId,
    title: `Fixture ${uniqueSuffix()}`,
    summary: 'A fixture story.',
  });
  const mark = await addPovCharacter({ db, userId, storyId, name: 'Mark', color: '#1f6feb' });
  const lexie = await addPovCharacter({ db, userId, storyId, name: 'Lexie', color: '#b35900' });
  const unused = await addPovCharacter({ db, userId, storyId, name: 'Nobody', color: '#6e7781' });
  await setStoryMember({ db, userId, storyId, username: users.coauthor.username, role: 'coauthor' });
  await setStoryMember({ db, userId, storyId, username: users.beta.username, role: 'beta' });
  const upload = (words: string) => ({
    source: directives([`Mark ${words}.`], [`Lexie ${words}.`]),
    format: 'markdown' as const,
  });
  const live = await createChapter({ db, userId, storyId, title: 'One', upload: upload('opens the ledger') });
  const draft = await createChapter({
    db,
    userId,
    storyId,
    title: 'Two',
    upload: upload('closes the ledger'),
  });
  await publishChapter({ db, userId, chapterId: live.chapterId, now });
  if (visibility === 'public') await publishStory({ db, userId, storyId, now });
  return {
    users,
    storyId,
    slug,
    characters: { mark: mark.id, lexie: lexie.id, unused: unused.id },
    liveChapterId: live.chapterId,
    draftChapterId: draft.chapterId,
  };
}

/** The tRPC code a call fails with, or 'OK'. */
export async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'OK';
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

/** The TRPCError a call fails with; fails the test when it succeeds. */
export async function trpcError(call: Promise<unknown>): Promise<TRPCError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('Expected the call to fail, but it succeeded.');
}
