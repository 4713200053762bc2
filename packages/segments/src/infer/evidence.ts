// Evidence, per passage and POV character, of whose point of view the narration follows.
// Scores are log-odds-like points; smooth.ts turns them into runs. Each rule says why.
import { isName, nameKey, povOf, pronounGender, type Gender, type NameTable } from './names';
import type { ReadPassage, Token } from './read';

/** Verbs of a mind at work: "Lexie knew", "he wondered". Close third lives in these. */
const INTERIOR = new Set(
  (
    'thought wondered knew felt realised realized remembered decided wanted hoped feared noticed saw heard watched understood ' +
    'imagined suspected supposed recognised recognized considered wished liked loved hated missed worried ' +
    'believed guessed expected sensed doubted dreaded trusted pictured understand know feel think wonder remember want hope'
  ).split(' '),
);
/** Speech tags: anyone speaks, POV character or not, so saying is weak evidence. */
const SPEECH = new Set(
  'said says asked answered replied called shouted murmured whispered added told'.split(' '),
);
/** Words after which a name starts a clause (the name is then likely a subject). */
const CLAUSE_START = new Set(
  'and but then while as when before after until because so though although once if yet'.split(' '),
);
/** Between a subject and its verb: "he did not know", "she had always wanted", "he couldn't remember". */
const AUX = new Set(
  (
    "did didn't not had hadn't could couldn't would wouldn't was wasn't never only already still just suddenly always " +
    "almost barely hardly also even half can can't might must"
  ).split(' '),
);
/** Whether the words after position i, skipping auxiliaries, start with a verb of the mind. */
function interiorAt(s: Token[], i: number): string | null {
  for (let j = i + 1; j < s.length && j <= i + 4; j++) {
    const w = s[j]!.lw;
    if (INTERIOR.has(w)) return w;
    if (!AUX.has(w)) return null;
  }
  return null;
}
/**
 * Points, tuned on chapters 01–12 only (docs/benchmarks.md). A pronoun as the subject of a
 * verb of the mind is the surest sign of whose head the narration is in; a name as the
 * subject of a mere action is often the other character, seen from outside.
 */
const W = {
  subject: 1.5,
  interiorName: 2.5,
  interiorPron: 1.6,
  pron: 0.5,
  /** A pronoun inside a sentence ("…and she looked up"), relative to an opening one. */
  inner: 0.6,
  /** An opening pronoun read as the topic's when the topic's pronoun is unknown. */
  topic: 0.7,
};

const FIRST_PERSON = new Set(['i', 'me', 'my', 'myself', 'mine', "i'm", "i'd", "i've", "i'll"]);

export interface Evidence {
  /** score[k]: points for characters[k]. */
  score: number[];
  /** Reasons per character, label → count. */
  reasons: Map<string, number>[];
}

export interface EvidenceContext {
  characters: string[];
  table: NameTable;
  firstPerson: boolean;
  /** Whether pronouns count (off in the names-only first pass). */
  pronouns: boolean;
  work: { steps: number };
}

/** Whether a passage's narration (outside quotes) speaks in the first person. */
export function firstPersonCount(p: ReadPassage): number {
  let n = 0;
  for (const s of p.sentences) for (const t of s) if (FIRST_PERSON.has(t.lw)) n++;
  return n;
}

/** Pronoun resolution state carried through a scene: the most recent name of each kind. */
export interface Recency {
  she: { key: string; at: number } | null;
  he: { key: string; at: number } | null;
  unknown: { key: string; at: number } | null;
  clock: number;
  /** The last name seen as a clause's subject: a sentence-opening pronoun continues the topic. */
  topic: string | null;
}
export const newRecency = (): Recency => ({ she: null, he: null, unknown: null, clock: 0, topic: null });

function remember(r: Recency, key: string, g: Gender): void {
  r.clock++;
  r[g ?? 'unknown'] = { key, at: r.clock };
}

/** The most recent name a "she"/"he" can refer to: that gender, or a name of unknown gender. */
function resolve(r: Recency, g: 'she' | 'he'): string | null {
  const a = r[g];
  const b = r.unknown;
  if (a && (!b || a.at >= b.at)) return a.key;
  return b?.key ?? null;
}

export function evidenceFor(
  p: ReadPassage,
  ctx: EvidenceContext,
  sceneStart: boolean,
  recency: Recency,
): Evidence {
  const { characters } = ctx;
  const index = new Map(characters.map((c, i) => [c, i]));
  const score = characters.map(() => 0);
  const reasons = characters.map(() => new Map<string, number>());
  const add = (c: string, points: number, why: string) => {
    const k = index.get(c);
    if (k === undefined) return;
    score[k]! += points;
    reasons[k]!.set(why, (reasons[k]!.get(why) ?? 0) + 1);
  };
  if (ctx.firstPerson) firstPersonEvidence(p, ctx, add);
  else thirdPersonEvidence(p, ctx, sceneStart, recency, add);
  return { score, reasons };
}

type Add = (c: string, points: number, why: string) => void;

