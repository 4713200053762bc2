// The margins command against a running server (test/server.ts) and a fresh database: login,
// push (.md and .docx), pull and the round trip, feedback, and the errors users will meet.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createCaller, createContext } from '@margins/api';
import { createAuth } from '@margins/auth';
import { newId, type Database } from '@margins/db';
import { openTestDatabase, uniqueSuffix } from '@margins/db/test';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type Io } from '../src/main';
import { startServer } from './server';

let db: Database;
let server: { url: string; close: () => Promise<void> };
let dir: string;
let slug: string;
let storyId: string;
const users: Record<'owner' | 'reader', { id: string; username: string; displayName: string | null }> =
  {} as never;
const tokens: Record<'write' | 'read' | 'revoked' | 'readerWrite', string> = {} as never;

function callerFor(user: { id: string; username: string; displayName: string | null }) {
  return createCaller(
    createContext({
      db,
      auth: createAuth(db),
      user,
      clientAddress: `cli-${uniqueSuffix()}`,
      cookies: { setSession() {}, clearSession() {} },
    }),
  );
}

async function margins(args: string[], config = join(dir, 'config.json')) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    env: { MARGINS_CONFIG: config },
    cwd: dir,
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
  };
  const code = await run(args, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

beforeAll(async () => {
  db = await openTestDatabase();
  server = await startServer(db);
  dir = await mkdtemp(join(tmpdir(), 'margins-cli-'));
  for (const role of ['owner', 'reader'] as const) {
    const username = `${role}_${uniqueSuffix()}`.slice(0, 30);
    users[role] = await db.prisma.user.create({
      data: { id: newId(), username, email: `${username}@example.test`, passwordHash: 'unused' },
      select: { id: true, username: true, displayName: true },
    });
  }
  const owner = callerFor(users.owner);
  const story = await owner.story.create({ title: `CLI story ${uniqueSuffix()}` });
  storyId = story.id;
  slug = story.slug;
  await owner.story.addCharacter({ storyId, name: 'Mark', color: '#1f6feb' });
  await owner.story.addCharacter({ storyId, name: 'Lexie', color: '#b35900' });
  tokens.write = (await owner.token.create({ name: 'cli', scope: 'write' })).token;
  tokens.read = (await owner.token.create({ name: 'read', scope: 'read' })).token;
  const revoked = await owner.token.create({ name: 'old', scope: 'write' });
  await owner.token.revoke({ tokenId: revoked.id });
  tokens.revoked = revoked.token;
  tokens.readerWrite = (await callerFor(users.reader).token.create({ name: 'reader', scope: 'write' })).token;
});

afterAll(async () => {
  await server?.close();
  await db?.close();
});

// Canonical markup (docs/pov-markup.md): blocks and paragraphs separated by blank lines.
const chapterOne = `::: pov Mark

The ferry was late again, and Mark counted the *gulls*.

***

:::

::: pov Lexie

Lexie found the lighthouse door already open.

:::
`;

describe('margins', () => {
  it('refuses a wrong or revoked token at login, clearly', async () => {
    for (const token of ['mrg_nottherightshape', tokens.revoked]) {
      const r = await margins(['login', '--server', server.url, '--token', token], join(dir, 'never.json'));
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `Your token was refused (revoked or mistyped). Create a new one at ${server.url}/account/tokens and run margins login again.`,
      );
    }
    await expect(stat(join(dir, 'never.json'))).rejects.toThrow();
  });

  it('logs in and keeps server and token in a 0600 file', async () => {
    const r = await margins(['login', '--server', server.url, '--token', tokens.write]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`as ${users.owner.username}`);
    const file = join(dir, 'config.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
      server: server.url,
      token: tokens.write,
    });
  });

  it('pushes a .md file as a new chapter, then pulls it back in the canonical markup', async () => {
    await writeFile(join(dir, '01-the-ferry.md'), chapterOne);
    const pushed = await margins(['push', '01-the-ferry.md', '--story', slug]);
    expect(pushed.stderr).toBe('');
    expect(pushed.stdout).toContain('Created chapter 1 “The ferry”');
    expect(pushed.stdout).toContain('directives convention');

    const pulled = await margins(['pull', '--story', slug, '--out', 'pulled']);
    expect(pulled.code).toBe(0);
    expect(await readdir(join(dir, 'pulled'))).toEqual(['01-the-ferry.md']);
    expect(await readFile(join(dir, 'pulled', '01-the-ferry.md'), 'utf8')).toBe(chapterOne);
  });

  it('round-trips: pushing a pulled chapter back gives the same markup and segments', async () => {
    const edited = (await readFile(join(dir, 'pulled', '01-the-ferry.md'), 'utf8')).replace(
      'already open.',
      'already open, which was **never** a good sign.',
    );
    await writeFile(join(dir, 'pulled', '01-the-ferry.md'), edited);
    const pushed = await margins(['push', 'pulled/01-the-ferry.md', '--story', slug, '--chapter', '1']);
    expect(pushed.stdout).toContain('Updated chapter 1 “The ferry”');
    expect(pushed.stdout).toContain('revision 2');
    const again = await margins(['pull', '--story', slug, '--out', 'again']);
    expect(again.code).toBe(0);
    expect(await readFile(join(dir, 'again', '01-the-ferry.md'), 'utf8')).toBe(edited);

    const owner = callerFor(users.owner);
    const { chapters } = await owner.reading.toc({ slug });
    const editing = await owner.chapter.get({ chapterId: chapters[0]!.id });
    expect(editing.segments.map((s) => s.pov?.name ?? null)).toEqual(['Mark', 'Lexie']);
    expect(editing.revision?.markup).toBe(edited);
  });

  it('pulls the summary and notes as front matter, and a push of that file keeps them (issue 17)', async () => {
    const owner = callerFor(users.owner);
    const { chapters } = await owner.reading.toc({ slug });
    const chapterId = chapters[0]!.id;
    await owner.chapter.notes({
      chapterId,
      notes: { summary: 'The ferry is late.', notesBefore: 'A/N: thanks for waiting.', notesAfter: '' },
    });
    const pulled = await margins(['pull', '--story', slug, '--out', 'with-notes']);
    expect(pulled.code).toBe(0);
    const file = await readFile(join(dir, 'with-notes', '01-the-ferry.md'), 'utf8');
    expect(
      file.startsWith(
        '---\nsummary: "The ferry is late."\nnotesBefore: "A/N: thanks for waiting."\n---\n\n::: pov Mark',
      ),
    ).toBe(true);

    await owner.chapter.notes({ chapterId, notes: { summary: '', notesBefore: '' } });
    await writeFile(
      join(dir, 'with-notes', '01-the-ferry.md'),
      file.replace('counted the *gulls*', 'counted the *terns*'),
    );
    const pushed = await margins(['push', 'with-notes/01-the-ferry.md', '--story', slug, '--chapter', '1']);
    expect(pushed.code).toBe(0);
    const editing = await owner.chapter.get({ chapterId });
    expect(editing.notes).toEqual({
      summary: 'The ferry is late.',
      notesBefore: 'A/N: thanks for waiting.',
      notesAfter: '',
    });
    expect(editing.segments.flatMap((s) => s.passages.map((p) => p.text))).toContain(
      'The ferry was late again, and Mark counted the terns.',
    );
    expect(editing.revision?.markup.startsWith('::: pov Mark')).toBe(true);
  });

  it('pushes a .docx with the style convention', async () => {
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({
              children: [new TextRun({ text: 'Mark checked the tide table twice.', bold: true })],
            }),
            new Paragraph({ children: [new TextRun('Lexie did not check anything at all.')] }),
          ],
        },
      ],
    });
    await writeFile(join(dir, 'tide.docx'), await Packer.toBuffer(doc));
    const r = await margins([
      'push',
      'tide.docx',
      '--story',
      slug,
      '--title',
      'The tide',
      '--convention',
      'style',
      '--bold',
      'Mark',
      '--plain',
      'Lexie',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Created chapter 2 “The tide”');
    const pulled = await margins(['pull', '--story', slug, '--out', 'with-docx']);
    expect(pulled.code).toBe(0);
    expect(await readFile(join(dir, 'with-docx', '02-the-tide.md'), 'utf8')).toBe(
      '::: pov Mark\n\nMark checked the tide table twice.\n\n:::\n\n::: pov Lexie\n\nLexie did not check anything at all.\n\n:::\n',
    );
  });

  it('reports parse problems with file, line and column, and saves nothing', async () => {
    await writeFile(
      join(dir, 'broken.md'),
      'A first line.\n\n::: pov Nobody\nText.\n:::\n\n::: pov Mark\nNever closed.\n',
    );
    const r = await margins(['push', 'broken.md', '--story', slug]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.md:3(:\d+)? .*Nobody/);
    expect(r.stderr).toMatch(/broken\.md:7(:\d+)? /);
    expect(r.stderr).toContain(' — ');
    const { chapters } = await callerFor(users.owner).reading.toc({ slug });
    expect(chapters).toHaveLength(2);
  });

  it('says so for an unknown story, or one the token cannot see', async () => {
    const r = await margins(['pull', '--story', 'no-such-story']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("No story 'no-such-story' (or you can't see it).");
    const other = join(dir, 'reader.json');
    expect(
      (await margins(['login', '--server', server.url, '--token', tokens.readerWrite], other)).code,
    ).toBe(0);
    const hidden = await margins(['push', '01-the-ferry.md', '--story', slug], other);
    expect(hidden.stderr).toBe(`No story '${slug}' (or you can't see it).`);
  });

  it('lets a read token pull but not push', async () => {
    const config = join(dir, 'read.json');
    expect((await margins(['login', '--server', server.url, '--token', tokens.read], config)).code).toBe(0);
    expect((await margins(['pull', '--story', slug, '--out', 'read-only'], config)).code).toBe(0);
    const r = await margins(['push', '01-the-ferry.md', '--story', slug], config);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('read-only');
  });

  it('lists new comments and reviews, then only what is newer', async () => {
    const owner = callerFor(users.owner);
    const { chapters } = await owner.reading.toc({ slug });
    await owner.chapter.publish({ chapterId: chapters[0]!.id });
    await owner.story.publish({ storyId });
    const reader = callerFor(users.reader);
    const chapter = await reader.reading.chapter({ chapterId: chapters[0]!.id });
    const passageKey = chapter.segments[0]!.passages[0]!.key;
    await reader.comment.create({
      chapterId: chapters[0]!.id,
      passageKey,
      body: 'Love the gulls.',
      type: 'reaction',
      visibility: 'public',
    });
    await reader.review.upsert({ chapterId: chapters[0]!.id, verdict: 'yay', body: 'Great opening.' });

    const first = await margins(['feedback', '--story', slug]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Chapter 1: The ferry');
    expect(first.stdout).toContain(`review  yay by ${users.reader.username}`);
    expect(first.stdout).toContain('Love the gulls.');
    expect(first.stdout).toContain('2 new items.');
    const second = await margins(['feedback', '--story', slug]);
    expect(second.stdout).toMatch(/Nothing new since/);
    const all = await margins(['feedback', '--story', slug, '--since', '2000-01-01']);
    expect(all.stdout).toContain('2 new items.');
  });

  it('stops working once the token is revoked', async () => {
    const owner = callerFor(users.owner);
    const t = await owner.token.create({ name: 'soon revoked', scope: 'write' });
    const config = join(dir, 'soon.json');
    expect((await margins(['login', '--server', server.url, '--token', t.token], config)).code).toBe(0);
    await owner.token.revoke({ tokenId: t.id });
    const r = await margins(['pull', '--story', slug], config);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Your token was refused (revoked or mistyped)');
  });

  it('runs as the `margins` bin on Node', async () => {
    const bin = join(import.meta.dirname, '..', 'bin', 'margins.mjs');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [bin, 'pull', '--story', slug, '--out', 'from-bin'],
      {
        cwd: dir,
        // eslint-disable-next-line no-restricted-properties -- the child needs PATH and friends
        env: { ...process.env, MARGINS_CONFIG: join(dir, 'config.json') },
      },
    );
    expect(stdout).toContain('Wrote 2 chapters');
    expect(await readFile(join(dir, 'from-bin', '01-the-ferry.md'), 'utf8')).toContain('never');
  });
});
