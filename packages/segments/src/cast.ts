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
  return {
    resolve: (name) => map.get(normaliseName(name)) ?? null,
    names: characters.map((c) => c.name),
  };
}
