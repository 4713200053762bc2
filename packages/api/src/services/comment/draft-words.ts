// Draft words stay with members: the one rule deciding which words of a comment's anchor a
// viewer gets (docs/comments.md, "Draft words"). A comment's anchor — quote, prefix/suffix,
// offsets, passage key — is text of the revision it was written on. A member may comment on the
// unpublished draft, and that comment, if public, is listed to readers on the published text:
// its stored quote would hand them words they cannot read. So every route that shows a comment's
// place to someone asks this module, and only this module, what it may show:
//
//   the viewer may read the revision it was written on → its own words (the stored anchor);
//   otherwise, it lands on the text they read          → the words it lands on in *that* text;
//   otherwise (it lands nowhere in their text)         → no words at all ("withheld"); the
//                                                        comment itself still shows, like an
//                                                        outdated one, never dropped.
//
// Who may read which revision, for this purpose: members (owner, co-authors, story beta
// readers) every revision; anyone else the revision they are being shown (readers: the published
// one) and every revision readers could once read (`ChapterRevision.publicAt` has passed — a
// reader's typo comment keeps its quote after the typo is fixed). A comment's own author keeps
// their quote: they chose those words themselves. A beta-round reader is a reader here: their
// round's revision is read, with their own feedback, through beta.read.
import type { PassageText } from '@margins/anchoring';
import type { MemberRole } from '../access';
import type { ThreadPlacement } from './placement';

export interface WordsViewer {
  /** The viewer's role on the story; null for readers, round readers and anonymous visitors. */
  role: MemberRole | null;
  userId: string | null;
}

/** Everyone on a public channel (live events): no role, no comments of their own. */
export const ANYONE: WordsViewer = { role: null, userId: null };

export interface WrittenOn {
  authorId: string;
  /** The revision it was written on (for a reply: its thread root's, which replies copy). */
  revisionId: string;
  /** Readers could once read that revision (its `publicAt` has passed); unknown = false. */
  revisionWasPublic?: boolean;
}

/** Whether `viewer`, shown revision `shownRevisionId`, may see the words of a comment written on `comment.revisionId`. */
export function maySeeWrittenWords(
  viewer: WordsViewer,
  comment: WrittenOn,
  shownRevisionId: string | null,
): boolean {
  if (viewer.role !== null) return true;
  if (viewer.userId !== null && comment.authorId === viewer.userId) return true;
  if (comment.revisionWasPublic === true) return true;
  return shownRevisionId !== null && comment.revisionId === shownRevisionId;
}

export interface ThreadWords {
  /** The words the thread is on, as this viewer may see them; null = the whole passage or withheld. */
  quote: string | null;
  /** The thread's words belong to a revision this viewer may not read, and it lands nowhere in theirs. */
  withheld: boolean;
}

/**
 * The words a thread shows to `viewer` on the shown revision, given where it lands there.
 * `passages` are the shown revision's text passages (as placement used them).
 */
export function threadWords(
  viewer: WordsViewer,
  root: WrittenOn & { quote: string | null },
  shownRevisionId: string,
  placed: ThreadPlacement,
  passageText: (key: string) => string | undefined,
): ThreadWords {
  if (maySeeWrittenWords(viewer, root, shownRevisionId)) return { quote: root.quote, withheld: false };
  if (placed.outdated || placed.passageKey === null) return { quote: null, withheld: true };
  // A whole-passage comment stays one; a phrase shows the words it covers in the viewer's text.
  if (root.quote === null) return { quote: null, withheld: false };
  const text = passageText(placed.passageKey);
  const words = text?.slice(placed.start ?? 0, placed.end ?? text.length) ?? '';
  return words.trim() ? { quote: words, withheld: false } : { quote: null, withheld: true };
}

/** A lookup of passage text by key, for `threadWords`. */
export function passageLookup(passages: PassageText[]): (key: string) => string | undefined {
  let byKey: Map<string, string> | undefined;
  return (key) => (byKey ??= new Map(passages.map((p) => [p.key, p.text]))).get(key);
}
