// Every procedure × every role against a real database. A procedure without an entry here
// fails the first test, so nobody can add one without deciding who may call it.
//   denied = NOT_FOUND for what the caller may not see, UNAUTHORIZED for anonymous callers of
//   authed procedures, FORBIDDEN only where the thing is visible but the action is not allowed.
import { parseSessionToken } from '@margins/auth';
import type { Database } from '@margins/db';
import { openTestDatabase, uniqueSuffix } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter, createCaller } from '../src/root';
import type { MemberRole } from '../src/services/access';
import { PASSWORD, ROLES, directives, harness, outcome, storyFixture, type Harness, type Role, type StoryFixture } from './helpers';

type Outcome = 'OK' | 'UNAUTHORIZED' | 'NOT_FOUND' | 'FORBIDDEN';
type Expect = Record<Role, Outcome>;
type Target = 'private' | 'public';
interface Case {
  /** The fixture story's visibility. */
  on: Target;
  what?: string;
  input: (fx: StoryFixture, role: Role, h: Harness) => unknown;
  expect: Expect;
}

const everyone: Expect = { anonymous: 'OK', reader: 'OK', beta: 'OK', coauthor: 'OK', owner: 'OK' };
const loggedIn: Expect = { ...everyone, anonymous: 'UNAUTHORIZED' };

/** Authed and limited to `allowed` members; readers see a public story but may not act on it. */
function membersOnly(allowed: readonly MemberRole[], on: Target): Expect {
  const member = (r: MemberRole): Outcome => (allowed.includes(r) ? 'OK' : 'FORBIDDEN');
  return { anonymous: 'UNAUTHORIZED', reader: on === 'private' ? 'NOT_FOUND' : 'FORBIDDEN', beta: member('beta'), coauthor: member('coauthor'), owner: member('owner') };
}
/** A public procedure on something only members may see. */
const hidden: Expect = { anonymous: 'NOT_FOUND', reader: 'NOT_FOUND', beta: 'OK', coauthor: 'OK', owner: 'OK' };

const OWNER = ['owner'] as const;
const EDITORS = ['owner', 'coauthor'] as const;
const MEMBERS = ['owner', 'coauthor', 'beta'] as const;
const both = (make: (on: Target) => Case): Case[] => [make('private'), make('public')];
/** The chapter to act on: the draft of a private story, or the live chapter of a public one. */
const chapterOf = (fx: StoryFixture, on: Target) => (on === 'private' ? fx.draftChapterId : fx.liveChapterId);
const upload = { source: directives(['Mark reads the tide.'], ['Lexie reads the ledger.']), format: 'markdown' as const };

async function ownSession(fx: StoryFixture, role: Role, h: Harness): Promise<string> {
  if (role === 'anonymous') return 'no-session';
  const { token } = await h.auth.logIn({ login: fx.users[role].username, password: PASSWORD, ip: `matrix-${uniqueSuffix()}` });
  return parseSessionToken(token)!.id;
}

