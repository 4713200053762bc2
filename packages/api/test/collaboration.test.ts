// Co-authors editing at once (conflict, merge, revision authors), invitations, and personal
// access tokens (scopes, revocation), against a real database.
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateApiToken } from '../src/services/token/api-tokens';
import { directives, harness, storyFixture, trpcError, type Harness } from './helpers';

let db: Database;
let h: Harness;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
});
afterAll(async () => {
  await db?.close();
});

const md = (source: string) => ({ source, format: 'markdown' as const });

describe('two people saving the same chapter', () => {
  it('refuses the second save from the same base, keeps the first, and merges both', async () => {
    const fx = await storyFixture(h, 'private');
    const owner = h.caller(fx.users.owner);
    const coauthor = h.caller(fx.users.coauthor);
    const chapterId = fx.draftChapterId;
    const base = await owner.chapter.get({ chapterId });
    const baseMarkup = base.revision!.markup;
    const baseId = base.revision!.id;

    // The owner edits Mark's paragraph, the co-author Lexie's, both from the same revision.
    const ownerText = baseMarkup.replace('Mark closes the ledger.', 'Mark closes the ledger and the lamp.');
    const coauthorText = baseMarkup.replace(
      'Lexie closes the ledger.',
      'Lexie closes the ledger, then the door.',
    );
    await owner.chapter.edit({ chapterId, upload: md(ownerText), baseRevisionId: baseId });
    const refused = await trpcError(
      coauthor.chapter.edit({ chapterId, upload: md(coauthorText), baseRevisionId: baseId }),
    );
    expect(refused.code).toBe('CONFLICT');
    expect((await owner.chapter.get({ chapterId })).revision!.markup).toBe(ownerText);

    const merge = await coauthor.chapter.merge({ chapterId, baseRevisionId: baseId, markup: coauthorText });
    expect(merge.stale).toBe(true);
    expect(merge.base.number).toBe(1);
    expect(merge.landed.map((r) => [r.number, r.author.username])).toEqual([[2, fx.users.owner.username]]);
    expect(merge.theirs.changes.filter((c) => c.op === 'added').map((c) => c.value.trim())).toContain(
      'and the lamp',
    );
    expect(merge.yours.changes.some((c) => c.op === 'added' && c.value.includes('then the door'))).toBe(true);
    expect(merge.merged.conflicts).toBe(0);
    expect(merge.merged.markup).toContain('Mark closes the ledger and the lamp.');
    expect(merge.merged.markup).toContain('Lexie closes the ledger, then the door.');

    const saved = await coauthor.chapter.edit({
      chapterId,
      upload: md(merge.merged.markup),
      baseRevisionId: merge.merged.baseRevisionId,
    });
    expect(saved.revisionNumber).toBe(3);
    const revisions = await owner.chapter.revisions({ chapterId });
    expect(revisions.map((r) => [r.number, r.author.username])).toEqual([
      [3, fx.users.coauthor.username],
      [2, fx.users.owner.username],
      [1, fx.users.owner.username],
    ]);
  });

  it('marks conflicts where both changed the same paragraph, and refuses to save the markers', async () => {
    const fx = await storyFixture(h, 'private');
    const owner = h.caller(fx.users.owner);
    const coauthor = h.caller(fx.users.coauthor);
    const chapterId = fx.draftChapterId;
    const base = (await owner.chapter.get({ chapterId })).revision!;
    await owner.chapter.edit({
      chapterId,
      upload: md(base.markup.replace('Mark closes the ledger.', 'Mark slams the ledger.')),
      baseRevisionId: base.id,
    });
    const mine = base.markup.replace('Mark closes the ledger.', 'Mark burns the ledger.');
    const merge = await coauthor.chapter.merge({ chapterId, baseRevisionId: base.id, markup: mine });
    expect(merge.merged.conflicts).toBe(1);
    expect(merge.merged.markup).toMatch(
      /<<<<<<< yours\nMark burns the ledger\.\n=======\nMark slams the ledger\.\n>>>>>>> revision 2 by /,
    );
    expect(merge.overwrite.changes.some((c) => c.op === 'removed' && c.value.includes('slams'))).toBe(true);

    const refused = await trpcError(
      coauthor.chapter.edit({
        chapterId,
        upload: md(merge.merged.markup),
        baseRevisionId: merge.merged.baseRevisionId,
      }),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    const problems = (refused.cause as unknown as { details: { problems: { line: number; code: string }[] } })
      .details.problems;
    const lines = merge.merged.markup.split('\n');
    expect(problems.map((p) => p.line)).toEqual([
      lines.indexOf('<<<<<<< yours') + 1,
      lines.indexOf('=======') + 1,
      lines.findIndex((l) => l.startsWith('>>>>>>>')) + 1,
    ]);
    expect(problems.every((p) => p.code === 'unresolved_conflict')).toBe(true);

    const resolved = merge.merged.markup.replace(/<<<<<<< yours\n(.*)\n=======\n.*\n>>>>>>> .*\n/, '$1\n');
    const saved = await coauthor.chapter.edit({
      chapterId,
      upload: md(resolved),
      baseRevisionId: merge.merged.baseRevisionId,
    });
    expect(saved.revisionNumber).toBe(3);
  });

  it('lets exactly one of two truly concurrent saves from the same base win', async () => {
    const fx = await storyFixture(h, 'private');
    const chapterId = fx.draftChapterId;
    const base = (await h.caller(fx.users.owner).chapter.get({ chapterId })).revision!;
    const results = await Promise.allSettled([
      h.caller(fx.users.owner).chapter.edit({
        chapterId,
        upload: md(directives(['Owner wins?'], ['Lexie waits.'])),
        baseRevisionId: base.id,
      }),
      h.caller(fx.users.coauthor).chapter.edit({
        chapterId,
        upload: md(directives(['Co-author wins?'], ['Lexie waits.'])),
        baseRevisionId: base.id,
      }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as { code: string }).code).toBe('CONFLICT');
    expect((await h.caller(fx.users.owner).chapter.revisions({ chapterId })).map((r) => r.number)).toEqual([
      2, 1,
    ]);
  });
});

describe('invitations', () => {
  it('makes a co-author only when the invitee accepts', async () => {
    const fx = await storyFixture(h, 'private');
    const owner = h.caller(fx.users.owner);
    const invitee = h.caller(fx.users.other);
    const inv = await owner.invitation.create({
      storyId: fx.storyId,
      username: fx.users.other.username,
      role: 'coauthor',
    });
    expect(inv.status).toBe('pending');
    expect((await trpcError(invitee.chapter.get({ chapterId: fx.draftChapterId }))).code).toBe('NOT_FOUND');
    expect((await owner.invitation.forStory({ storyId: fx.storyId })).map((i) => i.invitee.username)).toEqual(
      [fx.users.other.username],
    );

    const mine = await invitee.invitation.mine();
    expect(mine.map((i) => [i.story.id, i.role, i.inviter.username])).toEqual([
      [fx.storyId, 'coauthor', fx.users.owner.username],
    ]);
    expect(await invitee.invitation.pendingCount()).toEqual({ count: 1 });
    const accepted = await invitee.invitation.respond({ invitationId: inv.id, accept: true });
    expect(accepted.status).toBe('accepted');
    expect(
      (await owner.story.members({ storyId: fx.storyId })).find((m) => m.username === fx.users.other.username)
        ?.role,
    ).toBe('coauthor');
    await invitee.chapter.edit({
      chapterId: fx.draftChapterId,
      upload: md(directives(['Mark, edited by the new co-author.'], ['Lexie.'])),
    });
    expect((await trpcError(invitee.invitation.respond({ invitationId: inv.id, accept: false }))).code).toBe(
      'CONFLICT',
    );
    expect(await invitee.invitation.mine()).toEqual([]);
    expect(await invitee.invitation.pendingCount()).toEqual({ count: 0 });
  });

  it('declines, withdraws, and refuses what makes no sense', async () => {
    const fx = await storyFixture(h, 'private');
    const owner = h.caller(fx.users.owner);
    const declined = await owner.invitation.create({
      storyId: fx.storyId,
      username: fx.users.other.username,
      role: 'beta',
    });
    await h.caller(fx.users.other).invitation.respond({ invitationId: declined.id, accept: false });
    expect(
      (await owner.story.members({ storyId: fx.storyId })).some(
        (m) => m.username === fx.users.other.username,
      ),
    ).toBe(false);

    const again = await owner.invitation.create({
      storyId: fx.storyId,
      username: fx.users.other.username,
      role: 'coauthor',
    });
    // A second invitation while one is pending updates it rather than piling up.
    const same = await owner.invitation.create({
      storyId: fx.storyId,
      username: fx.users.other.username,
      role: 'beta',
    });
    expect(same.id).toBe(again.id);
    expect(same.role).toBe('beta');
    await owner.invitation.cancel({ storyId: fx.storyId, invitationId: again.id });
    expect(
      (await trpcError(h.caller(fx.users.other).invitation.respond({ invitationId: again.id, accept: true })))
        .code,
    ).toBe('CONFLICT');

    expect(
      (
        await trpcError(
          owner.invitation.create({
            storyId: fx.storyId,
            username: fx.users.coauthor.username,
            role: 'beta',
          }),
        )
      ).code,
    ).toBe('CONFLICT');
    expect(
      (
        await trpcError(
          owner.invitation.create({ storyId: fx.storyId, username: 'nobody_at_all_here', role: 'beta' }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    // Adding a member directly is gone: setMember only changes the role of a member.
    expect(
      (
        await trpcError(
          owner.story.setMember({ storyId: fx.storyId, username: fx.users.other.username, role: 'coauthor' }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    await owner.story.setMember({ storyId: fx.storyId, username: fx.users.beta.username, role: 'coauthor' });
    expect(
      (await owner.story.members({ storyId: fx.storyId })).find((m) => m.username === fx.users.beta.username)
        ?.role,
    ).toBe('coauthor');
  });
});

describe('personal access tokens', () => {
  it('shows the token once, stores only a hash, and records its use', async () => {
    const user = await h.user('tok');
    const created = await h.caller(user).token.create({ name: 'laptop', scope: 'write' });
    expect(created.token).toMatch(/^mrg_[a-z2-9]{16}_[a-z2-9]{32}$/);
    const listed = await h.caller(user).token.list();
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(created.token.slice(-32));
    const row = await db.prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(Buffer.from(row.secretHash).toString('utf8')).not.toContain(created.token.slice(-32));
    expect(row.lastUsedAt).toBeNull();

    const now = new Date();
    const valid = await validateApiToken({ db, token: created.token, now });
    expect(valid).toMatchObject({ scope: 'write', user: { id: user.id } });
    expect(
      (await db.prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt?.getTime(),
    ).toBe(now.getTime());
    // A mistyped secret, another token's id or garbage are all simply refused.
    const wrong = created.token.slice(0, -1) + (created.token.endsWith('a') ? 'b' : 'a');
    expect(await validateApiToken({ db, token: wrong, now })).toBeNull();
    expect(await validateApiToken({ db, token: 'mrg_short_secret', now })).toBeNull();
  });

  it('lets a read token call queries only, and a write token mutations too', async () => {
    const fx = await storyFixture(h, 'private');
    const read = h.caller(fx.users.owner, { tokenScope: 'read' });
    expect((await read.reading.toc({ slug: fx.slug })).chapters).toHaveLength(2);
    const refused = await trpcError(
      read.chapter.edit({ chapterId: fx.draftChapterId, upload: md(directives(['x'], ['y'])) }),
    );
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toContain('read-only');
    const write = h.caller(fx.users.owner, { tokenScope: 'write' });
    await write.chapter.edit({ chapterId: fx.draftChapterId, upload: md(directives(['x'], ['y'])) });
    // No token can manage tokens: a leaked one cannot mint more or hide itself.
    expect((await trpcError(write.token.create({ name: 'more', scope: 'write' }))).code).toBe('FORBIDDEN');
    expect((await trpcError(write.token.list())).code).toBe('FORBIDDEN');
  });

  it('stops working once revoked; a refused token never falls back to anonymous', async () => {
    const user = await h.user('rev');
    const created = await h.caller(user).token.create({ name: 'old', scope: 'read' });
    const revoked = await h.caller(user).token.revoke({ tokenId: created.id });
    expect(revoked.revokedAt).not.toBeNull();
    expect(await validateApiToken({ db, token: created.token, now: new Date() })).toBeNull();
    expect((await h.caller(user).token.list())[0]?.revokedAt).not.toBeNull();
    const anonymousWithBadToken = h.caller(null, { tokenRefused: true });
    const error = await trpcError(anonymousWithBadToken.user.me());
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toContain('revoked or mistyped');
  });
});
