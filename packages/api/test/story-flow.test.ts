// The path an author and a reader take, through createCaller only.
import { parseSessionToken } from '@margins/auth';
import type { Database } from '@margins/db';
import { openTestDatabase, uniqueSuffix } from '@margins/db/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceError } from '../src/errors';
import { cookieJar, harness, trpcError, type Harness } from './helpers';

let db: Database;
let h: Harness;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
});
afterAll(async () => {
  await db?.close();
});

const MARK_1 = 'Mark wound the lamp at dusk and wrote the hour in the ledger.';
const MARK_2 = 'The glass was cold; the gulls had gone quiet over the rocks.';
const LEXIE_1 = 'Lexie found the ledger open at a page that should have been blank.';
const LEXIE_2 = 'Someone had written tomorrow’s date, and a ship’s name she did not know.';

describe('an author writes, a reader reads', () => {
  it('signs up, uploads in every convention, revises, publishes and is read with a POV filter', async () => {
    const suffix = uniqueSuffix();
    const username = `author_${suffix}`.slice(0, 30);
    const password = `the lamp burns ${suffix} all night`;

    // Sign up: the API sets a session cookie; logging in again gives a new session.
    const signUpJar = cookieJar();
    const signedUp = await h
      .caller(null, { cookies: signUpJar })
      .auth.signUp({ username, email: `${username}@example.test`, password });
    expect(signedUp.user.username).toBe(username);
    expect(signUpJar.token).toBeTruthy();

    const jar = cookieJar();
    const loggedIn = await h.caller(null, { cookies: jar }).auth.logIn({ login: username, password });
    expect(jar.token).toBeTruthy();
    expect(jar.token).not.toBe(signUpJar.token);
    const validated = await h.auth.validateSessionToken(jar.token!);
    expect(validated.user?.id).toBe(loggedIn.user.id);
    const author = h.caller(loggedIn.user, { sessionId: parseSessionToken(jar.token!)!.id, cookies: jar });
    expect(await author.user.me()).toEqual(loggedIn.user);

    // A story with two POV characters and tags.
    const { id: storyId, slug } = await author.story.create({
      title: `The Harbour Book ${suffix}`,
      summary: `A keeper and a ledger that writes ahead ${suffix}.`,
    });
    const mark = await author.story.addCharacter({ storyId, name: 'Mark', color: '#1F6FEB' });
    await author.story.addCharacter({ storyId, name: 'Lexie', color: '#b35900', aliases: ['Lex'] });
    expect(mark.color).toBe('#1f6feb');
    await author.story.setTags({
      storyId,
      fandom: ['Original Work'],
      character: ['Mark', 'Lexie'],
      freeform: [`tide${suffix}`, 'Slow Burn', 'slow burn'],
    });
    const detail = await author.story.bySlug({ slug });
    expect(detail.tags.freeform).toEqual(['Slow Burn', `tide${suffix}`].sort((a, b) => a.localeCompare(b)));
    expect(detail.povCharacters.map((c) => c.name)).toEqual(['Mark', 'Lexie']);
    expect(detail.myRole).toBe('owner');

    // Preview (directives) writes nothing.
    const directives = `::: pov Mark\n${MARK_1}\n\n${MARK_2}\n:::\n\n***\n\n::: pov Lex\n${LEXIE_1}\n\n${LEXIE_2}\n:::\n`;
    const preview = await author.chapter.preview({
      storyId,
      upload: { source: directives, format: 'markdown' },
    });
    if (!preview.ok) throw new Error(JSON.stringify(preview.problems));
    expect(preview.convention).toBe('directives');
    expect(preview.segments.map((s) => s.pov?.name)).toEqual(['Mark', 'Lexie']);
    expect(preview.segments[0]!.pov?.color).toBe('#1f6feb');
    expect(await db.prisma.chapter.count({ where: { storyId } })).toBe(0);

    // A preview with problems lists them with line numbers and fixes; saving it is a 400 with the same list.
    const broken = `::: pov Mark\n${MARK_1}\n:::\n\n::: pov Ghost\n${LEXIE_1}\n:::\n`;
    const bad = await author.chapter.preview({
      storyId,
      upload: { source: broken, format: 'markdown', convention: 'directives' },
    });
    expect(bad.ok).toBe(false);
    expect(bad.problems.some((p) => p.line === 5 && p.fix.length > 0)).toBe(true);
    const rejected = await trpcError(
      author.chapter.create({
        storyId,
        title: 'Broken',
        upload: { source: broken, format: 'markdown', convention: 'directives' },
      }),
    );
    expect(rejected.code).toBe('BAD_REQUEST');
    expect((rejected.cause as ServiceError).details.problems).toEqual(bad.problems);
    expect(await db.prisma.chapter.count({ where: { storyId } })).toBe(0);

    // Upload in each convention.
    const one = await author.chapter.create({
      storyId,
      title: 'The Hour',
      upload: { source: directives, format: 'markdown', convention: 'directives' },
    });
    const markers = `Mark's POV\n\n${MARK_1}\n\n***\n\nLexie's POV\n\n${LEXIE_1}\n`;
    const two = await author.chapter.create({
      storyId,
      title: 'Markers',
      upload: { source: markers, format: 'markdown' },
    });
    const html = `<p><b>${MARK_1}</b></p><p><b>${MARK_2}</b></p><p>${LEXIE_1}</p>`;
    const three = await author.chapter.create({
      storyId,
      title: 'Styled',
      upload: {
        source: html,
        format: 'html',
        convention: 'style',
        styleMapping: { bold: 'Mark', plain: 'Lexie' },
      },
    });
    expect([one.convention, two.convention, three.convention]).toEqual(['directives', 'markers', 'style']);
    for (const saved of [one, two, three]) {
      const editing = await author.chapter.get({ chapterId: saved.chapterId });
      expect(editing.segments.map((s) => s.pov?.name)).toEqual(['Mark', 'Lexie']);
      expect(editing.revision?.number).toBe(1);
    }
    const styled = await author.chapter.get({ chapterId: three.chapterId });
    expect(styled.segments[0]!.passages.map((p) => p.html)).toEqual([MARK_1, MARK_2]);

    // Edit chapter one: one changed passage, one new; the others keep their keys.
    const before = await author.chapter.get({ chapterId: one.chapterId });
    const keysBefore = before.segments.flatMap((s) =>
      s.passages.filter((p) => p.kind === 'text').map((p) => [p.text, p.key] as const),
    );
    const edited = `::: pov Mark\n${MARK_1}\n\n${MARK_2.replace('cold', 'cold as iron')}\n:::\n\n***\n\n::: pov Lexie\n${LEXIE_1}\n\n${LEXIE_2}\n\nShe closed the book.\n:::\n`;
    const second = await author.chapter.edit({
      chapterId: one.chapterId,
      baseRevisionId: before.revision!.id,
      upload: { source: edited, format: 'markdown' },
    });
    expect(second.revisionNumber).toBe(2);
    const after = await author.chapter.get({ chapterId: one.chapterId });
    const keyOf = (text: string) =>
      after.segments.flatMap((s) => s.passages).find((p) => p.text === text)?.key;
    for (const [text, key] of keysBefore) if (text !== MARK_2) expect(keyOf(text)).toBe(key);
    const newKeys = new Set(after.segments.flatMap((s) => s.passages).map((p) => p.key));
    expect(newKeys.has(keyOf('She closed the book.')!)).toBe(true);
    expect(new Set(keysBefore.map(([, k]) => k)).has(keyOf('She closed the book.')!)).toBe(false);
    // Saving on top of a stale revision is a conflict.
    const stale = await trpcError(
      author.chapter.edit({
        chapterId: one.chapterId,
        baseRevisionId: before.revision!.id,
        upload: { source: edited, format: 'markdown' },
      }),
    );
    expect(stale.code).toBe('CONFLICT');

    const revisions = await author.chapter.revisions({ chapterId: one.chapterId });
    expect(revisions.map((r) => [r.number, r.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    const diff = await author.chapter.diff({ chapterId: one.chapterId, from: 1, to: 2 });
    expect(
      diff.changes
        .filter((c) => c.op === 'added')
        .map((c) => c.value)
        .join(''),
    ).toContain('iron');
    expect(diff.passages.added).toHaveLength(1);
    expect(diff.passages.unchanged).toBeGreaterThanOrEqual(3);

    // Publish chapter one and the story; schedule chapter two for tomorrow.
    await author.chapter.publish({ chapterId: one.chapterId });
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
    await author.chapter.schedule({ chapterId: two.chapterId, publishAt: tomorrow });
    await author.story.publish({ storyId });

    // A reader signs up and reads with a POV filter.
    const readerName = `reader_${suffix}`.slice(0, 30);
    const readerJar = cookieJar();
    const { user: readerUser } = await h
      .caller(null, { cookies: readerJar })
      .auth.signUp({ username: readerName, email: `${readerName}@example.test`, password });
    const reader = h.caller(readerUser, { sessionId: parseSessionToken(readerJar.token!)!.id });

    const toc = await reader.reading.toc({ slug });
    expect(toc.chapters.map((c) => c.title)).toEqual(['The Hour']);
    expect(toc.chapters[0]!.povs).toEqual(['Mark', 'Lexie']);

    const full = await reader.reading.chapter({ chapterId: one.chapterId });
    expect(full.chapter.revision.number).toBe(2);
    expect(full.legend.map((l) => [l.name, l.color])).toEqual([
      ['Mark', '#1f6feb'],
      ['Lexie', '#b35900'],
    ]);
    expect(full.legend.find((l) => l.name === 'Lexie')!.wordCount).toBe(
      full.segments.find((s) => s.pov?.name === 'Lexie')!.wordCount,
    );
    expect(full.prev).toBeNull();
    expect(full.next).toBeNull();
    expect(full.commentCounts).toEqual({});

    const lexieOnly = await reader.reading.chapter({ chapterId: one.chapterId, povOnly: 'lex' });
    expect(lexieOnly.povOnly).toBe('Lexie');
    expect(lexieOnly.segments.map((s) => s.pov?.name)).toEqual(['Lexie']);
    expect(lexieOnly.segments[0]!.passages.map((p) => p.text)).toEqual([
      LEXIE_1,
      LEXIE_2,
      'She closed the book.',
    ]);

    // The scheduled chapter does not exist for the reader until its time comes.
    expect((await trpcError(reader.reading.chapter({ chapterId: two.chapterId }))).code).toBe('NOT_FOUND');
    const later = h.caller(readerUser, { now: () => new Date(tomorrow.getTime() + 1000) });
    const scheduled = await later.reading.chapter({ chapterId: two.chapterId });
    expect(scheduled.prev?.id).toBe(one.chapterId);
    expect((await later.reading.toc({ slug })).chapters.map((c) => c.title)).toEqual(['The Hour', 'Markers']);
    // The draft stays hidden; the author sees it.
    expect((await trpcError(reader.reading.chapter({ chapterId: three.chapterId }))).code).toBe('NOT_FOUND');
    expect((await author.reading.chapter({ chapterId: three.chapterId })).chapter.isDraft).toBe(true);

    // Discovery: search (title, summary, tags), browse by tag and by character, profile.
    expect((await reader.story.search({ query: `ledger tide${suffix}` })).map((s) => s.slug)).toEqual([slug]);
    expect((await reader.story.search({ query: `"writes ahead ${suffix}"` })).map((s) => s.slug)).toEqual([
      slug,
    ]);
    expect(await reader.story.search({ query: `ledger -tide${suffix} tide${suffix}` })).toEqual([]);
    const byTag = await reader.story.browse({ tag: { kind: 'freeform', name: `TIDE${suffix}` } });
    expect(byTag.stories.map((s) => s.slug)).toEqual([slug]);
    expect(byTag.stories[0]!.chapterCount).toBe(1);
    const tide = { kind: 'freeform' as const, name: `tide${suffix}` };
    expect((await reader.story.browse({ character: 'lexie', tag: tide })).stories.map((s) => s.slug)).toEqual(
      [slug],
    );
    expect((await reader.story.browse({ character: 'Nobody', tag: tide })).stories).toEqual([]);
    const profile = await reader.user.profile({ username });
    expect(profile.stories.map((s) => s.slug)).toEqual([slug]);
    expect((await author.story.mine()).map((s) => [s.slug, s.myRole])).toEqual([[slug, 'owner']]);
  });
});
