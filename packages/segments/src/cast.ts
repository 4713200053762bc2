// Resolves the names an author writes (any case, aliases, curly apostrophes) to the
// story's canonical POV character names.
import type { Character } from './types';

export interface Cast {
  resolve(name: string): string | null;
  names: string[];
}

export function normaliseName(s: string): string {
  return s.normalize('NFC').replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();
}

export function buildCast(characters: Character[]): Cast {
  const map = new Map<string, string>();
  for (const c of characters) {
    for (const n of [c.name, ...(c.aliases ?? [])]) {
      const key = normaliseName(n);
      // First definition wins so that an alias can never hijack another character's name.
      if (key && !map.has(key)) map.set(key, c.name);
    }
  }
  // The first character of every name, to turn most prose lines away before normalising
  // them: when a line starts with a printable ASCII character not followed by a combining
  // mark (U+0300 on), normalising only lower-cases that first character.
  const firsts = new Set<number>();
  for (const key of map.keys()) firsts.add(key.charCodeAt(0));
  const cannotBeName = (name: string): boolean => {
    const c = name.charCodeAt(0);
    if (!(c > 32 && c < 127) || name.charCodeAt(1) >= 0x300) return false;
    return !firsts.has(c >= 65 && c <= 90 ? c + 32 : c);
  };
  return {
    resolve: (name) => (cannotBeName(name) ? null : (map.get(normaliseName(name)) ?? null)),
    names: characters.map((c) => c.name),
  };
}
