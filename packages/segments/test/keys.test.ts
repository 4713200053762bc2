import { describe, expect, it } from 'vitest';
import { assignKeys, parseChapter, passagesOf, passageSchema, type Passage } from '../src/index';
import { characters } from './story';

const paras = [
  'The kettle screamed just as the phone began to ring.',
  'Mark let both of them go on for a while.',
  'Outside, the snow had buried the bicycles to their handlebars.',
  'Nobody was going anywhere tonight, and that suited him fine.',
];
const doc = (ps: string[]): string => `::: pov Mark\n${ps.join('\n\n')}\n:::\n`;

async function parse(ps: string[], previous?: Passage[]): Promise<Passage[]> {
  const r = await parseChapter(doc(ps), { format: 'markdown', characters, previous });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return passagesOf(r.chapter);
}
const keyOf = (ps: Passage[], fragment: string): string | undefined =>
  ps.find((p) => p.text.includes(fragment))?.key;

describe('stable keys', () => {
  it('are short, URL-safe, unique and deterministic', async () => {
    const a = await parse([...paras, paras[0] as string]);
    const b = await parse([...paras, paras[0] as string]);
    expect(a.map((p) => p.key)).toEqual(b.map((p) => p.key));
    expect(new Set(a.map((p) => p.key)).size).toBe(a.length);
    for (const p of a) {
      expect(p.key).toMatch(/^[a-z0-9-]{1,12}$/);
      passageSchema.parse(p);
    }
  });

  it('survive an unchanged revision', async () => {
    const v1 = await parse(paras);
    const v2 = await parse(paras, v1);
    expect(v2.map((p) => p.key)).toEqual(v1.map((p) => p.key));
  });

  it('survive a typo fix', async () => {
    const v1 = await parse(paras.map((p, i) => (i === 2 ? p.replace('buried', 'burried') : p)));
    const v2 = await parse(paras, v1);
    expect(v2.map((p) => p.key)).toEqual(v1.map((p) => p.key));
    expect(v2[2]?.hash).not.toBe(v1[2]?.hash);
  });

  it('survive an inserted paragraph, which gets a new key', async () => {
    const v1 = await parse(paras);
    const inserted = 'A dog barked somewhere down the hill, twice, then gave up.';
    const v2 = await parse([paras[0] as string, inserted, ...paras.slice(1)], v1);
    for (const p of paras) expect(keyOf(v2, p)).toBe(keyOf(v1, p));
    const fresh = keyOf(v2, 'A dog barked');
    expect(fresh).toBeDefined();
    expect(v1.map((p) => p.key)).not.toContain(fresh);
  });

  it('survive a deleted paragraph', async () => {
    const v1 = await parse(paras);
    const v2 = await parse([paras[0], paras[2], paras[3]] as string[], v1);
    expect(v2.map((p) => p.key)).toEqual([v1[0]?.key, v1[2]?.key, v1[3]?.key]);
  });

  it('follow a moved paragraph', async () => {
    const v1 = await parse(paras);
    const v2 = await parse([paras[3], paras[0], paras[1], paras[2]] as string[], v1);
    expect(v2.map((p) => p.key)).toEqual([v1[3]?.key, v1[0]?.key, v1[1]?.key, v1[2]?.key]);
  });

  it('are not reused for a rewritten paragraph', async () => {
    const v1 = await parse(paras);
    const v2 = await parse(
      [paras[0], 'Completely different words appear in this place now.', paras[2], paras[3]] as string[],
      v1,
    );
    expect(v2[1]?.key).not.toBe(v1[1]?.key);
    expect([v2[0]?.key, v2[2]?.key, v2[3]?.key]).toEqual([v1[0]?.key, v1[2]?.key, v1[3]?.key]);
  });

  it('prefer the same relative order among identical passages', () => {
    const mk = (key: string, text: string): Passage => ({
      key,
      kind: 'text',
      html: text,
      text,
      hash: text,
      wordCount: 1,
      line: 1,
    });
    const prev = [mk('a', 'Yes.'), mk('b', 'Other.'), mk('c', 'Yes.')];
    const next = assignKeys(prev, [mk('', 'Yes.'), mk('', 'Other.'), mk('', 'Yes.')]);
    expect(next.map((p) => p.key)).toEqual(['a', 'b', 'c']);
  });
});
