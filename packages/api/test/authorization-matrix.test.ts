// Every procedure × every role against a real database. A procedure without an entry here
// fails the first test, so nobody can add one without deciding who may call it.
//   denied = NOT_FOUND for what the caller may not see, UNAUTHORIZED for anonymous callers of
//   authed procedures, FORBIDDEN only where the thing is visible but the action is not allowed.
import { mintAccountToken, parseSessionToken } from '@margins/auth';
import { newId, type Database } from '@margins/db';
import { openTestDatabase, uniqueSuffix } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter, createCaller } from '../src/root';
import type { MemberRole } from '../src/services/access';
import { createSeries } from '../src/services/series/manage-series';
import {
  PASSWORD,
  ROLES,
  directives,
  harness,
  outcome,
  storyFixture,
  type Harness,
  type Role,
  type StoryFixture,
} from './helpers';

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
  return {
    anonymous: 'UNAUTHORIZED',
    reader: on === 'private' ? 'NOT_FOUND' : 'FORBIDDEN',
    beta: member('beta'),
    coauthor: member('coauthor'),
    owner: member('owner'),
  };
}
/** Only the story's owner and co-authors; it does not exist for anyone else (the dashboard). */
const dashboardOnly: Expect = {
  anonymous: 'UNAUTHORIZED',
  reader: 'NOT_FOUND',
  beta: 'NOT_FOUND',
  coauthor: 'OK',
  owner: 'OK',
};
/** A public procedure on something only members may see. */
const hidden: Expect = {
  anonymous: 'NOT_FOUND',
  reader: 'NOT_FOUND',
  beta: 'OK',
  coauthor: 'OK',
  owner: 'OK',
};
/** Visible to everyone, and refused to everyone (a switch the owner left off). */
const everyoneForbidden: Expect = {
  anonymous: 'FORBIDDEN',
  reader: 'FORBIDDEN',
  beta: 'FORBIDDEN',
  coauthor: 'FORBIDDEN',
  owner: 'FORBIDDEN',
};
/** What exists for nobody through this procedure. */
const nowhere: Expect = {
  anonymous: 'NOT_FOUND',
  reader: 'NOT_FOUND',
  beta: 'NOT_FOUND',
  coauthor: 'NOT_FOUND',
  owner: 'NOT_FOUND',
};

const OWNER = ['owner'] as const;
const EDITORS = ['owner', 'coauthor'] as const;
const MEMBERS = ['owner', 'coauthor', 'beta'] as const;
const both = (make: (on: Target) => Case): Case[] => [make('private'), make('public')];
/** The chapter to act on: the draft of a private story, or the live chapter of a public one. */
const chapterOf = (fx: StoryFixture, on: Target) => (on === 'private' ? fx.draftChapterId : fx.liveChapterId);
const upload = {
  source: directives(['Mark reads the tide.'], ['Lexie reads the ledger.']),
  format: 'markdown' as const,
};

async function ownSession(fx: StoryFixture, role: Role, h: Harness): Promise<string> {
  if (role === 'anonymous') return 'no-session';
  const { token } = await h.auth.logIn({
    login: fx.users[role].username,
    password: PASSWORD,
    ip: `matrix-${uniqueSuffix()}`,
  });
  return parseSessionToken(token)!.id;
}

/** Seen by whoever may read the chapter, for logged-in callers only. */
function authedVisible(on: Target): Expect {
  return on === 'private'
    ? { anonymous: 'UNAUTHORIZED', reader: 'NOT_FOUND', beta: 'OK', coauthor: 'OK', owner: 'OK' }
    : loggedIn;
}
/** Publicly readable: hidden on a private story, open on a public one. */
const readable = (on: Target): Expect => (on === 'private' ? hidden : everyone);
/** Only readers (non-members) who can see the chapter may review it. */
const reviewers = (on: Target): Expect => ({
  anonymous: 'UNAUTHORIZED',
  reader: on === 'private' ? 'NOT_FOUND' : 'OK',
  beta: 'FORBIDDEN',
  coauthor: 'FORBIDDEN',
  owner: 'FORBIDDEN',
});
/** A pending comment exists only for its author and the story's editors. */
const pendingForEditors: Expect = {
  anonymous: 'UNAUTHORIZED',
  reader: 'NOT_FOUND',
  beta: 'NOT_FOUND',
  coauthor: 'OK',
  owner: 'OK',
};

/** The first text passage of the chapter's current revision. */
async function firstPassage(h: Harness, chapterId: string) {
  const { currentRevisionId } = await h.db.prisma.chapter.findUniqueOrThrow({
    where: { id: chapterId },
    select: { currentRevisionId: true },
  });
  const passage = await h.db.prisma.passage.findFirstOrThrow({
    where: { revisionId: currentRevisionId!, kind: 'text' },
    orderBy: { position: 'asc' },
    select: { key: true, text: true },
  });
  return { revisionId: currentRevisionId!, ...passage };
}
/** A whole-passage comment inserted directly (whoever the author, whatever the story's state). */
async function insertComment(
  h: Harness,
  chapterId: string,
  authorId: string,
  status: 'visible' | 'pending' = 'visible',
): Promise<string> {
  const p = await firstPassage(h, chapterId);
  const id = newId();
  await h.db.prisma.inlineComment.create({
    data: {
      id,
      chapterId,
      authorId,
      revisionId: p.revisionId,
      passageKey: p.key,
      startOffset: 0,
      endOffset: p.text.length,
      body: 'A comment',
      status,
    },
  });
  return id;
}
async function insertReview(h: Harness, chapterId: string, authorId: string): Promise<string> {
  const id = newId();
  await h.db.prisma.review.create({ data: { id, chapterId, authorId, verdict: 'yay', body: 'A review' } });
  return id;
}
const author = (fx: StoryFixture, role: Role) => (role === 'anonymous' ? fx.users.reader : fx.users[role]);

