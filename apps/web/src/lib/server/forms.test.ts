import { isRedirect } from '@sveltejs/kit';
import { TRPCError } from '@margins/api';
import { newStory } from '@margins/api/inputs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

// The request of the action under test, as SvelteKit's getRequestEvent() would give it.
const request = vi.hoisted((): { event: unknown } => ({ event: null }));
vi.mock('$app/server', () => ({ getRequestEvent: () => request.event }));
// The in-process API caller; `call()` gets it from here.
const caller = vi.hoisted((): { value: unknown } => ({ value: {} }));
vi.mock('./api', () => ({ api: async () => caller.value }));

const { call, currentPath, failed, parse, readForm, refuse, requireLogin } = await import('./forms');

function post(path: string, fields: Record<string, string | string[]>, user: object | null = { id: 'u1' }) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  const url = new URL(path, 'http://localhost');
  request.event = { url, locals: { user }, request: new Request(url, { method: 'POST', body }) };
}

/** What a thrown redirect says, or the error itself. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return isRedirect(e) ? { status: e.status, location: e.location } : e;
  }
  return undefined;
}

beforeEach(() => post('/write/s1?/update', {}));

describe('requireLogin', () => {
  it('returns the signed-in user', () => {
    post('/account', {}, { id: 'u7' });
    expect(requireLogin()).toEqual({ id: 'u7' });
  });

  it('sends a logged-out visitor to log in and back to this page, without the action parameter', () => {
    post('/s/tale/2?/comment&pov=Mark', {}, null);
    expect(thrown(() => requireLogin())).toEqual({
      status: 303,
      location: '/login?next=' + encodeURIComponent('/s/tale/2?pov=Mark'),
    });
    expect(thrown(() => requireLogin('/library'))).toEqual({
      status: 303,
      location: '/login?next=%2Flibrary',
    });
  });

  it('keeps the query of a page load', () => {
    expect(currentPath(new URL('http://x/dashboard?kind=review&/mark'))).toBe('/dashboard?kind=review');
  });
});

describe('readForm', () => {
  it('reads text, lists, numbers, ticks and choices one way', async () => {
    post('/write/new', {
      title: ' Tide ',
      fandom: 'Harry Potter,  hermione  granger, harry potter,',
      n: '12',
      bad: 'x',
      tick: 'on',
      flag: 'true',
      role: 'beta',
      warnings: ['a', 'b'],
    });
    const f = await readForm();
    expect(f.text('title')).toBe(' Tide ');
    expect(f.text('missing')).toBe('');
    expect(f.optional('missing')).toBeUndefined();
    expect(f.list('fandom')).toEqual(['Harry Potter', 'hermione granger']);
    expect([f.int('n'), f.int('bad')]).toEqual([12, undefined]);
    expect([f.bool('tick'), f.bool('flag'), f.bool('missing')]).toEqual([true, true, false]);
    expect([f.oneOf('role', ['coauthor', 'beta'] as const), f.oneOf('title', ['beta'] as const)]).toEqual([
      'beta',
      undefined,
    ]);
    expect(f.all('warnings')).toEqual(['a', 'b']);
  });
});

describe('parse with the API input schemas', () => {
  const story = { title: 'Tide', summary: '', characters: [] };

  it('gives the parsed input when the schema accepts it', () => {
    expect(parse(newStory, { ...story, fandom: ['Harry Potter'] })).toMatchObject({
      title: 'Tide',
      fandom: ['Harry Potter'],
    });
  });

  it('refuses with the limits and messages the routers use, keyed by the form field', () => {
    const refused = parse(
      newStory,
      {
        ...story,
        title: 'x'.repeat(201),
        fandom: Array.from({ length: 51 }, (_, i) => `t${i}`),
        character: ['y'.repeat(101), 'z'.repeat(101)],
      },
      { values: { title: 'x' } },
    );
    if (!failed(refused)) throw new Error('accepted');
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({
      message: 'Please check the highlighted fields.',
      values: { title: 'x' },
    });
    expect(refused.data.fieldErrors).toEqual({
      title: ['At most 200 characters.'],
      fandom: ['At most 50 tags.'],
      // One message at the field, however many tags are too long.
      character: ['Each tag can be at most 100 characters.'],
    });
  });

  it('names a repeated character at its row, renamed to the form row', () => {
    const rows = [
      { name: 'Mark', color: '#000000' },
      { name: 'mark', color: 'red' },
    ];
    const refused = parse(
      newStory,
      { ...story, characters: rows },
      { rename: (k) => k.replace('characters.1', 'characters.3') },
    );
    if (!failed(refused)) throw new Error('accepted');
    expect(refused.data.fieldErrors).toEqual({
      'characters.3.name': ['Another character has this name.'],
      'characters.3.color': ['Use a colour like #1f6feb.'],
    });
  });
});

describe('call', () => {
  it('returns what the API returns', async () => {
    caller.value = { story: { create: async () => ({ id: 's9' }) } };
    expect(
      await call((api) =>
        (api as unknown as { story: { create: () => Promise<{ id: string }> } }).story.create(),
      ),
    ).toEqual({ id: 's9' });
  });

  it('maps an API refusal to fail() with its status, message, field messages, values and form', async () => {
    const zod = z.object({ name: z.string().max(2, 'Too long.') }).safeParse({ name: 'abc' }).error;
    const refused = await call(() => Promise.reject(new TRPCError({ code: 'BAD_REQUEST', cause: zod })), {
      values: { name: 'abc' },
      form: 'create',
      extra: { target: 't1' },
    });
    if (!failed(refused)) throw new Error('accepted');
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({
      message: 'Please check the highlighted fields.',
      fieldErrors: { name: ['Too long.'] },
      problems: [],
      retryAfterSeconds: null,
      values: { name: 'abc' },
      form: 'create',
      target: 't1',
    });
    const conflict = await call(() =>
      Promise.reject(new TRPCError({ code: 'CONFLICT', message: 'Someone saved meanwhile.' })),
    );
    if (!failed(conflict)) throw new Error('accepted');
    expect([conflict.status, conflict.data.message, 'form' in conflict.data]).toEqual([
      409,
      'Someone saved meanwhile.',
      false,
    ]);
  });

  it('throws on what is not an API refusal (a bug is a 500, not a form message)', async () => {
    await expect(call(() => Promise.reject(new TypeError('bug')))).rejects.toThrow('bug');
    await expect(
      call(() => Promise.reject(new TRPCError({ code: 'INTERNAL_SERVER_ERROR' }))),
    ).rejects.toThrow();
    const unavailable = await call(() =>
      Promise.reject(new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'Try again shortly.' })),
    );
    expect(failed(unavailable) && unavailable.status).toBe(503);
  });
});

describe('refuse', () => {
  it('answers a page check in the same shape', () => {
    const refused = refuse('Tick the box.', { confirm: ['Tick to confirm.'] }, { form: 'delete' });
    expect([refused.status, refused.data]).toEqual([
      400,
      {
        message: 'Tick the box.',
        fieldErrors: { confirm: ['Tick to confirm.'] },
        problems: [],
        retryAfterSeconds: null,
        values: {},
        form: 'delete',
      },
    ]);
  });
});
