import type { RouterOutputs } from '@margins/api';

export type ChapterPreview = RouterOutputs['chapter']['preview'];
export type Segment = RouterOutputs['chapter']['get']['segments'][number];
// RouterOutputs describe JSON (dates as strings); in-process calls give Date objects.
type Dated<T> = Omit<T, 'createdAt'> & { createdAt: Date | string };
type RawDiff = RouterOutputs['chapter']['diff'];
export type RevisionDiff = Omit<RawDiff, 'from' | 'to'> & { from: Dated<RawDiff['from']>; to: Dated<RawDiff['to']> };
export type Revision = Dated<RouterOutputs['chapter']['revisions'][number]>;
export interface Problem {
  code: string;
  message: string;
  line: number;
  column?: number | undefined;
  fix: string;
  severity: string; // 'error' or 'warning'
}
export type ChapterStatus = 'draft' | 'scheduled' | 'published';

export const CONVENTION_NAMES: Record<string, string> = {
  directives: 'explicit directives (::: pov Name)',
  markers: 'marker lines (“Lexie’s POV”)',
  style: 'style mapping (bold / italic / plain)',
  none: 'none found (every passage unattributed)',
};
