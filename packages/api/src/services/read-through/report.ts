// The dashboard's read-through for one chapter: of the readers whose furthest passage is known
// (record.ts), the share that reached each passage of the published text, and per POV character
// the share that finished its sections. Reaching is counted as "furthest passage at or after
// this one", so the line can only fall from the first passage to the last.
import type { Database } from '@margins/db';
import { requireDashboardChapter } from '../access';
import { revisionText } from '../reading/revision-text';

export interface ReadThroughPassage {
  key: string;
  /** Readers whose furthest passage is this one or a later one. */
  reached: number;
  /** reached / readers (0–1); null when nobody is counted yet. */
  share: number | null;
}

export interface ReadThroughPov {
  name: string;
  color: string;
  sections: number;
  /** Reader-sections begun (the section's first passage reached), added over its sections. */
  began: number;
  /** Reader-sections finished (the section's last passage reached). */
  finished: number;
  /** finished / began; null when nobody began one. */
  share: number | null;
}

export interface ReadThrough {
  /** Readers counted (one per reader per day) whose furthest passage is in the published text. */
  readers: number;
  passages: ReadThroughPassage[];
  povs: ReadThroughPov[];
  /** Readers whose furthest passage is no longer in the published text (it was rewritten). */
  elsewhere: number;
}

const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export async function readThroughOf(options: {
  db: Database;
  userId: string;
  chapterId: string;
}): Promise<ReadThrough> {
  const { db, userId, chapterId } = options;
  const { chapter } = await requireDashboardChapter({ db: db.prisma, chapterId, userId });
  const revisionId = chapter.publishedRevisionId;
  if (!revisionId) return { readers: 0, passages: [], povs: [], elsewhere: 0 };
  const [text, rows] = await Promise.all([
    revisionText(db, revisionId),
    db.prisma.readThroughPassage.findMany({
      where: { chapterId, readers: { gt: 0 } },
      select: { passageKey: true, readers: true },
    }),
  ]);
  const endedAt = new Map(rows.map((r) => [r.passageKey, r.readers]));
  const keys = text.anchorPassages.map((p) => p.key);
  const inText = new Set(keys);
  const elsewhere = rows.filter((r) => !inText.has(r.passageKey)).reduce((n, r) => n + r.readers, 0);

  // Suffix sums: reached[i] = readers whose furthest passage is i or later.
  const reached: number[] = new Array<number>(keys.length).fill(0);
  for (let i = keys.length - 1, sum = 0; i >= 0; i--) {
    sum += endedAt.get(keys[i] as string) ?? 0;
    reached[i] = sum;
  }
  const readers = reached[0] ?? 0;
  const index = new Map(keys.map((k, i) => [k, i]));

  const characterIds = [
    ...new Set(text.segments.map((s) => s.characterId).filter((id): id is string => id !== null)),
  ];
  const characters = new Map(
    (
      await db.prisma.povCharacter.findMany({
        where: { id: { in: characterIds } },
        select: { id: true, name: true, color: true, position: true },
      })
    )
      .sort((a, b) => a.position - b.position)
      .map((c) => [c.id, c]),
  );
  const povs = new Map<string, ReadThroughPov>();
  for (const c of characters.values())
    povs.set(c.id, { name: c.name, color: c.color, sections: 0, began: 0, finished: 0, share: null });
  for (const segment of text.segments) {
    const pov = segment.characterId === null ? undefined : povs.get(segment.characterId);
    const own = segment.passages.filter((p) => p.kind === 'text').map((p) => index.get(p.key));
    const first = own[0];
    const last = own[own.length - 1];
    if (!pov || first === undefined || last === undefined) continue;
    pov.sections += 1;
    pov.began += reached[first] ?? 0;
    pov.finished += reached[last] ?? 0;
  }
  return {
    readers,
    passages: keys.map((key, i) => ({
      key,
      reached: reached[i] ?? 0,
      share: share(reached[i] ?? 0, readers),
    })),
    povs: [...povs.values()]
      .filter((p) => p.sections > 0)
      .map((p) => ({ ...p, share: share(p.finished, p.began) })),
    elsewhere,
  };
}
