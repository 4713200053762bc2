// Editing one's own profile (display name, bio, links). The input arrives parsed by
// `profileInput` (inputs/profile.ts): trimmed, bounded, links checked and normalised.
import type { Database } from '@margins/db';

export interface ProfileFields {
  displayName: string | null;
  bio: string | null;
  links: string[];
}

export async function updateProfile(options: {
  db: Database;
  userId: string;
  profile: ProfileFields;
}): Promise<ProfileFields> {
  const { db, userId, profile } = options;
  const user = await db.prisma.user.update({
    where: { id: userId },
    data: { displayName: profile.displayName, bio: profile.bio, profileLinks: profile.links },
    select: { displayName: true, bio: true, profileLinks: true },
  });
  return { displayName: user.displayName, bio: user.bio, links: user.profileLinks };
}

/** The session user's own profile fields, for the /account form. */
export async function myProfile(options: {
  db: Database;
  userId: string;
}): Promise<ProfileFields & { username: string }> {
  const user = await options.db.prisma.user.findUniqueOrThrow({
    where: { id: options.userId },
    select: { username: true, displayName: true, bio: true, profileLinks: true },
  });
  return { username: user.username, displayName: user.displayName, bio: user.bio, links: user.profileLinks };
}
