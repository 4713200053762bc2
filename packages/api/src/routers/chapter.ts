import { z } from 'zod';
import { createChapter } from '../services/chapter/create-chapter';
import { deleteChapter } from '../services/chapter/delete-chapter';
import { diffRevisions } from '../services/chapter/diff-revisions';
import { editChapter } from '../services/chapter/edit-chapter';
import { getChapterForEditing } from '../services/chapter/get-chapter-for-editing';
import { inferChapterPov } from '../services/chapter/infer-pov';
import { listRevisions } from '../services/chapter/list-revisions';
import { mergeChapterEdit } from '../services/chapter/merge-chapter';
import { previewChapter } from '../services/chapter/preview-chapter';
import { publishChapter, scheduleChapter, unpublishChapter } from '../services/chapter/publish-chapter';
import { moveChapter, reorderChapters } from '../services/chapter/reorder-chapters';
import { authedProcedure, rateLimited, router, storyProcedure } from '../trpc';
import { setChapterNotes } from '../services/chapter/chapter-notes';
import { saveStagedUpload, stageUpload } from '../services/chapter/staged-upload';
import { fileFromJson } from '../services/chapter/upload';
import { chapterNotes, id, stagedFile, title, upload, uploadSettings } from './schemas';

const byChapter = z.object({ chapterId: id });

// Chapter-keyed procedures are authed only here: the services resolve the chapter's story and
// answer not_found or forbidden exactly as the story-keyed guard would.
export const chapterRouter = router({
  /** Parses an upload as saving would and writes nothing; problems come back as data. */
  preview: storyProcedure
    .input(z.object({ chapterId: id.optional(), upload }))
    .use(rateLimited('preview'))
    .mutation(({ ctx, input }) =>
      previewChapter({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now(), parser: ctx.parser }),
    ),

  /** Whose POV each previewed passage follows, read from the text; a proposal, never applied here. */
  inferPov: storyProcedure
    .input(
      z.object({
        passages: z
          .array(z.object({ kind: z.enum(['text', 'break']), text: z.string().max(2 * 1024 * 1024) }))
          .max(50_000),
      }),
    )
    .use(rateLimited('preview'))
    .mutation(({ ctx, input }) => inferChapterPov({ db: ctx.db, userId: ctx.user.id, ...input })),

  /**
   * Preview for saving: parses a new file (or, by `stagedId`, an earlier preview's file with
   * other settings) and stages it; with `chapterId`, as that chapter's next revision, with the
   * diff and what happens to feedback. Save it with saveStaged.
   */
  stage: storyProcedure
    .input(
      z.object({
        chapterId: id.optional(),
        file: stagedFile.optional(),
        stagedId: id.optional(),
        settings: uploadSettings,
      }),
    )
    .use(rateLimited('preview'))
    .mutation(({ ctx, input }) =>
      stageUpload({
        db: ctx.db,
        userId: ctx.user.id,
        storyId: input.storyId,
        chapterId: input.chapterId,
        file: input.file && fileFromJson(input.file),
        stagedId: input.stagedId,
        settings: input.settings,
        now: ctx.now(),
        parser: ctx.parser,
      }),
    ),

  /** Saves a staged upload (once, by the user who staged it) as a new chapter or a revision. */
  saveStaged: storyProcedure
    .input(
      z.object({
        stagedId: id,
        settings: uploadSettings,
        title: title.optional(),
        notes: chapterNotes.optional(),
      }),
    )
    .use(rateLimited('revision'))
    .mutation(({ ctx, input }) =>
      saveStagedUpload({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now(), parser: ctx.parser }),
    ),

  create: storyProcedure
    .input(z.object({ title, upload, notes: chapterNotes.optional() }))
    .use(rateLimited('chapter'))
    .mutation(({ ctx, input }) =>
      createChapter({ db: ctx.db, userId: ctx.user.id, ...input, parser: ctx.parser }),
    ),

  /** A new revision; passage keys carry over from the current one. */
  edit: authedProcedure
    .input(
      z.object({
        chapterId: id,
        upload,
        title: title.optional(),
        baseRevisionId: id.optional(),
        notes: chapterNotes.optional(),
      }),
    )
    .use(rateLimited('revision'))
    .mutation(({ ctx, input }) =>
      editChapter({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now(), parser: ctx.parser }),
    ),

  /**
   * After a CONFLICT from edit: what each side changed since the common base and a three-way
   * merge of your text onto the current revision. Writes nothing (a mutation only because the
   * text can be large, as for preview).
   */
  merge: authedProcedure
    .input(z.object({ chapterId: id, baseRevisionId: id, markup: z.string().max(16 * 1024 * 1024) }))
    .use(rateLimited('preview'))
    .mutation(({ ctx, input }) =>
      mergeChapterEdit({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() }),
    ),

  /** The chapter's summary and notes alone; no new revision. */
  notes: authedProcedure
    .input(z.object({ chapterId: id, notes: chapterNotes }))
    .use(rateLimited('revision'))
    .mutation(({ ctx, input }) =>
      setChapterNotes({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() }),
    ),

  get: authedProcedure
    .input(byChapter)
    .query(({ ctx, input }) =>
      getChapterForEditing({ db: ctx.db, userId: ctx.user.id, chapterId: input.chapterId, now: ctx.now() }),
    ),

  revisions: authedProcedure
    .input(byChapter)
    .query(({ ctx, input }) =>
      listRevisions({ db: ctx.db, userId: ctx.user.id, chapterId: input.chapterId, now: ctx.now() }),
    ),

  diff: authedProcedure
    .input(z.object({ chapterId: id, from: z.number().int().min(1), to: z.number().int().min(1) }))
    .query(({ ctx, input }) => diffRevisions({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() })),

  /** One chapter a place up or down; the new order is worked out and written in one transaction. */
  move: storyProcedure
    .input(z.object({ chapterId: id, direction: z.enum(['up', 'down']) }))
    .mutation(({ ctx, input }) =>
      moveChapter({
        db: ctx.db,
        userId: ctx.user.id,
        storyId: input.storyId,
        chapterId: input.chapterId,
        direction: input.direction === 'up' ? -1 : 1,
      }),
    ),

  reorder: storyProcedure
    .input(z.object({ chapterIds: z.array(id).max(1000) }))
    .mutation(({ ctx, input }) => reorderChapters({ db: ctx.db, userId: ctx.user.id, ...input })),

  publish: authedProcedure
    .input(byChapter)
    .mutation(({ ctx, input }) =>
      publishChapter({ db: ctx.db, userId: ctx.user.id, chapterId: input.chapterId, now: ctx.now() }),
    ),

  schedule: authedProcedure
    .input(z.object({ chapterId: id, publishAt: z.coerce.date() }))
    .mutation(({ ctx, input }) =>
      scheduleChapter({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() }),
    ),

  unpublish: authedProcedure
    .input(byChapter)
    .mutation(({ ctx, input }) =>
      unpublishChapter({ db: ctx.db, userId: ctx.user.id, chapterId: input.chapterId, now: ctx.now() }),
    ),

  delete: authedProcedure
    .input(byChapter)
    .mutation(({ ctx, input }) =>
      deleteChapter({ db: ctx.db, userId: ctx.user.id, chapterId: input.chapterId, now: ctx.now() }),
    ),
});
