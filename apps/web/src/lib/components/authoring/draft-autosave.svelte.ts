// Unsaved edits of a chapter, kept in this browser's localStorage every few seconds until a
// revision is saved. Keyed by chapter and base revision: a draft typed on top of revision 3
// is never offered as a restore for revision 4, where it would silently undo someone's save.

export interface StoredDraft {
  markup: string;
  title: string;
  savedAt: string;
}

const PREFIX = 'margins:draft:';

export class DraftAutosave {
  /** A draft found on load that differs from the saved revision. */
  pending = $state<StoredDraft | null>(null);
  /** When this page last wrote the draft. */
  lastSaved = $state<number | null>(null);
  #timer: ReturnType<typeof setInterval> | undefined;
  #last = '';

  constructor(
    private readonly key: string,
    private readonly original: { markup: string; title: string },
  ) {}

  static keyFor(chapterId: string, baseRevisionId: string | null | undefined): string {
    return `${PREFIX}${chapterId}:${baseRevisionId ?? 'none'}`;
  }

  /** Looks for a draft left behind, then writes the editor's content every `ms`. */
  start(read: () => { markup: string; title: string }, ms = 3000): () => void {
    const found = this.#read();
    if (found && (found.markup !== this.original.markup || found.title !== this.original.title))
      this.pending = found;
    this.#last = JSON.stringify(read());
    this.#timer = setInterval(() => this.#save(read()), ms);
    return () => clearInterval(this.#timer);
  }

  #save(current: { markup: string; title: string }) {
    // Never overwrite a draft the author has not restored or discarded yet.
    if (this.pending) return;
    const snapshot = JSON.stringify(current);
    if (snapshot === this.#last) return;
    this.#last = snapshot;
    try {
      if (current.markup === this.original.markup && current.title === this.original.title) {
        localStorage.removeItem(this.key);
        this.lastSaved = null;
        return;
      }
      const now = Date.now();
      const draft: StoredDraft = { ...current, savedAt: isoTime(now) };
      localStorage.setItem(this.key, JSON.stringify(draft));
      this.lastSaved = now;
    } catch {
      // Storage full or disabled (private mode): autosave is a convenience, the editor still works.
    }
  }

  #read(): StoredDraft | null {
    try {
      const raw = localStorage.getItem(this.key);
      if (!raw) return null;
      const d = JSON.parse(raw) as Partial<StoredDraft>;
      return typeof d.markup === 'string'
        ? { markup: d.markup, title: d.title ?? this.original.title, savedAt: d.savedAt ?? '' }
        : null;
    } catch {
      return null;
    }
  }

  restore(): StoredDraft | null {
    const draft = this.pending;
    this.pending = null;
    if (draft) this.#last = '';
    return draft;
  }

  /** After a saved revision, or when the author discards the draft. */
  discard() {
    this.pending = null;
    this.lastSaved = null;
    try {
      localStorage.removeItem(this.key);
    } catch {
      // nothing to clean up
    }
  }
}

function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
