// inferPov: whose point of view each passage of an unmarked chapter follows, read from the
// text itself, for when the author's convention found nothing (formatting lost in a copy).
// A proposal only: the author confirms or moves every boundary before anything is applied.
// Pure and linear in the input: one reading pass, one naming pass, O(n·K²) smoothing.
import { BREAK_LINE } from '../lines';
import type { Work } from '../work';
import { evidenceFor, firstPersonCount, newRecency } from './evidence';
import { buildNameTable, isCapitalised, type Gender } from './names';
import { readPassage, type ReadPassage } from './read';
import { smooth } from './smooth';

export interface InferInput {
  kind: 'text' | 'break';
  text: string;
}

export interface InferOptions {
  /** The story's POV characters; when empty, frequent names in the text are proposed. */
  characters?: string[];
  /** Receives the step count, for the bounded-work test. */
  work?: Work;
}

export interface InferredPassage {
  /** Index in the input's passages (breaks count), so the caller can map back. */
  index: number;
  character: string;
  /** Posterior probability of `character` for this passage, 0–1. */
  confidence: number;
  /** Why, strongest first: "Lexie as subject ×3", "the narrator says “I'm Nadia”". */
  reasons: string[];
}

export interface InferredBoundary {
  /** Index (in the input) of the first passage of the new run. */
  index: number;
  from: string;
  to: string;
  /** Posterior probability that the switch happens exactly here, 0–1. */
  confidence: number;
  /** A scene break precedes it. */
  atBreak: boolean;
}

export interface PovInference {
  characters: string[];
  /** True when `characters` were proposed from the text rather than given. */
  proposed: boolean;
  person: 'first' | 'third';
  passages: InferredPassage[];
  boundaries: InferredBoundary[];
}

/** Tuned on the corpus (corpus/manifest.json, "before-tuning" chapters); see docs/benchmarks.md. */
const SWITCH = { inScene: 0.1, atBreak: 0.5 };

/** Plain text → passages: paragraphs split at blank lines (or at every line when there are none). */
export function splitPlainText(text: string): InferInput[] {
  const t = text.replace(/\r\n?/g, '\n');
  const parts = /\n[ \t]*\n/.test(t) ? t.split(/\n[ \t]*\n/) : t.split('\n');
  const out: InferInput[] = [];
  for (const raw of parts) {
    const p = raw.trim();
    if (!p) continue;
    out.push(
      BREAK_LINE.test(p) ? { kind: 'break', text: '' } : { kind: 'text', text: p.replace(/\s*\n\s*/g, ' ') },
    );
  }
  return out;
}

export function inferPov(input: string | InferInput[], options: InferOptions = {}): PovInference {
  const work = options.work ?? { steps: 0 };
  const all = typeof input === 'string' ? splitPlainText(input) : input;
  work.steps += typeof input === 'string' ? input.length : all.length;
  const texts: { index: number; breakBefore: boolean }[] = [];
  let pendingBreak = false;
  all.forEach((p, index) => {
    if (p.kind === 'break') pendingBreak = true;
    else {
      texts.push({ index, breakBefore: pendingBreak || texts.length === 0 });
      pendingBreak = false;
    }
  });
  const read = texts.map((t) => {
    const text = all[t.index]!.text;
    work.steps += text.length;
    return readPassage(text);
  });
  let characters = [...new Set((options.characters ?? []).map((c) => c.trim()).filter(Boolean))];
  const proposed = characters.length === 0;
  if (proposed) characters = proposeFrom(read, work);
  const person = chooseNarration(read);
  if (characters.length === 0 || texts.length === 0)
    return { characters, proposed, person, passages: [], boundaries: [] };

  const table = buildNameTable(read, characters, work);
  const ctx = { characters, table, firstPerson: person === 'first', work, pronouns: true };
  const run = () => {
    let recency = newRecency();
    const evidence = read.map((r, t) => {
      if (texts[t]!.breakBefore) recency = newRecency();
      return evidenceFor(r, ctx, texts[t]!.breakBefore, recency);
    });
    const smoothed = smooth(
      evidence.map((e) => e.score),
      texts.map((t) => t.breakBefore),
      SWITCH,
      work,
    );
    return { evidence, s: smoothed };
  };
  // Close third: names alone first (pronouns are only as good as the guess of whose they are),
  // then each character's pronoun read off their own runs, then everything.
  const guessed = new Map(table.gender);
  if (person === 'third') for (const c of characters) table.gender.set(c, null);
  ctx.pronouns = person !== 'third';
  let { evidence, s } = run();
  if (person === 'third') {
    for (const [k, v] of guessed) if (!characters.includes(k)) table.gender.set(k, v);
    refineGenders(read, s.path, characters, table.gender, guessed);
    ctx.pronouns = true;
    ({ evidence, s } = run());
  }
  const passages = texts.map((t, i) => {
    const k = s.path[i]!;
    const own = [...evidence[i]!.reasons[k]!.entries()].filter(([, n]) => n > 0);
    own.sort((a, b) => b[1] - a[1]);
    const reasons = own.slice(0, 3).map(([why, n]) => (n > 1 ? `${why} ×${n}` : why));
    if (reasons.length === 0) reasons.push('no sign of its own: follows the passages around it');
    return { index: t.index, character: characters[k]!, confidence: round(s.confidence[i]!), reasons };
  });
  const boundaries: InferredBoundary[] = [];
  for (let i = 1; i < texts.length; i++) {
    if (s.path[i] === s.path[i - 1]) continue;
    boundaries.push({
      index: texts[i]!.index,
      from: characters[s.path[i - 1]!]!,
      to: characters[s.path[i]!]!,
      confidence: round(s.switchConfidence[i]!),
      atBreak: texts[i]!.breakBefore,
    });
  }
  return { characters, proposed, person, passages, boundaries };
}