async function currentRevisionOf(h: Harness, chapterId: string): Promise<string> {
  const chapter = await h.db.prisma.chapter.findUniqueOrThrow({
    where: { id: chapterId },
    select: { currentRevisionId: true },
  });
  return chapter.currentRevisionId ?? '';
}
async function invite(h: Harness, fx: StoryFixture, inviteeId: string): Promise<string> {
  const row = await h.db.prisma.storyInvitation.create({
    data: {
      id: crypto.randomUUID(),
      storyId: fx.storyId,
      inviteeId,
      inviterId: fx.users.owner.id,
      role: 'coauthor',
    },
  });
  return row.id;
}
async function token(h: Harness, userId: string): Promise<string> {
  const row = await h.db.prisma.apiToken.create({
    data: { id: crypto.randomUUID(), userId, name: 'matrix', scope: 'read', secretHash: new Uint8Array(32) },
  });
  return row.id;
}

// Beta rounds and the feedback to-do (docs/collaboration.md). A round exists only for the
// story's editors and its invited readers; none of the matrix roles is invited unless a case says so.
/** Everyone but the editors gets NOT_FOUND: an uninvited story beta member too. */
const roundEditors: Expect = {
  anonymous: 'UNAUTHORIZED',
  reader: 'NOT_FOUND',
  beta: 'NOT_FOUND',
  coauthor: 'OK',
  owner: 'OK',
};
async function betaRound(h: Harness, fx: StoryFixture, on: Target): Promise<string> {
  const chapterId = chapterOf(fx, on);
  const id = newId();
  await h.db.prisma.betaRound.create({
    data: { id, chapterId, revisionId: await currentRevisionOf(h, chapterId), openedById: fx.users.owner.id },
  });
  return id;
}
/** A round on the chapter with the role's user invited (editors too, directly in the table). */
async function betaRoundWith(h: Harness, fx: StoryFixture, on: Target, role: Role): Promise<string> {
  const roundId = await betaRound(h, fx, on);
  if (role !== 'anonymous')
    await h.db.prisma.betaInvite.create({
      data: { id: newId(), roundId, userId: fx.users[role].id, acceptedAt: new Date() },
    });
  return roundId;
}
async function betaComment(
  h: Harness,
  fx: StoryFixture,
  on: Target,
  kind: 'critique' | 'round',
): Promise<string> {
  const chapterId = chapterOf(fx, on);
  const p = await firstPassage(h, chapterId);
  const betaRoundId = kind === 'round' ? await betaRound(h, fx, on) : null;
  const id = newId();
  await h.db.prisma.inlineComment.create({
    data: {
      id,
      chapterId,
      authorId: fx.users.other.id,
      revisionId: p.revisionId,
      passageKey: p.key,
      startOffset: 0,
      endOffset: p.text.length,
      body: 'Feedback',
      type: 'critique',
      visibility: kind === 'round' ? 'private' : 'public',
      betaRoundId,
    },
  });
  return id;
}

/** A mailed link for `fx.users.other` (whoever holds a link may follow it: it is the proof). */
async function mailedLink(
  h: Harness,
  fx: StoryFixture,
  purpose: 'verify_email' | 'reset_password',
): Promise<string> {
  const user = await h.db.prisma.user.findUniqueOrThrow({
    where: { id: fx.users.other.id },
    select: { email: true },
  });
  const email = purpose === 'verify_email' ? `new.${uniqueSuffix()}@example.test` : user.email!;
  await h.db.prisma.user.update({
    where: { id: fx.users.other.id },
    data: purpose === 'verify_email' ? { pendingEmail: email } : { emailVerifiedAt: new Date() },
  });
  return (await mintAccountToken(h.db.prisma, {
    userId: fx.users.other.id,
    purpose,
    email,
    now: new Date(),
  }))!;
}

/** A report of the fixture story, for the admin queue. */
async function storyReport(h: Harness, fx: StoryFixture): Promise<string> {
  const id = newId();
  await h.db.prisma.report.create({
    data: {
      id,
      reporterId: fx.users.other.id,
      storyId: fx.storyId,
      targetType: 'story',
      targetId: fx.storyId,
      reason: 'Spam',
    },
  });
  return id;
}
const adminCases: Record<string, Case[]> = {
  'admin.reports': [{ on: 'public', input: () => ({}), expect: nowhere }],
  'admin.closeReport': [
    {
      on: 'public',
      input: async (fx, _role, h) => ({ reportId: await storyReport(h, fx), resolution: 'dismissed' }),
      expect: nowhere,
    },
  ],
  'admin.users': [{ on: 'public', input: (fx) => ({ query: fx.users.other.username }), expect: nowhere }],
  'admin.suspend': [
    { on: 'public', input: (fx) => ({ userId: fx.users.other.id, reason: 'Spam' }), expect: nowhere },
  ],
  'admin.restore': [{ on: 'public', input: (fx) => ({ userId: fx.users.other.id }), expect: nowhere }],
  'admin.hideStory': [
    { on: 'public', input: (fx) => ({ storyId: fx.storyId, reason: 'Spam' }), expect: nowhere },
  ],
  'admin.unhideStory': [{ on: 'public', input: (fx) => ({ storyId: fx.storyId }), expect: nowhere }],
  'admin.audit': [{ on: 'public', input: () => ({}), expect: nowhere }],
  'admin.outbox': [{ on: 'public', input: () => undefined, expect: nowhere }],
  'admin.jobs': [{ on: 'public', input: () => undefined, expect: nowhere }],
};

