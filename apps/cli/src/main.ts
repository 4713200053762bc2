// `margins` — login, push, pull and feedback against a running Margins server (docs/collaboration.md).
// `run` takes its environment as arguments, so the tests call it in-process.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { apiFailure, createClient, type Client } from './client';
import { configPath, readConfig, writeConfig, type Config } from './config';

export interface Io {
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  /** For tests: a fetch to reach the server with. */
  fetch?: typeof fetch;
}

/** A failure with a message for the user; exit code 1 (2 for usage mistakes). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

const USAGE = `Usage: margins <command> [options]

Commands:
  login --server URL --token TOKEN      check the token and remember server and token
  push <file> --story SLUG [--chapter N | --title TITLE]
        [--convention directives|markers|style] [--bold NAME] [--italic NAME] [--plain NAME]
                                        create a chapter (or a new revision of chapter N)
                                        from a .md, .txt, .html or .docx file
  pull --story SLUG [--out DIR]         write every chapter you can see as NN-title.md
                                        in the canonical markup
  feedback --story SLUG [--since ISO | --all]
                                        list comments and reviews newer than the last run
  help                                  this text

Create a token on the website under Account → API tokens.`;

export async function run(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'login':
        return await login(rest, io);
      case 'push':
        return await push(rest, io);
      case 'pull':
        return await pull(rest, io);
      case 'feedback':
        return await feedback(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new CliError(`Unknown command “${command}”.\n\n${USAGE}`, 2);
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(error.message);
      return error.exitCode;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

const need = (value: string | boolean | undefined, flag: string): string => {
  if (typeof value !== 'string' || !value.trim())
    throw new CliError(`Missing ${flag}. Run “margins help” for the options.`, 2);
  return value.trim();
};

function refused(server: string): CliError {
  return new CliError(
    `Your token was refused (revoked or mistyped). Create a new one at ${server.replace(/\/+$/, '')}/account/tokens and run margins login again.`,
  );
}

/** Turns an API failure into the message the user needs; rethrows anything else. */
function explain(error: unknown, server: string, context: { story?: string; file?: string } = {}): never {
  const failure = apiFailure(error);
  if (!failure) throw error;
  if (failure.network)
    throw new CliError(
      `Could not reach the Margins server at ${server} (${failure.message}). Is it running?`,
    );
  if (failure.code === 'UNAUTHORIZED') throw refused(server);
  if (failure.code === 'NOT_FOUND' && context.story)
    throw new CliError(`No story '${context.story}' (or you can't see it).`);
  if (failure.problems.length) {
    const where = context.file ? `${context.file}:` : 'line ';
    const lines = failure.problems.map(
      (p) =>
        `  ${where}${p.line}${p.column ? `:${p.column}` : ''} ${p.severity === 'warning' ? 'warning: ' : ''}${p.message} — ${p.fix}`,
    );
    throw new CliError(`${failure.message}\n${lines.join('\n')}`);
  }
  throw new CliError(failure.message);
}

async function session(io: Io): Promise<{ client: Client; config: Config; path: string }> {
  const path = configPath(io.env);
  const config = await readConfig(path);
  if (!config)
    throw new CliError(
      `Not logged in. Create a token on the website (Account → API tokens), then run: margins login --server URL --token TOKEN`,
    );
  return { client: createClient(config.server, config.token, io.fetch), config, path };
}

async function login(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { server: { type: 'string' }, token: { type: 'string' } },
    strict: true,
  });
  const server = need(values.server, '--server URL').replace(/\/+$/, '');
  const token = need(values.token, '--token TOKEN');
  if (!/^https?:\/\/[^/]+/.test(server))
    throw new CliError(
      `“${server}” is not a server address; use e.g. https://margins.example or http://localhost:3000.`,
      2,
    );
  const client = createClient(server, token, io.fetch);
  const me = await client.user.me.query().catch((e: unknown) => explain(e, server));
  if (!me) throw refused(server);
  const path = configPath(io.env);
  const previous = await readConfig(path).catch(() => null);
  await writeConfig(path, {
    server,
    token,
    ...(previous?.server === server && previous.feedbackSeen ? { feedbackSeen: previous.feedbackSeen } : {}),
  });
  io.stdout(`Logged in to ${server} as ${me.username}. Saved to ${path}.`);
  return 0;
}

