// Shared by the comment, review, moderation and live-update tests.
import type { SessionUser } from '@margins/auth';
import type { Harness } from './helpers';

export interface TextPassage {
  key: string;
  text: string;
}

/** The text passages of a chapter as `user` reads it (draft for members when asked). */
export async function readPassages(
  h: Harness,
  user: SessionUser | null,
  chapterId: string,
  draft = false,
): Promise<TextPassage[]> {
  const chapter = await h.caller(user).reading.chapter({ chapterId, ...(draft ? { draft } : {}) });
  return chapter.segments
    .flatMap((s) => s.passages)
    .filter((p) => p.kind === 'text')
    .map((p) => ({ key: p.key, text: p.text }));
}

/** Passage-relative offsets of `phrase` in the passage containing it. */
export function select(
  passages: TextPassage[],
  phrase: string,
): { passageKey: string; start: number; end: number } {
  const passage = passages.find((p) => p.text.includes(phrase));
  if (!passage) throw new Error(`"${phrase}" is in no passage`);
  const start = passage.text.indexOf(phrase);
  return { passageKey: passage.key, start, end: start + phrase.length };
}
