// "Download everything of yours" (docs/accounts.md): one zip with each story the person owns as
// the Markdown file story.import reads back, and their comments, reviews, beta verdicts,
// settings and reading data as JSON. The zip is built in memory, so the work is capped
// (EXPORT_LIMITS); whatever a cap leaves out is named in manifest.json and README.txt, with
// where to get it, never dropped silently.
import { Buffer } from 'node:buffer';
import type { Database } from '@margins/db';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { notFound } from '../../errors';
import { loadExportableStory } from '../export/exportable';
import { storyToMarkdown } from '../export/markdown';
import { mySubscriptions } from '../follow/subscriptions';
import { myBookmarks } from '../library/bookmarks';
import { readingHistory } from '../library/history';
import { enforceRateLimit } from '../rate-limits';

export const EXPORT_LIMITS = {
  /** Stories in one archive. */
  stories: 200,
  /** Markdown (uncompressed) of all stories together; a story past it is listed, not included. */
  storyBytes: 32 * 1024 * 1024,
  /** Comments, reviews and beta verdicts: the newest this many of each. */
  rows: 10_000,
  /** Reading history entries (the library page's own limit). */
  history: 500,
} as const;

interface LeftOut {
  what: string;
  why: string;
  get: string;
}

const json = (value: unknown) => strToU8(JSON.stringify(value, null, 2) + '\n');

