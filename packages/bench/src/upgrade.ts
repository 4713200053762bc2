// `pnpm test:upgrade` — a rolling upgrade's middle moment (docs/operations.md, "Deployment
// recipe"): the new release's migrations are applied while instances of the previous release
// still serve. Checks out the previous release (--from <git ref>; default: the parent of the
// newest commit that changed prisma/migrations) into a temporary git worktree, installs and
// builds it, migrates a fresh PostgreSQL database with THIS checkout's migrations, seeds it with
// this checkout's code, and then:
//   1. the previous release's app serves the chapter page (anonymous and signed in), lists the
//      comments, and takes a new comment;
//   2. this checkout's app (the new release) lists that comment too.
// Fails (exit 1) if the previous release's migrations are not a prefix of this checkout's (a
// migration edited after release), or on any failed check. Database: margins_upgrade on
// BENCH_PG_URL's server. Not part of `pnpm test` (it installs and builds a second checkout).
/* eslint-disable no-restricted-properties -- an entry point: it reads its own configuration */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freshDatabase } from './lib/database';
import { buildWeb, holdBuildLock, startWeb, type WebServer } from './lib/server';
import { seedWorkload } from './lib/workload';

holdBuildLock();
const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    from: { type: 'string' },
    port: { type: 'string', default: '4350' },
    'no-build': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const BASE = process.env.BENCH_PG_URL ?? 'postgres://margins:margins@127.0.0.1:5432/postgres';
const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO, encoding: 'utf8' }).trim();
const from = values.from ?? `${git('log', '-n1', '--format=%H', '--', 'prisma/migrations')}^`;
const fromSha = git('rev-parse', '--verify', `${from}^{commit}`);
const port = Number(values.port);

const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  console.log(`upgrade: ${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};
const migrations = (root: string) =>
  readdirSync(join(root, 'prisma/migrations'))
    .filter((d) => /^\d{14}_/.test(d))
    .sort();

/**
 * A tRPC call that works whichever wire format the release speaks: a release with a data
 * transformer (superjson) reads its input from `{ json }`; one without reads the plain object.
 */
async function trpc(
  origin: string,
  path: string,
  input: unknown,
  token: string | null,
  method: 'GET' | 'POST',
): Promise<{ status: number; data: unknown }> {
  let last = { status: 0, data: null as unknown };
  for (const wire of [{ json: input }, input]) {
    const headers: Record<string, string> = {
      origin,
      'sec-fetch-site': 'same-origin',
      ...(token ? { cookie: `margins_session=${token}` } : {}),
    };
    const res =
      method === 'GET'
        ? await fetch(`${origin}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(wire))}`, {
            headers,
          })
        : await fetch(`${origin}/api/trpc/${path}`, {
            method,
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify(wire),
          });
    const body = (await res.json().catch(() => null)) as { result?: { data?: unknown } } | null;
    const data = body?.result?.data;
    last = {
      status: res.status,
      data: data && typeof data === 'object' && 'json' in data ? data.json : data,
    };
    if (res.status !== 400) return last;
  }
  return last;
}

const threadIds = (data: unknown) =>
  ((data as { threads?: { root: { id: string } }[] } | null)?.threads ?? []).map((t) => t.root.id);

const dir = mkdtempSync(join(tmpdir(), 'margins-upgrade-'));
const servers: WebServer[] = [];
try {
  console.log(
    `upgrade: the previous release is ${fromSha.slice(0, 12)} (${from}); checking it out in ${dir}…`,
  );
  git('worktree', 'add', '--detach', dir, fromSha);
  const old = migrations(dir);
  const now = migrations(REPO);
  check(
    old.every((m, i) => now[i] === m),
    `the previous release's ${old.length} migrations are the first ${old.length} of this checkout's ${now.length} (new: ${now.slice(old.length).join(', ') || 'none'})`,
  );
  for (const [what, args] of [
    ['install', ['install', '--frozen-lockfile', '--prefer-offline']],
    ['build', ['build']],
  ] as const) {
    console.log(`upgrade: ${what} of the previous release…`);
    const r = spawnSync('pnpm', args, {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, CI: 'true' },
    });
    if (r.status !== 0) throw new Error(`pnpm ${args.join(' ')} failed in ${dir}`);
  }
  if (!existsSync(join(dir, 'apps/web/build')))
    throw new Error('the previous release built no apps/web/build');
  buildWeb(values['no-build']);

  const { url, db } = await freshDatabase(BASE, 'margins_upgrade');
  const w = await seedWorkload(db, 'up', 2);
  await db.close();
  const chapterId = w.story.chapterIds[0]!;

  const previous = await startWeb({ port, databaseUrl: url, webDir: join(dir, 'apps/web') });
  servers.push(previous);
  const page = await fetch(`${previous.origin}/s/${w.story.slug}/1`);
  const html = await page.text();
  check(
    page.status === 200 && html.includes(w.story.slug),
    `previous release: the chapter page answers ${page.status} on the new schema`,
  );
  const signedIn = await fetch(`${previous.origin}/s/${w.story.slug}/1`, {
    headers: { cookie: `margins_session=${w.tokens[0]}` },
  });
  check(signedIn.status === 200, `previous release: the chapter page signed in answers ${signedIn.status}`);
  const list = await trpc(previous.origin, 'comment.list', { chapterId }, null, 'GET');
  check(list.status === 200, `previous release: comment.list answers ${list.status}`);
  const created = await trpc(
    previous.origin,
    'comment.create',
    {
      chapterId,
      passageKey: w.passageKeys.get(chapterId)![0],
      body: 'Written by the previous release',
      type: 'reaction',
    },
    w.tokens[0]!,
    'POST',
  );
  const commentId = (created.data as { id?: string } | null)?.id ?? null;
  check(
    created.status === 200 && commentId !== null,
    `previous release: comment.create answers ${created.status}`,
  );
  await previous.stop();

  const current = await startWeb({ port: port + 1, databaseUrl: url });
  servers.push(current);
  const listed = await trpc(current.origin, 'comment.list', { chapterId }, null, 'GET');
  check(
    commentId !== null && threadIds(listed.data).includes(commentId),
    'new release: lists the comment the previous release wrote',
  );
  await current.stop();
} catch (error) {
  failures.push(String((error as Error).message ?? error));
  console.error(error);
  for (const s of servers) console.log(`server ${s.port} (tail):\n  ${s.output.slice(-20).join('\n  ')}`);
} finally {
  for (const s of servers) await s.stop('SIGKILL');
  if (!values.keep) {
    spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: REPO, stdio: 'ignore' });
    spawnSync('git', ['worktree', 'prune'], { cwd: REPO, stdio: 'ignore' });
  }
}
console.log(
  `\nupgrade: previous release ${fromSha.slice(0, 12)} on this checkout's schema: ${failures.length ? `FAIL (${failures.join('; ')})` : 'pass'}`,
);
process.exit(failures.length ? 1 : 0);
