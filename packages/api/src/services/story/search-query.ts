// What a searcher types, as a tsquery. `websearch_to_tsquery` takes "quoted phrases", -exclusions
// and `or`, and never raises a syntax error; it has no prefix operator, so a word ending in `*`
// (outside quotes) is taken out and added as `to_tsquery('word:*')`. The word is reduced to
// letters and digits first, so nothing the searcher types reaches to_tsquery's own syntax.
import { Prisma } from '@margins/db';

export interface ParsedQuery {
  /** Everything but the prefix words, for websearch_to_tsquery. */
  web: string;
  /** Words to match as prefixes, letters and digits only. */
  prefixes: string[];
}

const MAX_PREFIXES = 5;

export function parseSearchQuery(raw: string): ParsedQuery {
  const web: string[] = [];
  const prefixes: string[] = [];
  let inQuote = false;
  // Split on whitespace but keep quoted runs whole, so `"light*"` stays a phrase word.
  for (const token of raw.split(/(\s+)/)) {
    const quotes = (token.match(/"/g) ?? []).length;
    const word = /^([\p{L}\p{N}]+)\*+$/u.exec(token);
    if (!inQuote && quotes === 0 && word && prefixes.length < MAX_PREFIXES)
      prefixes.push(word[1]!.toLowerCase());
    else web.push(token);
    if (quotes % 2 === 1) inQuote = !inQuote;
  }
  return { web: web.join('').trim(), prefixes };
}

/** The tsquery expression for `raw`, for use in SQL. */
export function tsqueryOf(raw: string): Prisma.Sql {
  const { web, prefixes } = parseSearchQuery(raw);
  // An empty operand of && is dropped (PostgreSQL's tsquery_and), so a query of prefixes alone works.
  let sql = Prisma.sql`websearch_to_tsquery('english', ${web})`;
  for (const p of prefixes) sql = Prisma.sql`(${sql} && to_tsquery('english', ${p + ':*'}))`;
  return sql;
}
