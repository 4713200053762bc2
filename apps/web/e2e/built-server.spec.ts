// `pnpm start` runs built JavaScript: the server, the workspace packages it imports and the parse
// workers load no tsx and no TypeScript source (issue #15). The server is started exactly as the
// start script says, with support/compiled-only.js preloaded, which makes either fail.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiLogIn, trpcMutation } from './helpers/api';
import { buildDocx } from './helpers/docx';
import { startOwnServer } from './helpers/own-server';
import { expect, test, unique } from './fixtures';

const GUARD = new URL('./support/compiled-only.js', import.meta.url).href;

test('pnpm start serves pages and parses a .docx upload with no tsx and no TypeScript loaded', async ({
  playwright,
}) => {
  // A fresh embedded database: migrations and the demo seed run before /healthz answers.
  test.setTimeout(240_000);
  const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } };
  expect(scripts.start).toMatch(/^node /);
  expect(scripts.start).not.toMatch(/tsx/);

  // Seeding the demo story parses its chapters in the pool's workers too.
  const server = await startOwnServer({ NODE_OPTIONS: `--import=${GUARD}`, MARGINS_SEED_DEMO: 'true' });
  const request = await playwright.request.newContext({ baseURL: server.origin });
  try {
    expect((await request.get('/healthz')).status()).toBe(200);
    const chapter = await request.get('/s/the-lighthouse-ledger/1');
    expect(chapter.status()).toBe(200);
    expect(await chapter.text()).toContain('Lighthouse Ledger');

    await apiLogIn(request, server.origin, 'demo');
    const { id: storyId } = await trpcMutation<{ id: string }>(request, server.origin, 'story.create', {
      title: unique('Compiled '),
    });
    const docx = await buildDocx([
      { text: 'Mark rowed out past the breakwater.', bold: true },
      { text: 'Anna kept the lamp lit.' },
    ]);
    // The parse pool's worker reads the Word document (dist/parse-worker.js, under the guard too).
    const parsed = await trpcMutation<{ ok: boolean }>(request, server.origin, 'chapter.preview', {
      storyId,
      upload: { source: docx.toString('base64'), format: 'docx' },
    });
    expect(parsed.ok).toBe(true);
    expect(JSON.stringify(parsed)).toContain('Mark rowed out past the breakwater.');
    expect(server.output()).not.toContain('compiled-only: refused');
  } finally {
    await request.dispose();
    await server.dispose();
  }
});

test('the build carries one Prisma client: compiled into packages/db/dist, imported by everything else', () => {
  /** Every .js file under a directory. */
  const scripts = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.js'))
      .map((f) => join(dir, f));
  const carriers = ['build', ...readdirSync('../../packages').map((p) => `../../packages/${p}/dist`)]
    .filter((dir) => existsSync(dir))
    .flatMap(scripts)
    .filter((file) => readFileSync(file, 'utf8').includes('getPrismaClientClass'));
  expect(carriers).toHaveLength(1);
  expect(carriers[0]).toMatch(/^\.\.\/\.\.\/packages\/db\/dist\//);
});
