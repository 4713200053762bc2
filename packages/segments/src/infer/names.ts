// Who is who: the POV characters' names, the other names the text uses (capitalised words
// that are not sentence-initial), and a guess at each name's pronoun from the text itself.
import type { ReadPassage, Token } from './read';

export type Gender = 'she' | 'he' | null;

/** Capitalised words that are not people. Short on purpose: a name must also recur. */
const NOT_NAMES = new Set(
  (
    'i im id ive ill mr mrs ms miss dr sir madam lord lady god aunt uncle ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december ' +
    'christmas easter english british polish german french irish american european the a an and but or if when then so yes no oh ok okay ' +
    'he she it they we you his her its their our my your this that these those there here what who why how where which'
  ).split(' '),
);
const TITLES = new Map<string, Gender>([
  ['mr', 'he'],
  ['mrs', 'she'],
  ['ms', 'she'],
  ['miss', 'she'],
  ['sir', 'he'],
  ['lady', 'she'],
  ['lord', 'he'],
  ['aunt', 'she'],
  ['uncle', 'he'],
]);
const SHE = new Set(['she', 'her', 'hers', 'herself']);
const HE = new Set(['he', 'him', 'his', 'himself']);
/** Pronouns that refer back to a clause's own subject (not "him"/"her": those are someone else). */
const OWN = new Set(['she', 'he', 'his', 'himself', 'herself']);

export const isCapitalised = (w: string): boolean => /^\p{Lu}\p{Ll}/u.test(w);

export interface NameTable {
  /** Lower-cased word → canonical POV character name (first names, full names, aliases). */
  pov: Map<string, string>;
  /** Lower-cased capitalised words seen mid-sentence at least twice: names of anyone. */
  others: Set<string>;
  /** Pronoun of each known name (POV characters by canonical name, others by word). */
  gender: Map<string, Gender>;
}

/** The canonical POV character a token names, if any (first word of a full name counts). */
export function povOf(t: Token, table: NameTable): string | undefined {
  return isCapitalised(t.w) ? table.pov.get(t.lw.replace(/'s$/, '')) : undefined;
}

/** Whether a token is a person's name (POV character or not). */
export function isName(t: Token, table: NameTable): boolean {
  if (!isCapitalised(t.w)) return false;
  const base = t.lw.replace(/'s$/, '');
  return table.pov.has(base) || (table.others.has(base) && (t.pos > 0 || !NOT_NAMES.has(base)));
}

export function nameKey(t: Token, table: NameTable): string {
  const base = t.lw.replace(/'s$/, '');
  return table.pov.get(base) ?? base;
}

export function buildNameTable(
  passages: ReadPassage[],
  characters: string[],
  work: { steps: number },
): NameTable {
  const pov = new Map<string, string>();
  for (const c of characters) {
    const words = c.toLowerCase().split(/\s+/).filter(Boolean);
    for (const w of [words.join(' '), ...words]) if (w && !pov.has(w) && !NOT_NAMES.has(w)) pov.set(w, c);
  }
  const midCount = new Map<string, number>();
  for (const p of passages) {
    for (const s of [...p.sentences, ...p.quotes.map((q) => q.tokens)]) {
      work.steps += s.length;
      for (const t of s) {
        if (t.pos === 0 || !isCapitalised(t.w)) continue;
        const base = t.lw.replace(/'s$/, '');
        if (!NOT_NAMES.has(base)) midCount.set(base, (midCount.get(base) ?? 0) + 1);
      }
    }
  }
  const others = new Set<string>();
  for (const [w, n] of midCount) if (n >= 2 && !pov.has(w)) others.add(w);
  const table: NameTable = { pov, others, gender: new Map() };
  table.gender = guessGenders(passages, table, work);
  return table;
}

/**
 * A name's pronoun: in narration sentences naming exactly one person, the pronouns that follow
 * the name in that sentence and the next (until another name) vote; a title (Mrs, Mr) decides.
 */
function guessGenders(
  passages: ReadPassage[],
  table: NameTable,
  work: { steps: number },
): Map<string, Gender> {
  const votes = new Map<string, { she: number; he: number }>();
  const vote = (key: string, g: 'she' | 'he', n = 1) => {
    const v = votes.get(key) ?? { she: 0, he: 0 };
    v[g] += n;
    votes.set(key, v);
  };
  // Paragraphs naming one POV character only: their "she"/"his"/"herself" lean toward that
  // character, but in close third the other POV character's pronouns are there too, so these
  // counts are compared between characters (below), never read on their own.
  const lean = new Map<string, { she: number; he: number }>();
  for (const p of passages) {
    const inPassage = new Set<string>();
    const own = { she: 0, he: 0 };
    for (const s of p.sentences)
      for (const t of s) {
        const c = povOf(t, table);
        if (c !== undefined) inPassage.add(c);
        else if (OWN.has(t.lw)) own[pronounGender(t.lw)!]++;
      }
    if (inPassage.size === 1) {
      const key = [...inPassage][0]!;
      const l = lean.get(key) ?? { she: 0, he: 0 };
      l.she += own.she;
      l.he += own.he;
      lean.set(key, l);
    }
    // The one person the previous sentence named: its next sentence's opening pronoun is theirs.
    let previous: string | null = null;
    for (const s of p.sentences) {
      work.steps += s.length;
      const named = new Set<string>();
      const after = { she: 0, he: 0 };
      for (let i = 0; i < s.length; i++) {
        const t = s[i]!;
        if (isName(t, table)) {
          const key = nameKey(t, table);
          named.add(key);
          const title = i > 0 ? TITLES.get(s[i - 1]!.lw) : undefined;
          if (title) vote(key, title, 5);
        } else if (named.size === 1 && OWN.has(t.lw)) {
          // Only pronouns that point back at a subject: "Tomas watched her" says nothing of Tomas.
          after[pronounGender(t.lw)!]++;
        }
      }
      const opener = s[0] ? pronounGender(s[0].lw) : null;
      if (previous !== null && opener !== null && named.size === 0 && OWN.has(s[0]!.lw))
        vote(previous, opener, 0.5);
      if (named.size === 1) {
        const key = [...named][0]!;
        if (after.she) vote(key, 'she', after.she);
        if (after.he) vote(key, 'he', after.he);
      }
      previous = named.size === 1 ? [...named][0]! : null;
    }
  }
  const out = new Map<string, Gender>();
  for (const [k, v] of votes)
    out.set(k, v.she >= 1.5 * v.he && v.she >= 2 ? 'she' : v.he >= 1.5 * v.she && v.he >= 2 ? 'he' : null);
  const ratios = [...lean]
    .filter(([, l]) => l.she + l.he >= 4)
    .map(([k, l]) => [k, l.she / (l.she + l.he)] as const);
  if (ratios.length >= 2) {
    const rs = ratios.map(([, r]) => r);
    const lo = Math.min(...rs);
    const hi = Math.max(...rs);
    // Clearly apart: the more "she" side is she. Otherwise (one gender, or no contrast) only
    // a strong lean decides.
    for (const [k, r] of ratios) {
      if (hi - lo >= 0.25) out.set(k, r >= (hi + lo) / 2 ? 'she' : 'he');
      else if (r >= 0.75) out.set(k, 'she');
      else if (r <= 0.25) out.set(k, 'he');
    }
  }
  return out;
}

export const pronounGender = (lw: string): Gender => (SHE.has(lw) ? 'she' : HE.has(lw) ? 'he' : null);
export const isSubjectPronoun = (lw: string): boolean => lw === 'she' || lw === 'he';