const FORMATS: Record<string, 'markdown' | 'html' | 'docx'> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.docx': 'docx',
};

/** "03-the-ledger.md" → "The ledger": a title when --title is not given. */
export function titleFromFile(file: string): string {
  const stem = basename(file, extname(file))
    .replace(/^\d+[-_ .]+/, '')
    .replace(/[-_]+/g, ' ')
    .trim();
  return stem ? stem.charAt(0).toUpperCase() + stem.slice(1) : 'Untitled chapter';
}

async function toc(client: Client, server: string, slug: string) {
  return client.reading.toc.query({ slug }).catch((e: unknown) => explain(e, server, { story: slug }));
}

async function push(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      story: { type: 'string' },
      chapter: { type: 'string' },
      title: { type: 'string' },
      convention: { type: 'string' },
      bold: { type: 'string' },
      italic: { type: 'string' },
      plain: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const file = positionals[0];
  if (!file || positionals.length > 1)
    throw new CliError('Give one file to push: margins push chapter.md --story SLUG', 2);
  const slug = need(values.story, '--story SLUG');
  const format = FORMATS[extname(file).toLowerCase()];
  if (!format)
    throw new CliError(`Cannot push “${basename(file)}”: use a .md, .txt, .html or .docx file.`, 2);
  const convention = values.convention;
  if (convention !== undefined && !['directives', 'markers', 'style'].includes(convention)) {
    throw new CliError(`--convention must be directives, markers or style (not “${convention}”).`, 2);
  }
  const styleMapping = Object.fromEntries(
    (['bold', 'italic', 'plain'] as const).flatMap((k) => (values[k] ? [[k, values[k]]] : [])),
  );
  if (convention === 'style' && !styleMapping.bold && !styleMapping.italic)
    throw new CliError(
      'The style convention needs --bold NAME and/or --italic NAME (and optionally --plain NAME).',
      2,
    );
  const number = values.chapter === undefined ? null : Number.parseInt(values.chapter, 10);
  if (number !== null && (!Number.isInteger(number) || number < 1))
    throw new CliError('--chapter takes a chapter number (1, 2, …).', 2);

  let bytes: Buffer;
  try {
    bytes = await readFile(resolve(io.cwd, file));
  } catch {
    throw new CliError(`Cannot read ${file}.`);
  }
  const upload = {
    source: format === 'docx' ? bytes.toString('base64') : bytes.toString('utf8'),
    format,
    ...(convention ? { convention: convention as 'directives' | 'markers' | 'style' } : {}),
    ...(Object.keys(styleMapping).length ? { styleMapping } : {}),
  };

  const { client, config } = await session(io);
  const { story, chapters } = await toc(client, config.server, slug);
  const fail = (e: unknown) => explain(e, config.server, { file });
  let saved;
  let verb: string;
  let label: string;
  if (number !== null) {
    const entry = chapters.find((c) => c.number === number);
    if (!entry)
      throw new CliError(
        `'${slug}' has no chapter ${number} (it has ${chapters.length}). Leave out --chapter to add a new chapter.`,
      );
    // The current revision is the base: if someone saves in between, the server refuses with a conflict.
    const editing = await client.chapter.get.query({ chapterId: entry.id }).catch(fail);
    saved = await client.chapter.edit
      .mutate({
        chapterId: entry.id,
        upload,
        ...(values.title ? { title: values.title } : {}),
        ...(editing.revision ? { baseRevisionId: editing.revision.id } : {}),
      })
      .catch((e: unknown) => {
        if (apiFailure(e)?.code === 'CONFLICT') {
          throw new CliError(
            `Chapter ${number} was saved by someone else while you pushed; nothing was overwritten. Run margins pull --story ${slug}, merge your changes, and push again.`,
          );
        }
        return fail(e);
      });
    verb = 'Updated';
    label = `chapter ${number} “${values.title ?? entry.title}”`;
  } else {
    const title = values.title?.trim() || titleFromFile(file);
    saved = await client.chapter.create.mutate({ storyId: story.id, title, upload }).catch(fail);
    verb = 'Created';
    label = `chapter ${chapters.length + 1} “${title}”`;
  }
  io.stdout(
    `${verb} ${label} in '${slug}': revision ${saved.revisionNumber}, ${saved.wordCount} words, ${saved.convention} convention.`,
  );
  for (const p of saved.problems)
    io.stdout(`  ${file}:${p.line}${p.column ? `:${p.column}` : ''} warning: ${p.message} — ${p.fix}`);
  return 0;
}

