// The shape of chapter.merge's answer as the conflict view uses it (structural, so the
// component needs no import from the API package).
export interface ChangeRun {
  op: 'same' | 'added' | 'removed';
  value: string;
}

export interface ChangeSet {
  granularity: 'words' | 'lines';
  changes: ChangeRun[];
}

export interface RevisionRef {
  id: string;
  number: number;
  createdAt: Date | string;
  author: { username: string; displayName: string | null };
}

export interface ChapterConflict {
  stale: boolean;
  base: RevisionRef;
  current: RevisionRef & { markup: string };
  landed: RevisionRef[];
  theirs: ChangeSet;
  yours: ChangeSet;
  overwrite: ChangeSet;
  merged: { markup: string; conflicts: number; baseRevisionId: string };
}
