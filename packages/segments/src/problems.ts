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

/** Errors first, then by position, so the first problem shown is the first to fix. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      a.line - b.line ||
      (a.column ?? 0) - (b.column ?? 0),
  );
}