const matrix: Record<string, Case[]> = {
  'auth.signUp': [{ on: 'private', input: () => ({ username: `new_${uniqueSuffix()}`, email: `new.${uniqueSuffix()}@example.test`, password: 'seven gulls over the north jetty' }), expect: everyone }],
  'auth.logIn': [{ on: 'private', input: (fx) => ({ login: fx.users.other.username, password: PASSWORD }), expect: everyone }],
  'auth.logOut': [{ on: 'private', input: () => undefined, expect: everyone }],
  'auth.logOutEverywhere': [{ on: 'private', input: () => undefined, expect: loggedIn }],
  'auth.sessions': [{ on: 'private', input: () => undefined, expect: loggedIn }],
  'auth.revokeSession': [
    { on: 'private', what: 'own session', input: async (fx, role, h) => ({ sessionId: await ownSession(fx, role, h) }), expect: loggedIn },
    {
      on: 'private',
      what: "someone else's session",
      input: async (fx, _role, h) => ({ sessionId: await ownSession(fx, 'reader', h) }),
      expect: { anonymous: 'UNAUTHORIZED', reader: 'OK', beta: 'NOT_FOUND', coauthor: 'NOT_FOUND', owner: 'NOT_FOUND' },
    },
  ],
  'auth.changePassword': [{ on: 'private', input: () => ({ currentPassword: PASSWORD, newPassword: 'a brand new lamp for the keeper' }), expect: loggedIn }],

  'user.me': [{ on: 'private', input: () => undefined, expect: everyone }],
  'user.profile': [{ on: 'private', input: (fx) => ({ username: fx.users.owner.username }), expect: everyone }],

  'story.create': [{ on: 'private', input: () => ({ title: 'A new story' }), expect: loggedIn }],
  'story.update': both((on) => ({ on, input: (fx) => ({ storyId: fx.storyId, title: 'Renamed' }), expect: membersOnly(OWNER, on) })),
  'story.delete': both((on) => ({ on, input: (fx) => ({ storyId: fx.storyId }), expect: membersOnly(OWNER, on) })),
  'story.setTags': both((on) => ({ on, input: (fx) => ({ storyId: fx.storyId, fandom: ['Original Work'] }), expect: membersOnly(OWNER, on) })),
  'story.publish': both((on) => ({ on, input: (fx) => ({ storyId: fx.storyId }), expect: membersOnly(OWNER, on) })),
  'story.unpublish': both((on) => ({ on, input: (fx) => ({ storyId: fx.storyId }), expect: membersOnly(OWNER, on) })),
  'story.setMember': both((on) => ({ on, input: (fx) => ({ storyId: fx.storyId, username: fx.users.other.username, role: 'beta' }), expect: membersOnly(OWNER, on) })),
  'story.removeMember': both((on) => ({ on, input: (fx) => ({ storyId: fx.storyId, userId: fx.users.beta.id }), expect: membersOnly(OWNER, on) })),
  'story.members': both((on) => ({ on, input: (fx) => ({ storyId: fx.storyId }), expect: membersOnly(MEMBERS, on) })),
  'story.addCharacter': both((on) => ({ on, input: (fx) => ({ storyId: fx.storyId, name: 'Keeper', color: '#123456' }), expect: membersOnly(EDITORS, on) })),
  'story.updateCharacter': both((on) => ({ on, input: (fx) => ({ storyId: fx.storyId, characterId: fx.characters.mark, color: '#000000' }), expect: membersOnly(EDITORS, on) })),
  'story.removeCharacter': both((on) => ({ on, input: (fx) => ({ storyId: fx.storyId, characterId: fx.characters.unused }), expect: membersOnly(EDITORS, on) })),
  'story.reorderCharacters': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId, characterIds: [fx.characters.lexie, fx.characters.mark, fx.characters.unused] }),
    expect: membersOnly(EDITORS, on),
  })),
  'story.bySlug': [
    { on: 'private', input: (fx) => ({ slug: fx.slug }), expect: hidden },
    { on: 'public', input: (fx) => ({ slug: fx.slug }), expect: everyone },
  ],
  'story.browse': [{ on: 'public', input: () => ({}), expect: everyone }],
  'story.search': [{ on: 'public', input: () => ({ query: 'ledger' }), expect: everyone }],
  'story.mine': [{ on: 'private', input: () => undefined, expect: loggedIn }],

  'chapter.preview': both((on) => ({ on, input: (fx) => ({ storyId: fx.storyId, upload }), expect: membersOnly(EDITORS, on) })),
  'chapter.create': both((on) => ({ on, input: (fx) => ({ storyId: fx.storyId, title: 'Three', upload }), expect: membersOnly(EDITORS, on) })),
  'chapter.reorder': both((on) => ({ on, input: (fx) => ({ storyId: fx.storyId, chapterIds: [fx.draftChapterId, fx.liveChapterId] }), expect: membersOnly(EDITORS, on) })),
  'chapter.edit': both((on) => ({ on, input: (fx) => ({ chapterId: chapterOf(fx, on), upload }), expect: membersOnly(EDITORS, on) })),
  'chapter.get': both((on) => ({ on, input: (fx) => ({ chapterId: chapterOf(fx, on) }), expect: membersOnly(EDITORS, on) })),
  'chapter.publish': both((on) => ({ on, input: (fx) => ({ chapterId: chapterOf(fx, on) }), expect: membersOnly(EDITORS, on) })),
  'chapter.schedule': both((on) => ({ on, input: (fx) => ({ chapterId: chapterOf(fx, on), publishAt: new Date(Date.now() + 3_600_000) }), expect: membersOnly(EDITORS, on) })),
  'chapter.unpublish': both((on) => ({ on, input: (fx) => ({ chapterId: chapterOf(fx, on) }), expect: membersOnly(EDITORS, on) })),
  'chapter.delete': both((on) => ({ on, input: (fx) => ({ chapterId: chapterOf(fx, on) }), expect: membersOnly(EDITORS, on) })),
  'chapter.revisions': both((on) => ({ on, input: (fx) => ({ chapterId: chapterOf(fx, on) }), expect: membersOnly(MEMBERS, on) })),
  'chapter.diff': both((on) => ({ on, input: (fx) => ({ chapterId: chapterOf(fx, on), from: 1, to: 1 }), expect: membersOnly(MEMBERS, on) })),

  'reading.chapter': [
    { on: 'private', what: 'published chapter of a private story', input: (fx) => ({ chapterId: fx.liveChapterId }), expect: hidden },
    { on: 'public', what: 'published chapter', input: (fx) => ({ chapterId: fx.liveChapterId, povOnly: 'Lexie' }), expect: everyone },
    { on: 'public', what: 'draft chapter of a public story', input: (fx) => ({ chapterId: fx.draftChapterId }), expect: hidden },
  ],
  'reading.toc': [
    { on: 'private', input: (fx) => ({ slug: fx.slug }), expect: hidden },
    { on: 'public', input: (fx) => ({ slug: fx.slug }), expect: everyone },
  ],
};

