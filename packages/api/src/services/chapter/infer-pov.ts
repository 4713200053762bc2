import { Buffer } from 'node:buffer';
import { inferPov, type PovInference } from '@margins/segments';
import type { Database } from '@margins/db';
import { EDITORS, requireStoryRole } from '../access';
import { MAX_UPLOAD_BYTES, tooLarge } from './upload';
import { loadStoryCharacters } from './store-revision';

export interface InferChapterPovOptions {
  db: Database;
  userId: string;
  storyId: string;
  /** The previewed chapter's passages in reading order (text and scene breaks), markup already stripped. */
  passages: { kind: 'text' | 'break'; text: string }[];
}

/**
 * Proposes whose POV each passage follows, read from the text, with the story's POV characters.
 * Writes nothing and applies nothing: the author confirms every boundary, and what is saved is
 * the markup they confirmed, through chapter.create/edit like any upload. The passages come from
 * a preview already parsed in the parse pool; inference is linear (bench/infer-corpus.ts) and
 * bounded here by the upload limit, so it runs on the request thread.
 */
export async function inferChapterPov(options: InferChapterPovOptions): Promise<PovInference> {
  const { db, userId, storyId, passages } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: EDITORS });
  const size = passages.reduce((n, p) => n + Buffer.byteLength(p.text, 'utf8'), 0);
  if (size > MAX_UPLOAD_BYTES) throw tooLarge(size);
  const characters = await loadStoryCharacters(db.prisma, storyId);
  return inferPov(passages, { characters: characters.map((c) => c.name) });
}
