// POV characters of a story: owner and co-authors manage them. A colour is never the only cue
// (the reader shows names too), but it must be a valid #rrggbb so the UI can compute contrast.
import { type Database, newId, Prisma } from '@margins/db';
import { ServiceError, notFound } from '../../errors';
import { EDITORS, requireStoryRole, type Db } from '../access';

export interface PovCharacterView {
  id: string;
  name: string;
  color: string;
  aliases: string[];
  position: number;
}

const select = { id: true, name: true, color: true, aliases: true, position: true } as const;

function nameTaken(name: string): ServiceError {
  return new ServiceError('conflict', `This story already has a character named “${name}”.`, {
    fieldErrors: { name: ['Another character has this name.'] },
  });
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

export async function listPovCharacters(db: Db, storyId: string): Promise<PovCharacterView[]> {
  return db.povCharacter.findMany({
    where: { storyId },
    select,
    orderBy: [{ position: 'asc' }, { name: 'asc' }],
  });
}

export async function addPovCharacter(options: {
  db: Database;
  userId: string;
  storyId: string;
  name: string;
  color: string;
  aliases?: string[];
}): Promise<PovCharacterView> {
  const { db, userId, storyId, name, color, aliases } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: EDITORS });
  return insertPovCharacter(db.prisma, { storyId, name, color, ...(aliases ? { aliases } : {}) });
}

/** A character at the end of the story's list; the caller has checked access. */
export async function insertPovCharacter(
  db: Db,
  options: { storyId: string; name: string; color: string; aliases?: string[] },
): Promise<PovCharacterView> {
  const { storyId, name, color, aliases = [] } = options;
  const last = await db.povCharacter.aggregate({ where: { storyId }, _max: { position: true } });
  try {
    return await db.povCharacter.create({
      data: {
        id: newId(),
        storyId,
        name,
        color: color.toLowerCase(),
        aliases,
        position: (last._max.position ?? -1) + 1,
      },
      select,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
}

export async function updatePovCharacter(options: {
  db: Database;
  userId: string;
  storyId: string;
  characterId: string;
  name?: string;
  color?: string;
  aliases?: string[];
}): Promise<PovCharacterView> {
  const { db, userId, storyId, characterId, name, color, aliases } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: EDITORS });
  const found = await db.prisma.povCharacter.findFirst({
    where: { id: characterId, storyId },
    select: { id: true },
  });
  if (!found) throw notFound('Character');
  try {
    return await db.prisma.povCharacter.update({
      where: { id: characterId },
      data: { name, color: color?.toLowerCase(), aliases },
      select,
    });
  } catch (error) {
    if (isUniqueViolation(error) && name) throw nameTaken(name);
    throw error;
  }
}

/**
 * Removing a character would silently unattribute its segments (the schema sets them to null),
 * so a character still narrating a current or published revision is refused.
 */
export async function removePovCharacter(options: {
  db: Database;
  userId: string;
  storyId: string;
  characterId: string;
}): Promise<{ id: string }> {
  const { db, userId, storyId, characterId } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: EDITORS });
  const character = await db.prisma.povCharacter.findFirst({
    where: { id: characterId, storyId },
    select: { id: true, name: true },
  });
  if (!character) throw notFound('Character');
  const inUse = await db.prisma.segment.count({
    where: {
      characterId,
      revision: { OR: [{ currentOf: { isNot: null } }, { publishedOf: { isNot: null } }] },
    },
  });
  if (inUse > 0) {
    throw new ServiceError(
      'conflict',
      `${character.name} narrates ${inUse} segment${inUse === 1 ? '' : 's'} of this story; edit those chapters first.`,
    );
  }
  await db.prisma.povCharacter.delete({ where: { id: characterId } });
  return { id: characterId };
}

/** `characterIds` must list every character of the story exactly once, in the new order. */
export async function reorderPovCharacters(options: {
  db: Database;
  userId: string;
  storyId: string;
  characterIds: string[];
}): Promise<PovCharacterView[]> {
  const { db, userId, storyId, characterIds } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: EDITORS });
  return db.prisma.$transaction(async (tx) => {
    const existing = await tx.povCharacter.findMany({ where: { storyId }, select: { id: true } });
    assertPermutation(
      existing.map((c) => c.id),
      characterIds,
      'characterIds',
    );
    for (const [position, id] of characterIds.entries())
      await tx.povCharacter.update({ where: { id }, data: { position } });
    return listPovCharacters(tx, storyId);
  });
}

export function assertPermutation(existing: string[], given: string[], field: string): void {
  const set = new Set(existing);
  const ok =
    given.length === existing.length &&
    new Set(given).size === given.length &&
    given.every((id) => set.has(id));
  if (!ok)
    throw new ServiceError('invalid', 'The new order must list every item exactly once.', {
      fieldErrors: { [field]: ['List every item exactly once.'] },
    });
}
