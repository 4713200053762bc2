// Loads the golden chapter and builds revisions from edit operations, so each fixture states
// only what changed. Every operation fails loudly if it does not apply (a fixture can't rot).
import type { PassageText } from '../src';
import base from './fixtures/base.json';
import revisions from './fixtures/revisions.json';

export type Op =
  | { op: 'edit'; key: string; from: string; to: string }
  | { op: 'replace'; key: string; text: string }
  | { op: 'insert'; after: string | null; key: string; text: string }
  | { op: 'delete'; key: string }
  | { op: 'move'; keys: string[]; after: string }
  | { op: 'rekey'; key: string; to: string }
  | { op: 'rehash'; key: string };

export interface Expect {
  method: 'exact' | 'moved' | 'fuzzy' | 'orphaned';
  key?: string;
  text?: string;
  occurrence?: number;
}

export interface Comment {
  id: string;
  key: string;
  quote?: string;
  occurrence?: number;
  expect: Expect;
}

export interface Revision {
  name: string;
  ops: Op[];
  comments: Comment[];
}

/** A content hash standing in for the parser's (cyrb53-style, 53 bits as hex). */
export function hashOf(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

export function passage(key: string, text: string): PassageText {
  return { key, text, hash: hashOf(text) };
}

export const basePassages: PassageText[] = base.passages.map((p) => passage(p.key, p.text));
export const goldenRevisions = revisions as Revision[];

function indexOf(list: PassageText[], key: string): number {
  const i = list.findIndex((p) => p.key === key);
  if (i < 0) throw new Error(`fixture: no passage ${key}`);
  return i;
}

export function applyOps(start: PassageText[], ops: Op[]): PassageText[] {
  let list = start.map((p) => ({ ...p }));
  for (const op of ops) {
    switch (op.op) {
      case 'edit': {
        const i = indexOf(list, op.key);
        const p = list[i] as PassageText;
        if (!p.text.includes(op.from)) throw new Error(`fixture: "${op.from}" not in ${op.key}`);
        list[i] = passage(p.key, p.text.replace(op.from, op.to));
        break;
      }
      case 'replace':
        list[indexOf(list, op.key)] = passage(op.key, op.text);
        break;
      case 'insert': {
        const at = op.after === null ? 0 : indexOf(list, op.after) + 1;
        list.splice(at, 0, passage(op.key, op.text));
        break;
      }
      case 'delete':
        list.splice(indexOf(list, op.key), 1);
        break;
      case 'move': {
        const moving = op.keys.map((k) => list[indexOf(list, k)] as PassageText);
        list = list.filter((p) => !op.keys.includes(p.key));
        list.splice(indexOf(list, op.after) + 1, 0, ...moving);
        break;
      }
      case 'rekey': {
        const i = indexOf(list, op.key);
        list[i] = { ...(list[i] as PassageText), key: op.to };
        break;
      }
      case 'rehash': {
        const i = indexOf(list, op.key);
        const p = list[i] as PassageText;
        list[i] = { ...p, hash: hashOf(`<em>${p.text}</em>`) };
        break;
      }
    }
  }
  return list;
}

/** Passage-relative offset of the n-th occurrence of `text` in `within`. */
export function nthIndex(within: string, text: string, n = 0): number {
  let at = -1;
  for (let k = 0; k <= n; k++) {
    at = within.indexOf(text, at + 1);
    if (at < 0) throw new Error(`fixture: occurrence ${n} of "${text}" not found`);
  }
  return at;
}
