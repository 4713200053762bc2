// A hand-counted story for the dashboard tests: three published chapters and a draft, three
// readers, members who must not count, and comments and reviews inserted directly (as any
// writer would) so the figures come from the triggers alone. The expected numbers are worked
// out by hand in dashboard.test.ts next to each assertion.
import type { SessionUser } from '@margins/auth';
import { newId } from '@margins/db';
import { uniqueSuffix } from '@margins/db/test';
import { createChapter } from '../src/services/chapter/create-chapter';
import { publishChapter } from '../src/services/chapter/publish-chapter';
import { recordRead } from '../src/services/reading/record-read';
import { createStory } from '../src/services/story/create-story';
import { addPovCharacter } from '../src/services/story/pov-characters';
import { publishStory } from '../src/services/story/publish-story';
import { setStoryMember } from '../src/services/story/story-members';
import { directives, type Harness } from './helpers';

/** Monday 2 March 2026, 10:00 UTC. */
export const T0 = new Date('2026-03-02T10:00:00.000Z');
export const HOUR = 3_600_000;
export const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);

export interface ChapterRef {
  id: string;
  revisionId: string;
  /** Passage keys of the published revision: Mark 1, Mark 2, scene break, Lexie 1. */
  keys: { m1: string; m2: string; brk: string; l1: string };
}

export interface DashboardFixture {
  storyId: string;
  slug: string;
  owner: SessionUser;
  coauthor: SessionUser;
  beta: SessionUser;
  r1: SessionUser;
  r2: SessionUser;
  r3: SessionUser;
  outsider: SessionUser;
  mark: string;
  lexie: string;
  ch: [ChapterRef, ChapterRef, ChapterRef, ChapterRef];
  ids: { ownerReply: string; r1OnM1: string; r2Review1: string; r3HiddenReview: string };
}

