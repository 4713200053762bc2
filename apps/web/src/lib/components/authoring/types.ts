import type { RouterOutputs } from '$lib/trpc';

export type ChapterPreview = RouterOutputs['chapter']['preview'];
export type Segment = RouterOutputs['chapter']['get']['segments'][number];
export type RevisionDiff = RouterOutputs['chapter']['diff'];
export type Revision = RouterOutputs['chapter']['revisions'][number];
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
export type StagedChapter = RouterOutputs['chapter']['stage'];
export type RevisionImpact = NonNullable<StagedChapter['impact']>;