export function chapterFileName(number: number, title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${String(number).padStart(2, '0')}-${slug || 'chapter'}.md`;
}

async function pull(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { story: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  const slug = need(values.story, '--story SLUG');
  const { client, config } = await session(io);
  const { chapters, story } = await toc(client, config.server, slug);
  const out = resolve(io.cwd, values.out ?? slug);
  await mkdir(out, { recursive: true });
  for (const entry of chapters) {
    const chapter = await client.export.chapter
      .query({ slug, number: entry.number })
      .catch((e: unknown) => explain(e, config.server, { story: slug }));
    const name = chapterFileName(entry.number, entry.title);
    // The summary and notes ride along as front matter; `margins push` reads them back.
    await writeFile(join(out, name), chapter.file);
    io.stdout(
      `${name}  revision ${chapter.revisionNumber}${chapter.status === 'published' ? '' : ` (${chapter.status})`}`,
    );
  }
  io.stdout(
    `Wrote ${chapters.length} chapter${chapters.length === 1 ? '' : 's'} of “${story.title}” to ${out}.`,
  );
  return 0;
}

function isMissingProcedure(error: unknown): boolean {
  const f = apiFailure(error);
  return f?.code === 'NOT_FOUND' && /no procedure|procedure.*not found/i.test(f.message);
}

async function feedback(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { story: { type: 'string' }, since: { type: 'string' }, all: { type: 'boolean' } },
    strict: true,
  });
  const slug = need(values.story, '--story SLUG');
  const { client, config, path } = await session(io);
  const seenKey = `${config.server} ${slug}`;
  let since: Date | null = null;
  if (values.since) {
    since = new Date(values.since);
    if (Number.isNaN(since.getTime()))
      throw new CliError(
        `--since takes a date like 2026-05-01 or 2026-05-01T09:30:00Z (not “${values.since}”).`,
        2,
      );
  } else if (!values.all && config.feedbackSeen?.[seenKey]) since = new Date(config.feedbackSeen[seenKey]);
  const startedAt = new Date();
  const { chapters } = await toc(client, config.server, slug);
  const newer = (d: Date) => !since || d > since;
  let count = 0;
  for (const chapter of chapters) {
    const fail = (e: unknown) => {
      if (isMissingProcedure(e))
        throw new CliError(
          'This server has no comment/review API yet (comment.list, review.list), so there is no feedback to list.',
        );
      return explain(e, config.server);
    };
    const [comments, reviews] = await Promise.all([
      client.comment.list.query({ chapterId: chapter.id }).catch(fail),
      client.review.list.query({ chapterId: chapter.id }).catch(fail),
    ]);
    const lines: string[] = [];
    for (const r of reviews.reviews) {
      if (r.status !== 'visible' || !newer(r.createdAt)) continue;
      lines.push(
        `  review  ${r.verdict === 'yay' ? 'yay' : 'nay'} by ${r.author.username} (${r.createdAt.toISOString().slice(0, 16)})${r.body ? `: ${oneLine(r.body)}` : ''}`,
      );
    }
    for (const t of comments.threads) {
      for (const c of [t.root, ...t.replies]) {
        if (c.status !== 'visible' || !newer(c.createdAt)) continue;
        const where = t.quote
          ? ` on “${oneLine(t.quote, 40)}”`
          : t.passageKey
            ? ` on passage ${t.passageKey}`
            : '';
        lines.push(
          `  ${c === t.root ? c.type : 'reply'}${where} by ${c.author?.username ?? 'someone'} (${c.createdAt.toISOString().slice(0, 16)}): ${oneLine(c.body)}`,
        );
      }
    }
    if (lines.length) {
      io.stdout(`Chapter ${chapter.number}: ${chapter.title}`);
      lines.forEach((l) => io.stdout(l));
      count += lines.length;
    }
  }
  io.stdout(
    count
      ? `${count} new item${count === 1 ? '' : 's'}.`
      : since
        ? `Nothing new since ${since.toISOString()}.`
        : 'No feedback yet.',
  );
  if (!values.since)
    await writeConfig(path, {
      ...config,
      feedbackSeen: { ...config.feedbackSeen, [seenKey]: startedAt.toISOString() },
    });
  return 0;
}

const oneLine = (s: string, max = 120) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
};
