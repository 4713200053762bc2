import type { Database } from '@margins/db';
import { EDITORS, requireStoryRole } from '../access';
import { setStorySwitch } from '../story/story-switches';

export interface PendingComment {
  id: string;
  chapter: { id: string; title: string };
  /** A guest's comment: the shared guest account, with the name the guest gave as displayName. */
  author: { id: string; username: string; displayName: string | null; guest: boolean };
  passageKey: string;
  quote: string | null;
  body: string;
  type: 'reaction' | 'critique' | 'typo';
  visibility: 'public' | 'private';
  isReply: boolean;
  createdAt: Date;
}

/** Comments awaiting approval on the story, oldest first. */
export async function listPendingComments(options: {
  db: Database;
  userId: string;
  storyId: string;
}): Promise<PendingComment[]> {
  const { db, userId, storyId } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: EDITORS });
  const rows = await db.prisma.inlineComment.findMany({
    where: { status: 'pending', chapter: { storyId } },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      passageKey: true,
      quote: true,
      body: true,
      type: true,
      visibility: true,
      parentId: true,
      createdAt: true,
      guestName: true,
      chapter: { select: { id: true, title: true } },
      author: { select: { id: true, username: true, displayName: true } },
    },
  });
  return rows.map(({ parentId, guestName, author, ...r }) => ({
    ...r,
    author: {
      ...author,
      displayName: guestName ?? author.displayName,
      guest: guestName !== null,
    },
    isReply: parentId !== null,
  }));
}

/** The owner's switch: a reader's first comment on the story waits for approval. */
/** The story's moderation settings, for its editors. */
export async function moderationSettings(options: {
  db: Database;
  userId: string;
  storyId: string;
}): Promise<{ approveFirstComments: boolean; guestVerdicts: boolean; guestComments: boolean }> {
  await requireStoryRole({
    db: options.db.prisma,
    storyId: options.storyId,
    userId: options.userId,
    roles: EDITORS,
  });
  const story = await options.db.prisma.story.findUniqueOrThrow({
    where: { id: options.storyId },
    select: { approveFirstComments: true, guestVerdicts: true, guestComments: true },
  });
  return story;
}

/** The owner's switch (story/story-switches.ts). */
export const setApproveFirstComments = (options: {
  db: Database;
  userId: string;
  storyId: string;
  enabled: boolean;
}) => setStorySwitch({ ...options, name: 'approveFirstComments' });
