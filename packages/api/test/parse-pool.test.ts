import { afterAll, describe, expect, it } from 'vitest';
import { ParsePool } from '../src/services/parse/pool';

const pool = new ParsePool({ workers: 1 });
afterAll(() => pool.close());

describe('parse pool', () => {
  it('parses in a worker thread', async () => {
    const r = await pool.parse('::: pov Mark\nHello there.\n:::\n', { format: 'markdown', characters: [{ name: 'Mark' }] });
    expect(r.ok).toBe(true);
  });
});
