// Verbatim ("moved") search. A quote never spans passages, so we search passage texts one by
// one: matches are passage-relative from the start and cannot straddle a separator.

/** Every start offset of `exact` in `text`, overlapping occurrences included ("haha" in "hahaha"). */
export function verbatimIn(text: string, exact: string): number[] {
  const hits: number[] = [];
  if (exact.length === 0) return hits;
  for (let i = text.indexOf(exact); i >= 0; i = text.indexOf(exact, i + 1)) hits.push(i);
  return hits;
}
