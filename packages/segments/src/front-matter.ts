// A chapter file's front matter (what `margins pull` and the chapter export write): the
// chapter's summary and notes, which are not part of the text. Values are JSON strings, as in
// the story export, so any YAML reader agrees. A block counts only if every line is a known
// key, so a chapter that merely opens with a `---` scene break is never taken for one.
export interface ChapterFrontMatter {
  title?: string;
  summary?: string;
  notesBefore?: string;
  notesAfter?: string;
}

const KEYS = ['title', 'summary', 'notesBefore', 'notesAfter'] as const;
type Key = (typeof KEYS)[number];
const LINE = /^(title|summary|notesBefore|notesAfter):\s*(.*)$/;

export function writeChapterFrontMatter(fields: ChapterFrontMatter, markup: string): string {
  const lines = KEYS.filter((k) => fields[k]).map((k) => `${k}: ${JSON.stringify(fields[k])}`);
  return lines.length ? `---\n${lines.join('\n')}\n---\n\n${markup}` : markup;
}

/**
 * Reads front matter at the very start of a Markdown chapter. The text comes back with the
 * front matter lines blanked rather than removed, so problems keep their line numbers.
 */
export function readChapterFrontMatter(text: string): { fields: ChapterFrontMatter; text: string } | null {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!text.startsWith('---\n', start) && !text.startsWith('---\r\n', start)) return null;
  const lines = text.slice(start).split('\n');
  const fields: ChapterFrontMatter = {};
  let end = -1;
  // Front matter is short; do not scan a whole chapter looking for its end.
  for (let i = 1; i < Math.min(lines.length, 12); i++) {
    const line = (lines[i] as string).replace(/\r$/, '');
    if (line === '---') {
      end = i;
      break;
    }
    const m = LINE.exec(line);
    if (!m) return null;
    let value: unknown = m[2];
    try {
      value = JSON.parse(m[2] as string);
    } catch {
      // A hand-written plain value is fine too.
    }
    if (typeof value !== 'string') return null;
    fields[m[1] as Key] = value;
  }
  if (end < 1 || Object.keys(fields).length === 0) return null;
  const blanked = lines.map((l, i) => (i <= end ? '' : l)).join('\n');
  return { fields, text: blanked };
}