let db: Database;
let h: Harness;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
});
afterAll(async () => {
  await db?.close();
});

type Procedures = Record<string, { _def: { type: 'query' | 'mutation' | 'subscription' } }>;
const procedures = appRouter._def.procedures as unknown as Procedures;

function call(caller: ReturnType<typeof createCaller>, path: string, input: unknown): Promise<unknown> {
  const fn = path.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], caller);
  return (fn as (input: unknown) => Promise<unknown>)(input);
}

describe('authorization matrix', () => {
  it('has an entry for every procedure, and none for a procedure that does not exist', () => {
    const paths = Object.keys(procedures).sort();
    expect(paths.filter((p) => !(p in matrix))).toEqual([]);
    expect(Object.keys(matrix).filter((p) => !paths.includes(p))).toEqual([]);
  });

  const cases = Object.entries(matrix).flatMap(([path, list]) => list.map((c) => ({ path, ...c })));
  it.each(cases)('$path on a $on story $what', async ({ path, on, input, expect: expected }) => {
    // Mutations get a fresh fixture per role, so one role's success cannot change another's answer.
    const mutation = procedures[path]?._def.type === 'mutation';
    let shared: StoryFixture | null = null;
    const actual: Partial<Expect> = {};
    for (const role of ROLES) {
      const fx: StoryFixture = mutation || !shared ? await storyFixture(h, on) : shared;
      shared = fx;
      const user = role === 'anonymous' ? null : fx.users[role];
      const caller = h.caller(user);
      const value = await input(fx, role, h);
      actual[role] = (await outcome(() => call(caller, path, value))) as Outcome;
    }
    expect(actual).toEqual(expected);
  });
});