export async function dashboardFixture(h: Harness): Promise<DashboardFixture> {
  const db = h.db;
  const [owner, coauthor, beta, r1, r2, r3, outsider] = await Promise.all(
    ['own', 'co', 'beta', 'ra', 'rb', 'rc', 'out'].map((p) => h.user(p)),
  );
  const userId = owner!.id;
  const { id: storyId, slug } = await createStory({ db, userId, title: `Dashboard ${uniqueSuffix()}` });
  const mark = await addPovCharacter({ db, userId, storyId, name: 'Mark', color: '#1f6feb' });
  const lexie = await addPovCharacter({ db, userId, storyId, name: 'Lexie', color: '#b35900' });
  await setStoryMember({ db, userId, storyId, username: coauthor!.username, role: 'coauthor' });
  await setStoryMember({ db, userId, storyId, username: beta!.username, role: 'beta' });

  const ch = [] as unknown as DashboardFixture['ch'];
  for (const n of [1, 2, 3, 4]) {
    const source = directives(
      [`Mark opens ledger ${n}.`, `Mark counts the gulls ${n}.`],
      [`Lexie closes ledger ${n}.`],
    );
    const saved = await createChapter({
      db,
      userId,
      storyId,
      title: `Chapter ${n}`,
      upload: { source, format: 'markdown' },
    });
    if (n < 4) await publishChapter({ db, userId, chapterId: saved.chapterId, now: T0 });
    const passages = await db.prisma.passage.findMany({
      where: { revisionId: saved.revisionId },
      orderBy: { position: 'asc' },
      select: { key: true },
    });
    const [m1, m2, brk, l1] = passages.map((p) => p.key) as [string, string, string, string];
    ch.push({ id: saved.chapterId, revisionId: saved.revisionId, keys: { m1, m2, brk, l1 } });
  }
  await publishStory({ db, userId, storyId, now: T0 });

  // Reads (recordRead applies the 24-hour rule and skips members).
  const read = (u: SessionUser, c: ChapterRef, hours: number) =>
    recordRead({ db, userId: u.id, chapterId: c.id, now: at(hours) });
  await read(r1!, ch[0], 0);
  await read(r1!, ch[0], 1); // within 24 h: not counted
  await read(r1!, ch[0], 25); // a day later: counted (on 3 March)
  await read(r1!, ch[1], 2);
  await read(r2!, ch[0], 0);
  await read(r2!, ch[1], 0);
  await read(r2!, ch[2], 0);
  await read(r3!, ch[0], 0);
  await read(owner!, ch[0], 0); // member: not counted
  await read(beta!, ch[0], 0); // member: not counted

  const review = (
    u: SessionUser,
    c: ChapterRef,
    hours: number,
    data: {
      verdict: 'yay' | 'nay';
      pacing?: number;
      characters?: number;
      povClarity?: number;
      prose?: number;
      status?: 'hidden';
    },
  ) =>
    db.prisma.review.create({
      data: { id: newId(), chapterId: c.id, authorId: u.id, createdAt: at(hours), ...data },
      select: { id: true },
    });
  await review(r1!, ch[0], 1, { verdict: 'yay', pacing: 4, characters: 5, prose: 3 });
  const r2Review1 = await review(r2!, ch[0], 26, { verdict: 'nay', pacing: 2, characters: 3, povClarity: 4 });
  const r3Hidden = await review(r3!, ch[0], 3, { verdict: 'yay', pacing: 1, status: 'hidden' });
  await review(coauthor!, ch[0], 3, { verdict: 'yay', pacing: 1 }); // an editor: not counted
  await review(beta!, ch[1], 4, { verdict: 'yay', pacing: 5 }); // beta readers' reviews count
  await review(r1!, ch[1], 7 * 24 + 1, { verdict: 'nay' }); // Monday 9 March

  const comment = (
    u: SessionUser,
    c: ChapterRef,
    key: string,
    type: 'reaction' | 'critique' | 'typo',
    hours: number,
    extra: { parentId?: string; status?: 'deleted'; visibility?: 'private' } = {},
  ) =>
    db.prisma.inlineComment.create({
      data: {
        id: newId(),
        chapterId: c.id,
        authorId: u.id,
        revisionId: c.revisionId,
        passageKey: key,
        body: `${type} by ${u.username}`,
        type,
        createdAt: at(hours),
        ...extra,
      },
      select: { id: true },
    });
  const [c1, c2] = ch;
  const r1OnM1 = await comment(r1!, c1, c1.keys.m1, 'reaction', 24);
  await comment(r2!, c1, c1.keys.m1, 'critique', 24);
  await comment(r3!, c1, c1.keys.m1, 'typo', 24, { visibility: 'private' });
  await comment(r1!, c1, c1.keys.m1, 'reaction', 25, { parentId: r1OnM1.id }); // replies count
  await comment(r2!, c1, c1.keys.m2, 'reaction', 25, { status: 'deleted' }); // not visible: not counted
  const ownerReply = await comment(owner!, c1, c1.keys.m1, 'critique', 26, { parentId: r1OnM1.id }); // the author: not counted
  await comment(beta!, c1, c1.keys.l1, 'critique', 26);
  await comment(r3!, c1, c1.keys.l1, 'reaction', 27);
  await comment(r1!, c1, 'gone-passage', 'typo', 28); // a passage no longer in the text
  await comment(r1!, c2, c2.keys.l1, 'reaction', 7 * 24 + 2);

  return {
    storyId,
    slug,
    owner: owner!,
    coauthor: coauthor!,
    beta: beta!,
    r1: r1!,
    r2: r2!,
    r3: r3!,
    outsider: outsider!,
    mark: mark.id,
    lexie: lexie.id,
    ch,
    ids: {
      ownerReply: ownerReply.id,
      r1OnM1: r1OnM1.id,
      r2Review1: r2Review1.id,
      r3HiddenReview: r3Hidden.id,
    },
  };
}
