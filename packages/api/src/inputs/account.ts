// Leaving (docs/accounts.md): what the delete-account form sends.
import { z } from 'zod';

/** What happens to the stories the person owns: gone with the account, or kept under "orphan account". */
export const STORY_FATES = ['orphan', 'delete'] as const;
export type StoryFate = (typeof STORY_FATES)[number];

export const deleteAccountInput = z.object({
  password: z.string().min(1, 'Enter your password to confirm.').max(1000),
  stories: z.enum(STORY_FATES, { error: 'Choose what happens to your stories.' }),
});
