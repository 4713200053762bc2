// chapter.merge's answer as the conflict view uses it: inferred from the router, never copied.
import type { RouterOutputs } from '$lib/trpc';

export type ChapterConflict = RouterOutputs['chapter']['merge'];
