// `pnpm db:sql check | dump | migration --name <name>` — keeps packages/db/sql/ and the migration
// history in step. An entry point, so it may print and set the exit code.
//   check      compare a freshly migrated database with the files (what the test asserts)
//   dump       write a file for every function that has none (its purpose comment taken from
//              the migration that last defined it) — for functions added by a hand-written migration
//   migration  after editing files: write a migration that applies every changed file
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../connection';
import { migrateDeploy } from '../migrate/index';
import { repoPaths } from '../paths';
import { compareDefinitions, databaseDefinitions, fileDefinitions, type SqlDefinition } from './definitions';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { name: { type: 'string' } } });
const command = positionals[0];

const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
try {
  await migrateDeploy(db, repoPaths);
  const database = await databaseDefinitions(db);
  const files = await fileDefinitions(repoPaths.sqlDir);
  const drift = compareDefinitions(database, files);
  if (command === 'check') {
    const problems = [
      ...drift.missingFiles.map(
        (n) => `${n}: in the migrated database but no packages/db/sql/${n}.sql (run db:sql dump)`,
      ),
      ...drift.missingFunctions.map(
        (n) =>
          `${n}: packages/db/sql/${n}.sql has no function in the migrated database (run db:sql migration)`,
      ),
      ...drift.different.map(
        (n) => `${n}: packages/db/sql/${n}.sql differs from the migrated database (run db:sql migration)`,
      ),
    ];
    console.log(
      problems.length ? problems.join('\n') : `All ${database.size} SQL functions match packages/db/sql/.`,
    );
    if (problems.length) process.exitCode = 1;
  } else if (command === 'dump') {
    const comments = await purposeComments();
    for (const name of drift.missingFiles) {
      const comment = comments.get(name) ?? [`-- ${name}: TODO say what it is for.`];
      await writeFile(
        join(repoPaths.sqlDir, `${name}.sql`),
        `${comment.join('\n')}\n\n${database.get(name)!.sql}\n`,
      );
      console.log(`Wrote packages/db/sql/${name}.sql`);
    }
  } else if (command === 'migration') {
    const name = values.name ?? 'sql_functions';
    if (!/^[a-z0-9_]+$/i.test(name)) throw new Error(`"${name}" is not a usable migration name.`);
    const changed = [...drift.different, ...drift.missingFunctions].map((n) => files.get(n)!);
    if (!changed.length) {
      console.log('Every file matches the migrated database; no migration written.');
    } else {
      const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
      const dir = join(repoPaths.migrationsDir, `${stamp}_${name}`);
      await mkdir(dir);
      await writeFile(join(dir, 'migration.sql'), changed.map(applyScript).join('\n\n') + '\n');
      console.log(
        `Wrote prisma/migrations/${stamp}_${name}/migration.sql for ${changed.map((c) => c.name).join(', ')}; apply it with pnpm db:deploy.`,
      );
    }
  } else {
    console.error('Usage: db:sql check | dump | migration --name <name>');
    process.exitCode = 2;
  }
} finally {
  await db.close();
}
process.exit();

/** A file's statements as a migration: triggers are dropped first, since CREATE TRIGGER does not replace. */
function applyScript(definition: SqlDefinition): string {
  const drops = [...definition.sql.matchAll(/^CREATE (?:CONSTRAINT )?TRIGGER (\S+) .*? ON (\S+) /gm)].map(
    ([, trigger, table]) => `DROP TRIGGER IF EXISTS ${trigger} ON ${table};`,
  );
  return [`-- ${definition.name} (packages/db/sql/${definition.name}.sql)`, ...drops, definition.sql].join(
    '\n',
  );
}

/** The comment block right above the last `CREATE … FUNCTION <name>` in the migration history. */
async function purposeComments(): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const dir of (await readdir(repoPaths.migrationsDir)).sort()) {
    let text: string;
    try {
      text = await readFile(join(repoPaths.migrationsDir, dir, 'migration.sql'), 'utf8');
    } catch {
      continue;
    }
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      const m = /^CREATE (?:OR REPLACE )?FUNCTION (?:public\.)?"?([a-z_0-9]+)"?/i.exec(line);
      if (!m) return;
      const block: string[] = [];
      for (let j = i - 1; j >= 0 && lines[j]!.startsWith('--'); j--) block.unshift(lines[j]!);
      if (block.length) out.set(m[1]!, block);
    });
  }
  return out;
}
