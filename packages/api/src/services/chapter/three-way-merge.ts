// Three-way merge of canonical markup, line by line (a paragraph is a line, so in practice
// paragraph by paragraph). Both sides' changes are kept; where both changed the same lines the
// result carries git-style conflict markers, which a save refuses until they are resolved.
import { diff3Merge } from 'node-diff3';
import { diffLines, diffWords } from 'diff';
import type { Problem } from '@margins/segments';

export interface MergeResult {
  markup: string;
  /** Places where both sides changed the same lines; each is marked in `markup`. */
  conflicts: number;
}

export const MARKER_MINE = '<<<<<<< yours';
export const MARKER_SPLIT = '=======';
export const markerTheirs = (label: string) => `>>>>>>> ${label}`;

const lines = (text: string) => text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');

export function threeWayMerge(options: {
  base: string;
  mine: string;
  theirs: string;
  theirsLabel: string;
}): MergeResult {
  const { base, mine, theirs, theirsLabel } = options;
  const out: string[] = [];
  let conflicts = 0;
  // excludeFalseConflicts: both sides making the same change is not a conflict.
  for (const region of diff3Merge<string>(lines(mine), lines(base), lines(theirs), {
    excludeFalseConflicts: true,
  })) {
    if (region.ok) out.push(...region.ok);
    else if (region.conflict) {
      conflicts++;
      out.push(
        MARKER_MINE,
        ...region.conflict.a,
        MARKER_SPLIT,
        ...region.conflict.b,
        markerTheirs(theirsLabel),
      );
    }
  }
  return { markup: out.join('\n') + '\n', conflicts };
}

const MARKER_LINE = /^(<{7}|={7}|>{7})(?:\s|$)/;

/** Conflict markers left in a text: one error per marker line, so nothing half-merged is saved. */
export function conflictMarkerProblems(source: string): Problem[] {
  const problems: Problem[] = [];
  lines(source).forEach((line, i) => {
    if (MARKER_LINE.test(line)) {
      problems.push({
        code: 'unresolved_conflict',
        severity: 'error',
        line: i + 1,
        column: 1,
        message: `An unresolved merge conflict marker (${line.slice(0, 7)}).`,
        fix: 'Keep the text you want between <<<<<<< and >>>>>>>, then delete the three marker lines.',
      });
    }
  });
  return problems;
}

export interface Change {
  op: 'same' | 'added' | 'removed';
  value: string;
}

// Word diffs are quadratic in the size of the change; past this a line diff is clearer anyway.
const MAX_WORD_EDITS = 4_000;

/** `from` → `to` as runs of kept, added and removed text (words, or lines for big changes). */
export function markupChanges(
  from: string,
  to: string,
): { granularity: 'words' | 'lines'; changes: Change[] } {
  const words = diffWords(from, to, { maxEditLength: MAX_WORD_EDITS });
  const raw = words ?? diffLines(from, to);
  return {
    granularity: words ? 'words' : 'lines',
    changes: raw.map((c) => ({ op: c.added ? 'added' : c.removed ? 'removed' : 'same', value: c.value })),
  };
}
