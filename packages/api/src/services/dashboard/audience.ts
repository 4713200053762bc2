// Who the readers are: members (signed-in readers) and guests (no account), counted apart and
// together, per chapter. Members' figures come from the rollups (docs/dashboard.md); guests'
// verdicts are counted from their rows (one per chapter per browser, an index on the chapter),
// their reads from one row per chapter per day (guest/guest-read.ts).
import type { Database } from '@margins/db';
import { guestReadCounts } from '../guest/guest-read';
import { guestVerdictCounts, type VerdictCounts } from '../guest/guest-verdict';
import { requireDashboardStory } from '../access';

export interface AudienceRow {
  id: string;
  number: number;
  title: string;
  verdicts: { members: VerdictCounts; guests: VerdictCounts };
  /** Members: once per reader per chapter per 24 h. Guests: unique per chapter per UTC day. */
  reads: { members: number; guests: number };
}

export interface StoryAudience {
  /** Whether guests may give verdicts on this story now (the owner's switch). */
  guestVerdicts: boolean;
  chapters: AudienceRow[];
  totals: Pick<AudienceRow, 'verdicts' | 'reads'>;
}

const add = (a: VerdictCounts, b: VerdictCounts): VerdictCounts => ({
  yay: a.yay + b.yay,
  nay: a.nay + b.nay,
});
const none = (): VerdictCounts => ({ yay: 0, nay: 0 });

export async function storyAudience(options: {
  db: Database;
  userId: string;
  storyId: string;
}): Promise<StoryAudience> {
  const { db, userId, storyId } = options;
  await requireDashboardStory({ db: db.prisma, storyId, userId });
  const [story, chapters] = await Promise.all([
    db.prisma.story.findUniqueOrThrow({ where: { id: storyId }, select: { guestVerdicts: true } }),
    db.prisma.chapter.findMany({
      where: { storyId },
      orderBy: [{ position: 'asc' }, { id: 'asc' }],
      select: { id: true, title: true, stat: { select: { yays: true, nays: true, reads: true } } },
    }),
  ]);
  const ids = chapters.map((c) => c.id);
  const [guests, guestReads] = await Promise.all([guestVerdictCounts(db, ids), guestReadCounts(db, ids)]);
  const rows = chapters.map((c, i) => ({
    id: c.id,
    number: i + 1,
    title: c.title,
    verdicts: {
      members: { yay: c.stat?.yays ?? 0, nay: c.stat?.nays ?? 0 },
      guests: guests.get(c.id) ?? none(),
    },
    reads: { members: c.stat?.reads ?? 0, guests: guestReads.get(c.id) ?? 0 },
  }));
  const totals = rows.reduce(
    (t, r) => ({
      verdicts: {
        members: add(t.verdicts.members, r.verdicts.members),
        guests: add(t.verdicts.guests, r.verdicts.guests),
      },
      reads: { members: t.reads.members + r.reads.members, guests: t.reads.guests + r.reads.guests },
    }),
    { verdicts: { members: none(), guests: none() }, reads: { members: 0, guests: 0 } },
  );
  return { guestVerdicts: story.guestVerdicts, chapters: rows, totals };
}
