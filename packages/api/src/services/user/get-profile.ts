import type { Database } from '@margins/db';
import { notFound } from '../../errors';
import { GUEST_USER } from '../guest/guest-user';
import {
  publicStoryWhere,
  storySummarySelect,
  toStorySummary,
  type StorySummary,
} from '../story/story-summary';

export interface Profile {
  /** The account's id: what a report of the person names (moderation.report, targetType user). */
  id: string;
  username: string;
  displayName: string | null;
  /** Plain text; pages show it escaped, line breaks kept. */
  bio: string | null;
  /** Absolute http(s) URLs, checked when saved (inputs/profile.ts). */
  links: string[];
  joinedAt: Date;
  /**
   * Public stories the user writes (as owner or co-author): public and published only, so a
   * private story or an unpublished draft is never listed, whoever asks.
   */
  stories: StorySummary[];
  /** How the caller stands to this person: their own profile, muted, followed (new chapters of their stories). */
  viewer: { self: boolean; muted: boolean; following: boolean };
}

export async function getProfile(options: {
  db: Database;
  username: string;
  viewerId?: string | null;
  now: Date;
}): Promise<Profile> {
  const { db, username, now } = options;
  const viewerId = options.viewerId ?? null;
  const user = await db.prisma.user.findUnique({
    where: { username },
    select: {
      id: true,
      username: true,
      displayName: true,
      bio: true,
      profileLinks: true,
      createdAt: true,
      deletedAt: true,
      suspendedAt: true,
    },
  });
  // No page for a deleted account's tombstone, a suspended account (hidden until restored,
  // docs/admin.md) or the shared author of guests' comments.
  if (!user || user.deletedAt || user.suspendedAt || user.id === GUEST_USER.id) throw notFound('User');
  const [stories, mute, following] = await Promise.all([
    db.prisma.story.findMany({
      where: {
        ...publicStoryWhere,
        members: { some: { userId: user.id, role: { in: ['owner', 'coauthor'] } } },
      },
      orderBy: { publishedAt: 'desc' },
      select: storySummarySelect,
    }),
    viewerId === null || viewerId === user.id
      ? null
      : db.prisma.userMute.findUnique({
          where: { muterId_mutedId: { muterId: viewerId, mutedId: user.id } },
          select: { mutedId: true },
        }),
    viewerId === null || viewerId === user.id
      ? null
      : db.prisma.subscription.findFirst({
          where: { userId: viewerId, authorId: user.id, endedAt: null },
          select: { id: true },
        }),
  ]);
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    bio: user.bio,
    links: user.profileLinks,
    joinedAt: user.createdAt,
    stories: stories.map((s) => toStorySummary(s, now)),
    viewer: { self: viewerId === user.id, muted: mute !== null, following: following !== null },
  };
}
