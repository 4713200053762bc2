// Live-update channel names. NOTIFY channels must match [a-z0-9_]{1,63}, and row ids use a
// case-sensitive base64url alphabet, so lowercasing an id could merge two chapters' channels;
// a hash of the id cannot.
import { createHash } from 'node:crypto';

export function chapterChannel(chapterId: string): string {
  return `chapter_${createHash('sha256').update(chapterId).digest('hex').slice(0, 40)}`;
}