/**
 * In close third the POV character's own pronoun is the one the narration is full of, so once
 * a first pass has found the runs, each character's pronoun is read off their own passages
 * (sentence-opening "she"/"he"), which beats guessing it from scattered co-occurrences.
 * Returns whether anything changed (then the caller runs the passes again, once).
 */
function refineGenders(
  read: ReadPassage[],
  path: number[],
  characters: string[],
  gender: Map<string, Gender>,
  guessed: Map<string, Gender>,
): boolean {
  const counts = characters.map(() => ({ she: 0, he: 0 }));
  read.forEach((r, t) => {
    for (const s of r.sentences) {
      const w = s[0]?.lw;
      if (w === 'she' || w === 'he') counts[path[t]!]![w]++;
    }
  });
  let changed = false;
  characters.forEach((c, k) => {
    const { she, he } = counts[k]!;
    // The runs' own pronoun wins when it is clear: the co-occurrence guess is fooled by the
    // other character's pronouns in the same sentence ("Ruth caught his eye as he passed").
    const fromRuns: Gender = she >= 3 * he && she >= 3 ? 'she' : he >= 3 * she && he >= 3 ? 'he' : null;
    const g: Gender =
      fromRuns ??
      guessed.get(c) ??
      (she >= 2 * he && she >= 2 ? 'she' : he >= 2 * she && he >= 2 ? 'he' : null);
    if (g !== (gender.get(c) ?? null)) {
      gender.set(c, g);
      changed = true;
    }
  });
  return changed;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** First person when at least 40 % of the passages with narration say "I" outside dialogue. */
function chooseNarration(read: ReturnType<typeof readPassage>[]): 'first' | 'third' {
  let narrated = 0;
  let first = 0;
  for (const r of read) {
    if (r.sentences.length === 0) continue;
    narrated++;
    if (firstPersonCount(r) > 0) first++;
  }
  return narrated > 0 && first / narrated >= 0.4 ? 'first' : 'third';
}

/**
 * Names worth proposing as POV characters: capitalised words used as names (seen mid-sentence),
 * ranked by how often they appear at all; at most four, each at least a quarter as frequent as
 * the first. In first person the narrator is rarely named, so proposals there need checking.
 */
function proposeFrom(read: ReturnType<typeof readPassage>[], work: Work): string[] {
  const table = buildNameTable(read, [], work);
  const count = new Map<string, { n: number; display: string }>();
  for (const r of read)
    for (const s of [...r.sentences, ...r.quotes.map((q) => q.tokens)])
      for (const t of s) {
        const base = t.lw.replace(/'s$/, '');
        if (!isCapitalised(t.w) || !table.others.has(base)) continue;
        const c = count.get(base) ?? { n: 0, display: t.w.replace(/['’]s$/, '') };
        c.n++;
        count.set(base, c);
      }
  const ranked = [...count.values()].sort((a, b) => b.n - a.n);
  const top = ranked[0]?.n ?? 0;
  return ranked
    .filter((c) => c.n >= 3 && c.n * 4 >= top)
    .slice(0, 4)
    .map((c) => c.display);
}

export function proposeCharacters(input: string | InferInput[]): string[] {
  const all = typeof input === 'string' ? splitPlainText(input) : input;
  return proposeFrom(
    all.filter((p) => p.kind === 'text').map((p) => readPassage(p.text)),
    { steps: 0 },
  );
}
