import type { Problem } from './types';

export function error(code: string, line: number, message: string, fix: string, column?: number): Problem {
  return column === undefined
    ? { code, message, line, fix, severity: 'error' }
    : { code, message, line, column, fix, severity: 'error' };
}

export function warning(code: string, line: number, message: string, fix: string, column?: number): Problem {
  return { ...error(code, line, message, fix, column), severity: 'warning' };
}

export function hasErrors(problems: Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/**
 * At most this many problems are listed, then one saying how many more there are: a hostile
 * upload can have a problem on every line, and the list goes back to the browser whole.
 */
export const MAX_PROBLEMS = 100;

/** Errors first, then by position, so the first problem shown is the first to fix. */
export function sortProblems(problems: Problem[]): Problem[] {
  const sorted = byPosition(problems);
  if (sorted.length <= MAX_PROBLEMS) return sorted;
  const rest = sorted.slice(MAX_PROBLEMS);
  const first = rest[0] as Problem;
  const more = (hasErrors(rest) ? error : warning)(
    'more_problems',
    first.line,
    `${rest.length} more problems, from line ${first.line} on, are not listed.`,
    'Fix the problems listed, then upload again to see the rest.',
  );
  return [...sorted.slice(0, MAX_PROBLEMS), more];
}

function byPosition(problems: Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      a.line - b.line ||
      (a.column ?? 0) - (b.column ?? 0),
  );
}
