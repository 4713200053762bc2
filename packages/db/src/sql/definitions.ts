// The SQL functions and triggers of the schema, as the database reports them and as
// packages/db/sql/ keeps them. One file per function: a comment saying what it is for, then the
// function as pg_get_functiondef prints it, then the triggers that run it as pg_get_triggerdef
// prints them. Comparing canonical printouts (not our own parse of SQL) is what makes the check
// exact on both engines.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '../connection';

export interface SqlDefinition {
  name: string;
  /** The statements, without the leading comment: the function, then its triggers. */
  sql: string;
}

/** Every function in the public schema with the triggers that execute it, canonically printed. */
export async function databaseDefinitions(db: Database): Promise<Map<string, SqlDefinition>> {
  const functions = await db.prisma.$queryRawUnsafe<{ name: string; def: string }[]>(`
    SELECT p.proname AS name, pg_get_functiondef(p.oid) AS def
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public' AND p.prokind = 'f'
    ORDER BY p.proname, pg_get_function_identity_arguments(p.oid)`);
  const triggers = await db.prisma.$queryRawUnsafe<{ fn: string; def: string }[]>(`
    SELECT p.proname AS fn, pg_get_triggerdef(t.oid) AS def
    FROM pg_trigger t
    JOIN pg_proc p ON p.oid = t.tgfoid
    JOIN pg_class c ON c.oid = t.tgrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE NOT t.tgisinternal AND n.nspname = 'public'
    ORDER BY p.proname, c.relname, t.tgname`);
  const out = new Map<string, SqlDefinition>();
  for (const f of functions) {
    const statements = [
      f.def.trimEnd(),
      ...triggers.filter((t) => t.fn === f.name).map((t) => t.def.trimEnd()),
    ];
    const previous = out.get(f.name);
    const sql = statements.map((s) => `${s};`).join('\n\n');
    out.set(f.name, { name: f.name, sql: previous ? `${previous.sql}\n\n${sql}` : sql });
  }
  return out;
}

/** Drops the leading `--` comment block (the file's purpose) and surrounding blank lines. */
export function statementsOf(file: string): string {
  const lines = file.replace(/\r\n/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length && (lines[i]!.startsWith('--') || lines[i]!.trim() === '')) i++;
  return lines.slice(i).join('\n').trim();
}

export async function fileDefinitions(
  sqlDir: string,
): Promise<Map<string, SqlDefinition & { file: string }>> {
  const out = new Map<string, SqlDefinition & { file: string }>();
  for (const entry of (await readdir(sqlDir)).sort()) {
    if (!entry.endsWith('.sql')) continue;
    const file = join(sqlDir, entry);
    out.set(entry.slice(0, -4), {
      name: entry.slice(0, -4),
      sql: statementsOf(await readFile(file, 'utf8')),
      file,
    });
  }
  return out;
}

export interface SqlDrift {
  /** In the database, no file. */
  missingFiles: string[];
  /** A file, no such function in the database. */
  missingFunctions: string[];
  /** Both, with different text. */
  different: string[];
}

export function compareDefinitions(
  database: Map<string, SqlDefinition>,
  files: Map<string, SqlDefinition>,
): SqlDrift {
  return {
    missingFiles: [...database.keys()].filter((n) => !files.has(n)),
    missingFunctions: [...files.keys()].filter((n) => !database.has(n)),
    different: [...database.keys()].filter((n) => files.has(n) && files.get(n)!.sql !== database.get(n)!.sql),
  };
}