function thirdPersonEvidence(
  p: ReadPassage,
  ctx: EvidenceContext,
  sceneStart: boolean,
  recency: Recency,
  add: Add,
): void {
  const { table } = ctx;
  let openerCredited = !sceneStart;
  for (const s of p.sentences) {
    ctx.work.steps += s.length;
    for (let i = 0; i < s.length; i++) {
      const t = s[i]!;
      const prev: Token | undefined = s[i - 1];
      const next: Token | undefined = s[i + 1];
      const c = povOf(t, table);
      if (c !== undefined) {
        if (!openerCredited) {
          // A scene's first named character is, far more often than not, whose scene it is.
          add(c, 2, `${c} opens the scene`);
          openerCredited = true;
        }
        const isSubject =
          !t.lw.endsWith("'s") &&
          (t.pos === 0 || (prev && CLAUSE_START.has(prev.lw))) &&
          next &&
          /^\p{Ll}/u.test(next.w);
        if (t.lw.endsWith("'s")) add(c, 0.5, `${c}'s …`);
        else if (isSubject && next) {
          if (SPEECH.has(next.lw)) add(c, 0.5, `${c} speaks`);
          else if (interiorAt(s, i)) add(c, W.interiorName, `${c} as subject of a thought or perception`);
          else add(c, W.subject, `${c} as subject`);
        } else if (prev && /^\p{Ll}/u.test(prev.w)) {
          // "she looked at Mark": the named one is being watched, by the one whose scene it is.
          add(c, -0.3, `${c} as object`);
        }
        remember(recency, c, table.gender.get(c) ?? null);
        if (isSubject) recency.topic = c;
        continue;
      }
      if (isName(t, table)) {
        const key = nameKey(t, table);
        remember(recency, key, table.gender.get(key) ?? null);
        if (t.pos === 0 || (prev && CLAUSE_START.has(prev.lw))) recency.topic = key;
        continue;
      }
      const g = ctx.pronouns ? pronounGender(t.lw) : null;
      if (g === null) continue;
      const subject = t.lw === 'she' || t.lw === 'he';
      const reflexive = t.lw.endsWith('self');
      if (!subject && !reflexive) continue;
      const topicG = recency.topic === null ? undefined : (table.gender.get(recency.topic) ?? null);
      const onTopic =
        t.pos === 0 && !reflexive && recency.topic !== null && (topicG === g || topicG === null);
      const who = onTopic ? recency.topic : resolve(recency, g);
      if (who === null) {
        // No antecedent yet: any POV character with this pronoun.
        for (const c2 of ctx.characters)
          if (table.gender.get(c2) === g) add(c2, 0.3, `“${g}” before any name`);
        continue;
      }
      // A POV character whose pronoun is unknown is only a weak antecedent; a pronoun inside a
      // sentence ("…and she looked up") is more often the other person's than an opening one.
      const weight =
        (table.gender.get(who) === g ? 1 : onTopic ? W.topic : 0.3) *
        (t.pos === 0 || reflexive ? 1 : W.inner);
      const verb = reflexive ? null : interiorAt(s, i);
      if (reflexive) add(who, 0.7 * weight, `“${t.lw}” (${who})`);
      else if (verb) add(who, W.interiorPron * weight, `“${g} ${verb}” (${who})`);
      else add(who, W.pron * weight, `“${g}” (${who})`);
    }
  }
}

function firstPersonEvidence(p: ReadPassage, ctx: EvidenceContext, add: Add): void {
  const { table } = ctx;
  for (const s of p.sentences) {
    ctx.work.steps += s.length;
    for (let i = 0; i < s.length; i++) {
      const c = povOf(s[i]!, table);
      if (c === undefined) continue;
      const a = s[i - 1]?.lw;
      const b = s[i - 2]?.lw;
      const announced =
        (a === 'is' && b === 'name') ||
        a === "i'm" ||
        (a === 'am' && b === 'i') ||
        (a === 'is' && b === 'this') ||
        a === "name's" ||
        (i === 0 && s[1]?.lw === 'here') ||
        (a === 'i' && i === 1);
      if (announced) add(c, 6, `the narrator says “I'm ${c}”`);
      else add(c, -1, `${c} named by the narrator`);
    }
  }
  for (const q of p.quotes) {
    ctx.work.steps += q.tokens.length + q.after.length + q.before.length;
    const first = q.tokens[0];
    const last = q.tokens[q.tokens.length - 1];
    const addressed = [first, last]
      .map((t) => (t ? povOf(t, table) : undefined))
      .find((c) => c !== undefined);
    if (addressed === undefined) continue;
    const tag = [...q.before, ...q.after];
    const byNarrator = tag.some((t) => t.lw === 'i');
    const byOther = tag.some((t) => t.lw === 'he' || t.lw === 'she' || isName(t, table));
    // Others speak to the narrator by name; the narrator speaks to others.
    if (byNarrator) add(addressed, -1.5, `the narrator speaks to ${addressed}`);
    else if (byOther) add(addressed, 2, `${addressed} is spoken to`);
    else add(addressed, 0.5, `${addressed} is spoken to`);
  }
}
