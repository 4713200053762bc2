import type { LineKind } from './lines';
import type { Run } from './runs';

/** A paragraph or a scene break found in the upload, in document order. */
export type Block = { kind: 'para'; runs: Run[]; line: number } | { kind: 'break'; line: number };

/** A directive or marker line, with where it sits. */
export type LineMark = LineKind & { kind: 'mark'; line: number };
