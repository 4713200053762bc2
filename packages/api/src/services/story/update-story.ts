import type { Database } from '@margins/db';
import type { StoryMeta } from '../../story-meta';
import { OWNER, requireStoryRole } from '../access';
import { inTransaction } from '../transaction';
import { replaceStoryTags } from './set-story-tags';
import type { TagsByKind } from './story-summary';

export interface UpdateStoryOptions extends Partial<StoryMeta> {
  db: Database;
  userId: string;
  storyId: string;
  title?: string;
  summary?: string;
  /** When given, replaces every tag, in the same transaction as the other fields. */
  tags?: Partial<TagsByKind>;
  /** Between the story row and the tags; tests throw from it to prove the update is atomic. */
  onStep?: (step: 'story') => void | Promise<void>;
}

/** Title, summary, rating, warnings, completion, chapter plan, language and tags; owner only. */
export async function updateStory(options: UpdateStoryOptions): Promise<{ id: string }> {
  const {
    db,
    userId,
    storyId,
    title,
    summary,
    rating,
    warnings,
    completion,
    expectedChapters,
    language,
    tags,
    onStep,
  } = options;
  await requireStoryRole({ db: db.prisma, storyId, userId, roles: OWNER });
  await inTransaction(db, async (tx) => {
    await tx.prisma.story.update({
      where: { id: storyId },
      data: { title, summary, rating, warnings, completion, expectedChapters, language },
    });
    await onStep?.('story');
    if (tags) await replaceStoryTags(tx.prisma, storyId, tags);
  });
  return { id: storyId };
}