export async function exportAccount(options: { db: Database; userId: string; now: Date }): Promise<{
  filename: string;
  base64: string;
  stories: number;
  leftOut: LeftOut[];
}> {
  const { db, userId, now } = options;
  // Each archive reads every story and row of the person: a few an hour is plenty.
  await enforceRateLimit({ db, userId, action: 'export', now });
  const user = await db.prisma.user.findUnique({
    where: { id: userId },
    select: {
      username: true,
      displayName: true,
      email: true,
      emailVerifiedAt: true,
      pendingEmail: true,
      createdAt: true,
      deletedAt: true,
    },
  });
  if (!user || user.deletedAt) throw notFound('Account');
  const files: Zippable = {};
  const leftOut: LeftOut[] = [];

  // Stories, oldest first, one at a time: at most one story's text is being built at once.
  const owned = await db.prisma.storyMember.findMany({
    where: { userId, role: 'owner' },
    orderBy: { createdAt: 'asc' },
    select: { story: { select: { id: true, slug: true, title: true } } },
  });
  let bytes = 0;
  const storyFiles: { slug: string; title: string; file: string; chapters: number }[] = [];
  for (const [i, { story }] of owned.entries()) {
    const get = `/s/${story.slug}/export.md`;
    if (i >= EXPORT_LIMITS.stories) {
      leftOut.push({
        what: `Story “${story.title}”`,
        why: `more than ${EXPORT_LIMITS.stories} stories`,
        get,
      });
      continue;
    }
    const exported = await loadExportableStory({ db, userId, storyId: story.id, now });
    const markdown = strToU8(storyToMarkdown(exported, now));
    if (bytes + markdown.length > EXPORT_LIMITS.storyBytes) {
      leftOut.push({ what: `Story “${story.title}”`, why: 'the archive’s 32 MB of story text is full', get });
      continue;
    }
    bytes += markdown.length;
    const file = `stories/${story.slug}.md`;
    files[file] = markdown;
    storyFiles.push({ slug: story.slug, title: story.title, file, chapters: exported.chapters.length });
  }

  const newest = { orderBy: { createdAt: 'desc' as const }, take: EXPORT_LIMITS.rows + 1 };
  const place = { select: { title: true, story: { select: { slug: true, title: true } } } } as const;
  const [comments, reviews, verdicts] = await Promise.all([
    db.prisma.inlineComment.findMany({
      where: { authorId: userId },
      ...newest,
      select: {
        id: true,
        parentId: true,
        type: true,
        visibility: true,
        status: true,
        quote: true,
        body: true,
        createdAt: true,
        editedAt: true,
        chapter: place,
      },
    }),
    db.prisma.review.findMany({
      where: { authorId: userId },
      ...newest,
      select: {
        id: true,
        verdict: true,
        pacing: true,
        characters: true,
        povClarity: true,
        prose: true,
        body: true,
        authorReply: true,
        status: true,
        createdAt: true,
        updatedAt: true,
        chapter: place,
      },
    }),
    db.prisma.betaVerdict.findMany({
      where: { userId },
      ...newest,
      select: { verdict: true, body: true, createdAt: true, round: { select: { chapter: place } } },
    }),
  ]);
  const capped = <T>(rows: T[], what: string): T[] => {
    if (rows.length <= EXPORT_LIMITS.rows) return rows;
    leftOut.push({
      what: `${what} older than the newest ${EXPORT_LIMITS.rows}`,
      why: `at most ${EXPORT_LIMITS.rows} per archive`,
      get: 'ask the site admins',
    });
    return rows.slice(0, EXPORT_LIMITS.rows);
  };
  files['comments.json'] = json(capped(comments, 'Comments'));
  files['reviews.json'] = json(capped(reviews, 'Reviews'));
  files['verdicts.json'] = json(
    capped(verdicts, 'Beta verdicts').map(({ round, ...v }) => ({ ...v, chapter: round.chapter })),
  );

  const [notifications, follow, blocks, tokens] = await Promise.all([
    db.prisma.notificationSetting.findMany({ where: { userId }, select: { kind: true, enabled: true } }),
    db.prisma.followSetting.findUnique({ where: { userId }, select: { mail: true } }),
    db.prisma.userBlock.findMany({
      where: { blockerId: userId },
      select: { createdAt: true, blocked: { select: { username: true } } },
    }),
    db.prisma.apiToken.findMany({
      where: { userId },
      select: { name: true, scope: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    }),
  ]);
  files['settings.json'] = json({
    account: user,
    // A missing row means "on" (notifications) and "instant" (mail), as the app reads them.
    notifications,
    mail: follow?.mail ?? 'instant',
    blocked: blocks.map((b) => ({ username: b.blocked.username, since: b.createdAt })),
    apiTokens: tokens,
  });

  const [history, later, bookmarks, subscriptions] = await Promise.all([
    readingHistory({ db, userId, now, limit: EXPORT_LIMITS.history }),
    readingHistory({ db, userId, now, later: true, limit: EXPORT_LIMITS.history }),
    myBookmarks({ db, userId }),
    mySubscriptions({ db, userId }),
  ]);
  files['reading.json'] = json({
    history,
    markedForLater: later.map((l) => l.story),
    bookmarks,
    subscriptions,
  });

  const manifest = {
    format: 'margins-account-export',
    version: 1,
    username: user.username,
    exported: now.toISOString(),
    stories: storyFiles,
    counts: {
      comments: Math.min(comments.length, EXPORT_LIMITS.rows),
      reviews: Math.min(reviews.length, EXPORT_LIMITS.rows),
      verdicts: Math.min(verdicts.length, EXPORT_LIMITS.rows),
    },
    limits: EXPORT_LIMITS,
    leftOut,
  };
  files['manifest.json'] = json(manifest);
  files['README.txt'] = strToU8(readme(user.username, now, storyFiles.length, leftOut));

  const zip = zipSync(files, { level: 6, mtime: now });
  const day = now.toISOString().slice(0, 10);
  return {
    filename: `margins-${user.username}-${day}.zip`,
    base64: Buffer.from(zip).toString('base64'),
    stories: storyFiles.length,
    leftOut,
  };
}

function readme(username: string, now: Date, stories: number, leftOut: LeftOut[]): string {
  const lines = [
    `Everything of ${username}'s on Margins, as of ${now.toISOString()}.`,
    '',
    `stories/       ${stories} stor${stories === 1 ? 'y' : 'ies'} you own, one Markdown file each, drafts included.`,
    '               Each imports back as a new story: Write > Import a story.',
    'comments.json  your comments (and replies), newest first.',
    'reviews.json   your reviews, with the author’s replies.',
    'verdicts.json  your private beta-reading verdicts.',
    'settings.json  your account, notification and mail settings, blocks and API tokens (names only).',
    'reading.json   your reading history, marked-for-later, bookmarks and subscriptions.',
    'manifest.json  what is in this archive, in a form a program can read.',
  ];
  if (leftOut.length) {
    lines.push('', 'Left out of this archive (too much for one download):');
    for (const l of leftOut) lines.push(`- ${l.what} (${l.why}): ${l.get}`);
  }
  return lines.join('\n') + '\n';
}
