// docs/operations.md, "Backups": a backup taken the documented way and restored into a fresh
// database serves the same story — the chapter a reader opens, its comments, the author's draft —
// through the API, as the app would. On PGlite: `pnpm margins backup` / `restore`
// (backupPglite / restorePglite). On PostgreSQL: `pg_dump --format=custom` and `pg_restore`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupPglite, openDatabase, restorePglite, type Database } from '@margins/db';
import { migrateDeploy } from '@margins/db/migrate';
import { repoPaths } from '@margins/db/paths';
import { openPrivateTestDatabase, testDatabaseUrl } from '@margins/db/test';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPassages, select } from './comment-helpers';
import { harness, storyFixture, type StoryFixture } from './helpers';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'margins-restore-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** What a reader and the author see of the fixture's story. */
async function whatTheAppServes(db: Database, fx: StoryFixture) {
  const h = await harness(db);
  const anonymous = h.caller(null);
  const chapter = await anonymous.reading.chapter({ chapterId: fx.liveChapterId });
  const comments = await anonymous.comment.list({ chapterId: fx.liveChapterId });
  const draft = await readPassages(h, fx.users.owner, fx.draftChapterId, true);
  return {
    title: chapter.story.title,
    passages: chapter.segments.flatMap((s) => s.passages.map((p) => [p.key, p.text])),
    comments: comments.threads.map((t) => [t.root.id, t.root.body]),
    draft,
  };
}

/** The fixture's story with a public comment on it. */
async function seed(db: Database): Promise<StoryFixture> {
  const h = await harness(db);
  const fx = await storyFixture(h, 'public');
  const passages = await readPassages(h, fx.users.reader, fx.liveChapterId);
  await h.caller(fx.users.reader).comment.create({
    chapterId: fx.liveChapterId,
    ...select(passages, passages[0]!.text.slice(0, 10)),
    body: 'Kept through a restore',
    type: 'reaction',
    visibility: 'public',
  });
  return fx;
}

/** pg_dump and pg_restore of the installed server (Debian layout), or from PATH. */
function pgTool(name: string): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => join(root, v, 'bin', name)).find((p) => existsSync(p));
  return found ?? name;
}

describe('a backup restored into a fresh database', () => {
  it.skipIf(Boolean(testDatabaseUrl()))(
    'PGlite: margins backup, then restore into a new directory, serves the same story',
    async () => {
      const source = join(work, 'source');
      const db = await openDatabase({ kind: 'pglite', dataDir: source });
      await migrateDeploy(db, repoPaths);
      const fx = await seed(db);
      const before = await whatTheAppServes(db, fx);
      await db.close();

      const file = join(work, 'backup.tar.gz');
      await backupPglite(source, file);
      const target = join(work, 'restored');
      await restorePglite(file, target);
      const restored = await openDatabase({ kind: 'pglite', dataDir: target });
      try {
        const after = await whatTheAppServes(restored, fx);
        expect(after.comments.map(([, body]) => body)).toContain('Kept through a restore');
        expect(after).toEqual(before);
      } finally {
        await restored.close();
      }
    },
  );

  it.skipIf(!testDatabaseUrl())(
    'PostgreSQL: pg_dump, then pg_restore into a new database, serves the same story',
    async () => {
      const db = await openPrivateTestDatabase();
      let restoredUrl: URL | null = null;
      try {
        const fx = await seed(db);
        const before = await whatTheAppServes(db, fx);
        const sourceUrl = (
          await db.prisma.$queryRawUnsafe<{ name: string }[]>('SELECT current_database() AS name')
        )[0]!.name;
        const base = new URL(testDatabaseUrl()!);
        const source = new URL(base);
        source.pathname = `/${sourceUrl}`;
        restoredUrl = new URL(base);
        restoredUrl.pathname = `/${sourceUrl}_restored`;

        const file = join(work, 'backup.dump');
        execFileSync(pgTool('pg_dump'), ['--format=custom', `--file=${file}`, source.toString()]);
        const admin = new pg.Client({ connectionString: base.toString() });
        await admin.connect();
        await admin.query(`CREATE DATABASE "${sourceUrl}_restored"`);
        await admin.end();
        execFileSync(pgTool('pg_restore'), ['--no-owner', `--dbname=${restoredUrl.toString()}`, file]);

        const restored = await openDatabase({ kind: 'postgres', url: restoredUrl.toString() });
        try {
          const after = await whatTheAppServes(restored, fx);
          expect(after.comments.map(([, body]) => body)).toContain('Kept through a restore');
          expect(after).toEqual(before);
        } finally {
          await restored.close();
        }
      } finally {
        await db.close();
        if (restoredUrl) {
          const admin = new pg.Client({ connectionString: testDatabaseUrl()! });
          await admin.connect();
          await admin.query(`DROP DATABASE IF EXISTS "${restoredUrl.pathname.slice(1)}" WITH (FORCE)`);
          await admin.end();
        }
      }
    },
  );
});