const matrix: Record<string, Case[]> = {
  'auth.signUp': [
    {
      on: 'private',
      input: () => ({
        username: `new_${uniqueSuffix()}`,
        email: `new.${uniqueSuffix()}@example.test`,
        password: 'seven gulls over the north jetty',
      }),
      expect: everyone,
    },
  ],
  'auth.logIn': [
    {
      on: 'private',
      input: (fx) => ({ login: fx.users.other.username, password: PASSWORD }),
      expect: everyone,
    },
  ],
  'auth.logOut': [{ on: 'private', input: () => undefined, expect: everyone }],
  'auth.logOutEverywhere': [{ on: 'private', input: () => undefined, expect: loggedIn }],
  'auth.sessions': [{ on: 'private', input: () => undefined, expect: loggedIn }],
  'auth.revokeSession': [
    {
      on: 'private',
      what: 'own session',
      input: async (fx, role, h) => ({ sessionId: await ownSession(fx, role, h) }),
      expect: loggedIn,
    },
    {
      on: 'private',
      what: "someone else's session",
      input: async (fx, _role, h) => ({ sessionId: await ownSession(fx, 'reader', h) }),
      expect: {
        anonymous: 'UNAUTHORIZED',
        reader: 'OK',
        beta: 'NOT_FOUND',
        coauthor: 'NOT_FOUND',
        owner: 'NOT_FOUND',
      },
    },
  ],
  'auth.changePassword': [
    {
      on: 'private',
      input: () => ({ currentPassword: PASSWORD, newPassword: 'a brand new lamp for the keeper' }),
      expect: loggedIn,
    },
  ],

  'account.address': [{ on: 'private', input: () => undefined, expect: loggedIn }],
  'account.changeAddress': [
    {
      on: 'private',
      input: () => ({ email: `moved.${uniqueSuffix()}@example.test`, currentPassword: PASSWORD }),
      expect: loggedIn,
    },
  ],
  'account.resendVerification': [{ on: 'private', input: () => undefined, expect: loggedIn }],
  'account.link': [
    { on: 'private', input: () => ({ token: 'a'.repeat(32), purpose: 'reset_password' }), expect: everyone },
  ],
  'account.confirmAddress': [
    {
      on: 'private',
      input: async (fx, _role, h) => ({ token: await mailedLink(h, fx, 'verify_email') }),
      expect: everyone,
    },
  ],
  'account.requestPasswordReset': [
    { on: 'private', input: () => ({ email: `anyone.${uniqueSuffix()}@example.test` }), expect: everyone },
  ],
  'account.export': [{ on: 'private', input: () => undefined, expect: loggedIn }],
  'account.delete': [
    { on: 'private', input: () => ({ password: PASSWORD, stories: 'orphan' }), expect: loggedIn },
    { on: 'public', input: () => ({ password: PASSWORD, stories: 'delete' }), expect: loggedIn },
  ],
  'account.resetPassword': [
    {
      on: 'private',
      input: async (fx, _role, h) => ({
        token: await mailedLink(h, fx, 'reset_password'),
        newPassword: 'a brand new lamp for the keeper',
      }),
      expect: everyone,
    },
  ],

  'user.me': [{ on: 'private', input: () => undefined, expect: everyone }],
  'user.profile': [
    { on: 'private', input: (fx) => ({ username: fx.users.owner.username }), expect: everyone },
  ],
  'user.myProfile': [{ on: 'private', input: () => undefined, expect: loggedIn }],
  'user.updateProfile': [
    {
      on: 'private',
      input: () => ({ displayName: 'A name', bio: 'A bio.', links: ['https://example.com/'] }),
      expect: loggedIn,
    },
  ],
  'user.mute': [{ on: 'private', input: (fx) => ({ username: fx.users.other.username }), expect: loggedIn }],
  'user.unmute': [
    { on: 'private', input: (fx) => ({ username: fx.users.other.username }), expect: loggedIn },
  ],
  'user.mutes': [{ on: 'private', input: () => undefined, expect: loggedIn }],

  'story.create': [{ on: 'private', input: () => ({ title: 'A new story' }), expect: loggedIn }],
  'story.update': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId, title: 'Renamed' }),
    expect: membersOnly(OWNER, on),
  })),
  'story.delete': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId }),
    expect: membersOnly(OWNER, on),
  })),
  'story.setTags': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId, fandom: ['Original Work'] }),
    expect: membersOnly(OWNER, on),
  })),
  'story.publish': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId }),
    expect: membersOnly(OWNER, on),
  })),
  'story.unpublish': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId }),
    expect: membersOnly(OWNER, on),
  })),
  'story.setMember': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId, username: fx.users.beta.username, role: 'coauthor' }),
    expect: membersOnly(OWNER, on),
  })),
  'story.import': [
    {
      on: 'private',
      input: () => ({ markdown: '---\ntitle: "Imported"\n---\n\n# One\n\nPlain text.\n' }),
      expect: loggedIn,
    },
  ],
  'story.removeMember': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId, userId: fx.users.beta.id }),
    expect: membersOnly(OWNER, on),
  })),
  'story.members': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId }),
    expect: membersOnly(MEMBERS, on),
  })),
  'story.addCharacter': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId, name: 'Keeper', color: '#123456' }),
    expect: membersOnly(EDITORS, on),
  })),
  'story.updateCharacter': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId, characterId: fx.characters.mark, color: '#000000' }),
    expect: membersOnly(EDITORS, on),
  })),
  'story.removeCharacter': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId, characterId: fx.characters.unused }),
    expect: membersOnly(EDITORS, on),
  })),
  'story.reorderCharacters': both((on) => ({
    on,
    input: (fx) => ({
      storyId: fx.storyId,
      characterIds: [fx.characters.lexie, fx.characters.mark, fx.characters.unused],
    }),
    expect: membersOnly(EDITORS, on),
  })),
  'story.bySlug': [
    { on: 'private', input: (fx) => ({ slug: fx.slug }), expect: hidden },
    { on: 'public', input: (fx) => ({ slug: fx.slug }), expect: everyone },
  ],
  'story.browse': [{ on: 'public', input: () => ({}), expect: everyone }],
  'story.search': [{ on: 'public', input: () => ({ query: 'ledger' }), expect: everyone }],
  'story.find': [{ on: 'public', input: () => ({ query: 'ledger' }), expect: everyone }],
  // Where members work on a story: it does not exist for anyone else, even when public.
  'story.contents': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId }),
    expect: { anonymous: 'UNAUTHORIZED', reader: 'NOT_FOUND', beta: 'OK', coauthor: 'OK', owner: 'OK' },
  })),
  'story.mine': [{ on: 'private', input: () => undefined, expect: loggedIn }],

  'chapter.preview': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId, upload }),
    expect: membersOnly(EDITORS, on),
  })),
  'chapter.stage': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId, file: { ...upload, fileName: 'ch.md' }, settings: {} }),
    expect: membersOnly(EDITORS, on),
  })),
  // A staged upload of the caller's own (anonymous callers name the reader's).
  'chapter.saveStaged': both((on) => ({
    on,
    input: async (fx, role, h) => {
      const stagedId = newId();
      await h.db.prisma.stagedUpload.create({
        data: {
          id: stagedId,
          userId: author(fx, role).id,
          storyId: fx.storyId,
          format: 'markdown',
          source: new TextEncoder().encode(upload.source),
          settings: {},
        },
      });
      return { storyId: fx.storyId, stagedId, title: 'Staged', settings: {} };
    },
    expect: membersOnly(EDITORS, on),
  })),
  'chapter.notes': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on), notes: { summary: 'The tide turns.' } }),
    expect: membersOnly(EDITORS, on),
  })),
  'chapter.inferPov': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId, passages: [{ kind: 'text', text: 'Mark counted the gulls.' }] }),
    expect: membersOnly(EDITORS, on),
  })),
  'chapter.create': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId, title: 'Three', upload }),
    expect: membersOnly(EDITORS, on),
  })),
  'chapter.move': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId, chapterId: fx.draftChapterId, direction: 'up' }),
    expect: membersOnly(EDITORS, on),
  })),
  'chapter.reorder': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId, chapterIds: [fx.draftChapterId, fx.liveChapterId] }),
    expect: membersOnly(EDITORS, on),
  })),
  'chapter.edit': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on), upload }),
    expect: membersOnly(EDITORS, on),
  })),
  'chapter.get': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on) }),
    expect: membersOnly(EDITORS, on),
  })),
  'chapter.publish': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on) }),
    expect: membersOnly(EDITORS, on),
  })),
  'chapter.schedule': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on), publishAt: new Date(Date.now() + 3_600_000) }),
    expect: membersOnly(EDITORS, on),
  })),
  'chapter.unpublish': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on) }),
    expect: membersOnly(EDITORS, on),
  })),
  'chapter.delete': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on) }),
    expect: membersOnly(EDITORS, on),
  })),
  'chapter.revisions': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on) }),
    expect: membersOnly(MEMBERS, on),
  })),
  'chapter.diff': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on), from: 1, to: 1 }),
    expect: membersOnly(MEMBERS, on),
  })),
  'chapter.merge': both((on) => ({
    on,
    input: async (fx, _role, h) => ({
      chapterId: chapterOf(fx, on),
      baseRevisionId: await currentRevisionOf(h, chapterOf(fx, on)),
      markup: 'Mine.\n',
    }),
    expect: membersOnly(EDITORS, on),
  })),

  // Collaboration (docs/collaboration.md): invitations, API tokens, export.
  'invitation.create': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId, username: fx.users.other.username, role: 'coauthor' }),
    expect: membersOnly(OWNER, on),
  })),
  'invitation.forStory': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId }),
    expect: membersOnly(OWNER, on),
  })),
  'invitation.cancel': both((on) => ({
    on,
    input: async (fx, _role, h) => ({
      storyId: fx.storyId,
      invitationId: await invite(h, fx, fx.users.other.id),
    }),
    expect: membersOnly(OWNER, on),
  })),
  'invitation.mine': [{ on: 'private', input: () => undefined, expect: loggedIn }],
  'invitation.pendingCount': [{ on: 'private', input: () => undefined, expect: loggedIn }],
  'invitation.respond': [
    {
      on: 'private',
      what: 'invitation to the reader',
      input: async (fx, _role, h) => ({
        invitationId: await invite(h, fx, fx.users.reader.id),
        accept: true,
      }),
      expect: {
        anonymous: 'UNAUTHORIZED',
        reader: 'OK',
        beta: 'NOT_FOUND',
        coauthor: 'NOT_FOUND',
        owner: 'NOT_FOUND',
      },
    },
  ],
  'token.create': [{ on: 'private', input: () => ({ name: 'cli', scope: 'read' }), expect: loggedIn }],
  'token.list': [{ on: 'private', input: () => undefined, expect: loggedIn }],
  'token.revoke': [
    {
      on: 'private',
      what: 'own token',
      input: async (fx, role, h) => ({
        tokenId: await token(h, role === 'anonymous' ? fx.users.reader.id : fx.users[role].id),
      }),
      expect: loggedIn,
    },
    {
      on: 'private',
      what: "someone else's token",
      input: async (fx, _role, h) => ({ tokenId: await token(h, fx.users.other.id) }),
      expect: {
        anonymous: 'UNAUTHORIZED',
        reader: 'NOT_FOUND',
        beta: 'NOT_FOUND',
        coauthor: 'NOT_FOUND',
        owner: 'NOT_FOUND',
      },
    },
  ],
  'export.markdown': [
    { on: 'private', input: (fx) => ({ slug: fx.slug }), expect: hidden },
    { on: 'public', input: (fx) => ({ slug: fx.slug }), expect: everyone },
  ],
  'export.chapter': [
    { on: 'private', input: (fx) => ({ slug: fx.slug, number: 1 }), expect: hidden },
    { on: 'public', input: (fx) => ({ slug: fx.slug, number: 1 }), expect: everyone },
  ],
  'export.epub': [
    { on: 'private', input: (fx) => ({ slug: fx.slug }), expect: hidden },
    { on: 'public', input: (fx) => ({ slug: fx.slug }), expect: everyone },
    {
      on: 'private',
      what: "one character's story",
      input: (fx) => ({ slug: fx.slug, pov: 'Mark' }),
      expect: hidden,
    },
    {
      on: 'public',
      what: "one character's story",
      input: (fx) => ({ slug: fx.slug, pov: 'Mark' }),
      expect: everyone,
    },
  ],
  // The feed is for public stories only, members included.
  'export.feed': [
    {
      on: 'private',
      input: (fx) => ({ slug: fx.slug }),
      expect: {
        anonymous: 'NOT_FOUND',
        reader: 'NOT_FOUND',
        beta: 'NOT_FOUND',
        coauthor: 'NOT_FOUND',
        owner: 'NOT_FOUND',
      },
    },
    { on: 'public', input: (fx) => ({ slug: fx.slug }), expect: everyone },
  ],

  'beta.open': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on) }),
    expect: membersOnly(EDITORS, on),
  })),
  'beta.rounds': both((on) => ({ on, input: (fx) => ({ storyId: fx.storyId }), expect: roundEditors })),
  'beta.mine': [{ on: 'private', input: () => undefined, expect: loggedIn }],
  'beta.get': both((on) => ({
    on,
    input: async (fx, _role, h) => ({ roundId: await betaRound(h, fx, on) }),
    expect: roundEditors,
  })),
  'beta.read': [
    ...both((on) => ({
      on,
      what: 'not invited',
      input: async (fx: StoryFixture, _role: Role, h: Harness) => ({ roundId: await betaRound(h, fx, on) }),
      expect: roundEditors,
    })),
    ...both((on) => ({
      on,
      what: 'invited',
      input: async (fx: StoryFixture, role: Role, h: Harness) => ({
        roundId: await betaRoundWith(h, fx, on, role),
      }),
      expect: loggedIn,
    })),
  ],
  'beta.feedback': both((on) => ({
    on,
    input: async (fx, _role, h) => ({ roundId: await betaRound(h, fx, on) }),
    expect: roundEditors,
  })),
  'beta.invite': both((on) => ({
    on,
    input: async (fx, _role, h) => ({
      roundId: await betaRound(h, fx, on),
      username: fx.users.other.username,
    }),
    expect: roundEditors,
  })),
  'beta.createLink': both((on) => ({
    on,
    input: async (fx, _role, h) => ({ roundId: await betaRound(h, fx, on), expiresInDays: 3 }),
    expect: roundEditors,
  })),
  'beta.revokeInvite': both((on) => ({
    on,
    input: async (fx, _role, h) => {
      const invite = await h.db.prisma.betaInvite.create({
        data: { id: newId(), roundId: await betaRound(h, fx, on), userId: fx.users.other.id },
      });
      return { inviteId: invite.id };
    },
    expect: roundEditors,
  })),
  'beta.close': both((on) => ({
    on,
    input: async (fx, _role, h) => ({ roundId: await betaRound(h, fx, on) }),
    expect: roundEditors,
  })),
  'beta.link': both((on) => ({
    on,
    input: async (fx, _role, h) => {
      const link = await h.caller(fx.users.owner).beta.createLink({ roundId: await betaRound(h, fx, on) });
      return { token: link.token };
    },
    expect: loggedIn,
  })),
  'beta.accept': both((on) => ({
    on,
    input: async (fx, _role, h) => {
      const link = await h.caller(fx.users.owner).beta.createLink({ roundId: await betaRound(h, fx, on) });
      return { token: link.token };
    },
    expect: loggedIn,
  })),
  'beta.comment': [
    ...both((on) => ({
      on,
      what: 'not invited',
      input: async (fx: StoryFixture, _role: Role, h: Harness) => ({
        roundId: await betaRound(h, fx, on),
        passageKey: (await firstPassage(h, chapterOf(fx, on))).key,
        body: 'Hm',
        type: 'critique',
      }),
      expect: { ...roundEditors, coauthor: 'FORBIDDEN', owner: 'FORBIDDEN' },
    })),
    ...both((on) => ({
      on,
      what: 'invited',
      input: async (fx: StoryFixture, role: Role, h: Harness) => ({
        roundId: await betaRoundWith(h, fx, on, role),
        passageKey: (await firstPassage(h, chapterOf(fx, on))).key,
        body: 'Hm',
        type: 'critique',
      }),
      expect: loggedIn,
    })),
  ],
  'beta.verdict': [
    ...both((on) => ({
      on,
      what: 'not invited',
      input: async (fx: StoryFixture, _role: Role, h: Harness) => ({
        roundId: await betaRound(h, fx, on),
        verdict: 'yay',
      }),
      expect: { ...roundEditors, coauthor: 'FORBIDDEN', owner: 'FORBIDDEN' },
    })),
    ...both((on) => ({
      on,
      what: 'invited',
      input: async (fx: StoryFixture, role: Role, h: Harness) => ({
        roundId: await betaRoundWith(h, fx, on, role),
        verdict: 'nay',
        body: 'Not yet',
      }),
      expect: loggedIn,
    })),
  ],
  'feedback.todo': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on) }),
    expect: membersOnly(EDITORS, on),
  })),
  'feedback.setResolution': [
    ...both((on) => ({
      on,
      what: 'a critique',
      input: async (fx: StoryFixture, _role: Role, h: Harness) => ({
        commentId: await betaComment(h, fx, on, 'critique'),
        resolution: 'resolved',
      }),
      expect: membersOnly(EDITORS, on),
    })),
    ...both((on) => ({
      on,
      what: 'beta feedback',
      input: async (fx: StoryFixture, _role: Role, h: Harness) => ({
        commentId: await betaComment(h, fx, on, 'round'),
        resolution: 'accepted',
      }),
      expect: roundEditors,
    })),
  ],

  'reading.chapter': [
    {
      on: 'private',
      what: 'published chapter of a private story',
      input: (fx) => ({ chapterId: fx.liveChapterId }),
      expect: hidden,
    },
    {
      on: 'public',
      what: 'published chapter',
      input: (fx) => ({ chapterId: fx.liveChapterId, povOnly: 'Lexie' }),
      expect: everyone,
    },
    {
      on: 'public',
      what: 'draft chapter of a public story',
      input: (fx) => ({ chapterId: fx.draftChapterId }),
      expect: hidden,
    },
  ],
  'reading.toc': [
    { on: 'private', input: (fx) => ({ slug: fx.slug }), expect: hidden },
    { on: 'public', input: (fx) => ({ slug: fx.slug }), expect: everyone },
  ],
  // Numbered as the caller's table of contents: readers count live chapters only.
  'reading.chapterAt': [
    { on: 'private', input: (fx) => ({ slug: fx.slug, number: 1 }), expect: hidden },
    { on: 'public', input: (fx) => ({ slug: fx.slug, number: 1 }), expect: everyone },
    {
      on: 'public',
      what: 'the draft, second for members',
      input: (fx) => ({ slug: fx.slug, number: 2 }),
      expect: hidden,
    },
  ],
  'reading.work': [
    { on: 'private', input: (fx) => ({ slug: fx.slug }), expect: hidden },
    { on: 'public', input: (fx) => ({ slug: fx.slug }), expect: everyone },
    {
      on: 'private',
      what: 'following one POV',
      input: (fx) => ({ slug: fx.slug, povOnly: 'Lexie' }),
      expect: hidden,
    },
    {
      on: 'public',
      what: 'following one POV',
      input: (fx) => ({ slug: fx.slug, povOnly: 'Lexie' }),
      expect: everyone,
    },
  ],
  // A signed-in caller is answered 'member' without a look at the chapter: nothing is counted or told.
  'reading.readThrough': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on), passageKey: 'nowhere' }),
    expect: readable(on),
  })),
  'reading.recordGuestRead': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on) }),
    expect: on === 'private' ? { ...hidden, reader: 'OK' } : everyone,
  })),
  'reading.recordRead': [
    {
      on: 'private',
      what: 'published chapter of a private story',
      input: (fx) => ({ chapterId: fx.liveChapterId }),
      expect: { ...hidden, anonymous: 'UNAUTHORIZED' },
    },
    {
      on: 'public',
      what: 'published chapter',
      input: (fx) => ({ chapterId: fx.liveChapterId }),
      expect: loggedIn,
    },
    {
      on: 'public',
      what: 'draft chapter of a public story',
      input: (fx) => ({ chapterId: fx.draftChapterId }),
      expect: { ...hidden, anonymous: 'UNAUTHORIZED' },
    },
  ],

  // The dashboard exists only for the story's editors: everyone else, beta readers too, gets NOT_FOUND.
  'dashboard.stories': [{ on: 'private', input: () => undefined, expect: loggedIn }],
  'dashboard.story': both((on) => ({ on, input: (fx) => ({ storyId: fx.storyId }), expect: dashboardOnly })),
  'dashboard.chapter': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on) }),
    expect: dashboardOnly,
  })),
  'dashboard.readThrough': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on) }),
    expect: dashboardOnly,
  })),
  'dashboard.series': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId, from: '2026-01-01', to: '2026-01-31', granularity: 'week' }),
    expect: dashboardOnly,
  })),
  'dashboard.inbox': [
    { on: 'private', what: 'across my stories', input: () => ({}), expect: loggedIn },
    ...both((on) => ({
      on,
      what: 'of one story',
      input: (fx: StoryFixture) => ({ filters: { storyId: fx.storyId } }),
      expect: dashboardOnly,
    })),
  ],
  'dashboard.markFeedback': both((on) => ({
    on,
    input: async (fx, _role, h) => {
      const review = await h.db.prisma.review.create({
        data: {
          id: crypto.randomUUID(),
          chapterId: fx.liveChapterId,
          authorId: fx.users.other.id,
          verdict: 'yay',
        },
      });
      return { items: [{ kind: 'review', id: review.id }], seen: true };
    },
    expect: dashboardOnly,
  })),
  'dashboard.markAllSeen': [
    { on: 'private', what: 'across my stories', input: () => ({}), expect: loggedIn },
    ...both((on) => ({
      on,
      what: 'of one story',
      input: (fx: StoryFixture) => ({ filters: { storyId: fx.storyId } }),
      expect: dashboardOnly,
    })),
  ],
  'dashboard.audience': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId }),
    expect: dashboardOnly,
  })),
  'dashboard.csv': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId, table: 'chapters' }),
    expect: dashboardOnly,
  })),
  // Inline comments, reviews, moderation, notifications (docs/comments.md).
  'comment.create': both((on) => ({
    on,
    input: async (fx, _role, h) => ({
      chapterId: chapterOf(fx, on),
      passageKey: (await firstPassage(h, chapterOf(fx, on))).key,
      body: 'Nice',
      type: 'reaction',
      visibility: 'public',
    }),
    expect: authedVisible(on),
  })),
  // Guests' comments: only on what a guest may read, and only where the owner turned them on.
  'comment.guestCreate': [
    ...both((on) => ({
      on,
      what: 'with guest comments off',
      input: async (fx, _role, h) => ({
        chapterId: chapterOf(fx, on),
        passageKey: (await firstPassage(h, chapterOf(fx, on))).key,
        body: 'Nice',
        name: 'Ann',
      }),
      expect: on === 'private' ? nowhere : everyoneForbidden,
    })),
    ...both((on) => ({
      on,
      what: 'with guest comments on',
      input: async (fx, _role, h) => {
        await h.db.prisma.story.update({ where: { id: fx.storyId }, data: { guestComments: true } });
        return {
          chapterId: chapterOf(fx, on),
          passageKey: (await firstPassage(h, chapterOf(fx, on))).key,
          body: 'Nice',
          name: 'Ann',
        };
      },
      expect: on === 'private' ? nowhere : everyone,
    })),
  ],
  'comment.list': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on) }),
    expect: readable(on),
  })),
  'comment.summary': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on) }),
    expect: readable(on),
  })),
  'comment.passage': both((on) => ({
    on,
    input: async (fx, _role, h) => ({
      chapterId: chapterOf(fx, on),
      passageKey: (await firstPassage(h, chapterOf(fx, on))).key,
    }),
    expect: readable(on),
  })),
  'comment.thread': both((on) => ({
    on,
    input: async (fx, _role, h) => ({
      chapterId: chapterOf(fx, on),
      threadId: await insertComment(h, chapterOf(fx, on), fx.users.other.id),
    }),
    expect: readable(on),
  })),
  'comment.counts': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on) }),
    expect: readable(on),
  })),
  'comment.liveChannel': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on) }),
    expect: readable(on),
  })),
  'comment.update': [
    ...both((on) => ({
      on,
      what: 'own comment',
      input: async (fx, role, h) => ({
        commentId: await insertComment(h, chapterOf(fx, on), author(fx, role).id),
        body: 'Edited',
      }),
      expect: authedVisible(on),
    })),
    ...both((on) => ({
      on,
      what: "someone else's comment",
      input: async (fx, _role, h) => ({
        commentId: await insertComment(h, chapterOf(fx, on), fx.users.other.id),
        body: 'Edited',
      }),
      expect: membersOnly([], on),
    })),
  ],
  'comment.delete': [
    ...both((on) => ({
      on,
      what: 'own comment',
      input: async (fx, role, h) => ({
        commentId: await insertComment(h, chapterOf(fx, on), author(fx, role).id),
      }),
      expect: authedVisible(on),
    })),
    ...both((on) => ({
      on,
      what: "someone else's comment",
      input: async (fx, _role, h) => ({
        commentId: await insertComment(h, chapterOf(fx, on), fx.users.other.id),
      }),
      expect: membersOnly([], on),
    })),
  ],
  'comment.outdated': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on) }),
    expect: membersOnly(EDITORS, on),
  })),

  'review.upsert': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on), verdict: 'yay', pacing: 4 }),
    expect: reviewers(on),
  })),
  'review.verdict': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on), verdict: 'yay' }),
    expect: reviewers(on),
  })),
  // Guests' verdicts exist only on what a guest may read: a private story's chapter is NOT_FOUND to every caller.
  'review.guestVerdict': both((on) => ({
    on,
    input: (fx) => ({
      chapterId: chapterOf(fx, on),
      verdict: 'nay',
      browserSecret: 'matrix-browser-secret-0001',
    }),
    expect: on === 'private' ? nowhere : everyone,
  })),
  // Answers only this browser's own verdict (null where it gave none, as on any private chapter): it tells nothing of the chapter.
  'review.guestVerdictOf': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on), browserSecret: 'matrix-browser-secret-0001' }),
    expect: everyone,
  })),
  'review.list': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on) }),
    expect: readable(on),
  })),
  'review.mine': both((on) => ({
    on,
    input: (fx) => ({ chapterId: chapterOf(fx, on) }),
    expect: authedVisible(on),
  })),
  'review.reply': both((on) => ({
    on,
    input: async (fx, _role, h) => ({
      reviewId: await insertReview(h, chapterOf(fx, on), fx.users.other.id),
      body: 'Thanks',
    }),
    expect: membersOnly(EDITORS, on),
  })),
  'review.storySummary': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId }),
    expect: readable(on),
  })),

  'moderation.setCommentStatus': both((on) => ({
    on,
    input: async (fx, _role, h) => ({
      commentId: await insertComment(h, chapterOf(fx, on), fx.users.other.id),
      status: 'hidden',
    }),
    expect: membersOnly(EDITORS, on),
  })),
  'moderation.setReviewStatus': both((on) => ({
    on,
    input: async (fx, _role, h) => ({
      reviewId: await insertReview(h, chapterOf(fx, on), fx.users.other.id),
      status: 'hidden',
    }),
    expect: membersOnly(EDITORS, on),
  })),
  'moderation.freeze': both((on) => ({
    on,
    input: async (fx, _role, h) => ({
      commentId: await insertComment(h, chapterOf(fx, on), fx.users.other.id),
      frozen: true,
    }),
    expect: membersOnly(EDITORS, on),
  })),
  'moderation.pending': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId }),
    expect: membersOnly(EDITORS, on),
  })),
  'moderation.approve': both((on) => ({
    on,
    input: async (fx, _role, h) => ({
      commentId: await insertComment(h, chapterOf(fx, on), fx.users.other.id, 'pending'),
    }),
    expect: pendingForEditors,
  })),
  'moderation.reject': both((on) => ({
    on,
    input: async (fx, _role, h) => ({
      commentId: await insertComment(h, chapterOf(fx, on), fx.users.other.id, 'pending'),
    }),
    expect: pendingForEditors,
  })),
  'moderation.setGuestVerdicts': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId, enabled: true }),
    expect: membersOnly(OWNER, on),
  })),
  'moderation.setGuestComments': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId, enabled: true }),
    expect: membersOnly(OWNER, on),
  })),
  'moderation.settings': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId }),
    expect: membersOnly(EDITORS, on),
  })),
  'moderation.setApproveFirstComments': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId, enabled: true }),
    expect: membersOnly(OWNER, on),
  })),
  'moderation.block': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId, userId: fx.users.other.id }),
    expect: membersOnly(OWNER, on),
  })),
  'moderation.unblock': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId, userId: fx.users.other.id }),
    expect: membersOnly(OWNER, on),
  })),
  'moderation.blocked': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId }),
    expect: membersOnly(OWNER, on),
  })),
  'moderation.report': both((on) => ({
    on,
    input: async (fx, _role, h) => ({
      targetType: 'comment',
      targetId: await insertComment(h, chapterOf(fx, on), fx.users.other.id),
      reason: 'Spam',
    }),
    expect: authedVisible(on),
  })),
  'moderation.reports': both((on) => ({
    on,
    input: (fx) => ({ storyId: fx.storyId }),
    expect: membersOnly(OWNER, on),
  })),
  'moderation.resolveReport': both((on) => ({
    on,
    input: async (fx, _role, h) => {
      const id = newId();
      await h.db.prisma.report.create({
        data: {
          id,
          reporterId: fx.users.other.id,
          storyId: fx.storyId,
          targetType: 'comment',
          targetId: 'gone',
          reason: 'Spam',
        },
      });
      return { storyId: fx.storyId, reportId: id };
    },
    expect: membersOnly(OWNER, on),
  })),

  'notification.list': [{ on: 'private', input: () => ({ unreadOnly: true }), expect: loggedIn }],
  'notification.unreadCount': [{ on: 'private', input: () => undefined, expect: loggedIn }],
  'notification.markRead': [{ on: 'private', input: () => ({}), expect: loggedIn }],
  'notification.settings': [{ on: 'private', input: () => undefined, expect: loggedIn }],
  'notification.updateSettings': [{ on: 'private', input: () => ({ reply: false }), expect: loggedIn }],

  // Subscribing needs the story to be visible: a private story does not exist for readers.
  'follow.subscribe': [
    {
      on: 'private',
      input: (fx) => ({ storyId: fx.storyId }),
      expect: { ...hidden, anonymous: 'UNAUTHORIZED' },
    },
    { on: 'public', input: (fx) => ({ storyId: fx.storyId }), expect: loggedIn },
  ],
  'follow.unsubscribe': [
    {
      on: 'private',
      input: (fx) => ({ storyId: fx.storyId }),
      expect: { ...hidden, anonymous: 'UNAUTHORIZED' },
    },
    { on: 'public', input: (fx) => ({ storyId: fx.storyId }), expect: loggedIn },
  ],
  'follow.status': [
    {
      on: 'private',
      input: (fx) => ({ storyId: fx.storyId }),
      expect: { ...hidden, anonymous: 'UNAUTHORIZED' },
    },
    { on: 'public', input: (fx) => ({ storyId: fx.storyId }), expect: loggedIn },
  ],
  'follow.mine': [{ on: 'private', input: () => undefined, expect: loggedIn }],
  'follow.mailFrequency': [{ on: 'private', input: () => undefined, expect: loggedIn }],
  'follow.setMailFrequency': [{ on: 'private', input: () => ({ mail: 'daily' }), expect: loggedIn }],
  'follow.series': both((on) => ({ on, input: (fx) => ({ storyId: fx.storyId }), expect: dashboardOnly })),

  // The reader's shelf: only about chapters and stories they may read.
  'library.visit': [
    {
      on: 'private',
      input: (fx) => ({ chapterId: fx.draftChapterId }),
      expect: { ...hidden, anonymous: 'UNAUTHORIZED' },
    },
    { on: 'public', input: (fx) => ({ chapterId: fx.liveChapterId, passageKey: 'abc' }), expect: loggedIn },
  ],
  'library.history': [{ on: 'private', input: () => ({}), expect: loggedIn }],
  'library.later': [
    {
      on: 'private',
      input: (fx) => ({ storyId: fx.storyId, later: true }),
      expect: { ...hidden, anonymous: 'UNAUTHORIZED' },
    },
    { on: 'public', input: (fx) => ({ storyId: fx.storyId, later: true }), expect: loggedIn },
  ],
  'library.bookmark': [
    {
      on: 'private',
      input: (fx) => ({ storyId: fx.storyId }),
      expect: { ...hidden, anonymous: 'UNAUTHORIZED' },
    },
    { on: 'public', input: (fx) => ({ storyId: fx.storyId }), expect: loggedIn },
  ],
  'library.saveBookmark': [
    {
      on: 'private',
      input: (fx) => ({ storyId: fx.storyId, public: true, note: 'n', tags: ['t'] }),
      expect: { ...hidden, anonymous: 'UNAUTHORIZED' },
    },
    {
      on: 'public',
      input: (fx) => ({ storyId: fx.storyId, public: true, note: 'n', tags: ['t'] }),
      expect: loggedIn,
    },
  ],
  'library.deleteBookmark': [{ on: 'private', input: (fx) => ({ storyId: fx.storyId }), expect: loggedIn }],
  'library.bookmarks': [{ on: 'private', input: () => undefined, expect: loggedIn }],
  'library.export': [{ on: 'private', input: () => undefined, expect: loggedIn }],

  // Series: the owner's; a reader sees one through a part they may read (the fixture story).
  'series.create': both((on) => ({
    on,
    what: '(with this story as part 1)',
    input: (fx) => ({ title: 'A series', storyId: fx.storyId }),
    expect: membersOnly(EDITORS, on),
  })),
  'series.update': both((on) => ({
    on,
    input: async (fx, _r, h) => ({ seriesId: await seriesOf(h, fx), title: 'Renamed' }),
    expect: membersOnly(OWNER, on),
  })),
  'series.delete': both((on) => ({
    on,
    input: async (fx, _r, h) => ({ seriesId: await seriesOf(h, fx) }),
    expect: membersOnly(OWNER, on),
  })),
  'series.addPart': both((on) => ({
    on,
    what: '(an empty series: nobody else sees it)',
    input: async (fx, _r, h) => ({ seriesId: await seriesOf(h, fx, false), storyId: fx.storyId }),
    expect: {
      anonymous: 'UNAUTHORIZED',
      reader: 'NOT_FOUND',
      beta: 'NOT_FOUND',
      coauthor: 'NOT_FOUND',
      owner: 'OK',
    },
  })),
  'series.removePart': both((on) => ({
    on,
    input: async (fx, _r, h) => ({ seriesId: await seriesOf(h, fx), storyId: fx.storyId }),
    expect: membersOnly(OWNER, on),
  })),
  'series.movePart': both((on) => ({
    on,
    input: async (fx, _r, h) => ({ seriesId: await seriesOf(h, fx), storyId: fx.storyId, position: 1 }),
    expect: membersOnly(OWNER, on),
  })),
  'series.mine': [{ on: 'private', input: () => undefined, expect: loggedIn }],
  'series.byId': both((on) => ({
    on,
    input: async (fx, _r, h) => ({ seriesId: await seriesOf(h, fx) }),
    expect: readable(on),
  })),
  'series.ofStory': both((on) => ({ on, input: (fx) => ({ storyId: fx.storyId }), expect: readable(on) })),
  // Site administration (docs/admin.md): no story role reaches it; NOT_FOUND to all of them. The
  // test after the matrix calls each of these as a site admin and expects OK.
  ...adminCases,
};

/** A series of the fixture's owner, with the fixture story as its one part (or empty). */
async function seriesOf(h: Harness, fx: StoryFixture, withStory = true): Promise<string> {
  const { id } = await createSeries({
    db: h.db,
    userId: fx.users.owner.id,
    title: 'Matrix series',
    storyId: withStory ? fx.storyId : undefined,
    now: new Date(),
  });
  return id;
}

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

  // The other side of "NOT_FOUND to everyone else": a site admin gets an answer from every
  // admin procedure (a mutation on a fresh fixture, as above).
  it.each(Object.entries(adminCases))('%s answers a site admin', async (path, [c]) => {
    const fx = await storyFixture(h, c!.on);
    const admin = await h.user('admin');
    await h.db.prisma.user.update({ where: { id: admin.id }, data: { siteAdminAt: new Date() } });
    expect(await outcome(() => call(h.caller(admin), path, c!.input(fx, 'reader', h)))).toBe('OK');
  });
});
