import { type Database, newId, Prisma } from '@margins/db';
import { ServiceError } from '../../errors';
import type { StoryMeta } from '../../story-meta';

export interface CreateStoryOptions extends Partial<StoryMeta> {
  db: Database;
  userId: string;
  title: string;
  summary?: string;
  /** Defaults to one made from the title. */
  slug?: string;
}

export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'story';
}

/** A new private story; its creator becomes the owner. */
export async function createStory(options: CreateStoryOptions): Promise<{ id: string; slug: string }> {
  const { db, userId, title, summary = '', rating, warnings, completion, expectedChapters, language } = options;
  const base = options.slug ?? slugify(title);
  // A taken slug is only an error when the author chose it; a derived one gets a suffix.
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = attempt === 0 ? base : `${base}-${newId().slice(0, 5).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
    const id = newId();
    try {
      await db.prisma.story.create({
        data: { id, slug, title, summary, rating, warnings, completion, expectedChapters, language, members: { create: { userId, role: 'owner' } } },
      });
      return { id, slug };
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
      if (options.slug !== undefined) {
        throw new ServiceError('conflict', `The address “${slug}” is taken.`, { fieldErrors: { slug: ['This address is taken; choose another.'] } });
      }
    }
  }
  throw new ServiceError('conflict', 'Could not find a free address for this story; choose one.');
}
