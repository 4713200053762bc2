// Input schemas shared by several routers and by the web app's forms (@margins/api/inputs).
import { z } from 'zod';
import {
  ARCHIVE_WARNINGS,
  MAX_EXPECTED_CHAPTERS,
  STORY_COMPLETIONS,
  STORY_RATINGS,
  canonicalLanguage,
  sortWarnings,
  warningsProblem,
} from '../story-meta';

export const id = z.string().min(1).max(64);
export const title = z.string().trim().min(1, 'Give it a title.').max(200, 'At most 200 characters.');
export const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #1f6feb.');
export const characterName = z.string().trim().min(1).max(60, 'At most 60 characters.');

export const convention = z.enum(['directives', 'markers', 'style']);
export const styleMapping = z
  .object({
    bold: characterName.optional(),
    italic: characterName.optional(),
    plain: characterName.optional(),
  })
  .strict();

/**
 * An upload in JSON. The 2 MB limit is the service's (413 with the limit); this ceiling only
 * stops absurd bodies before they are copied around.
 */
export const upload = z.object({
  source: z.string().max(16 * 1024 * 1024),
  format: z.enum(['markdown', 'html', 'docx']),
  convention: convention.optional(),
  styleMapping: styleMapping.optional(),
  /** Paragraphs the author took back from the proposed notes ("this is story text"). */
  storyText: z.array(z.number().int().min(1)).max(200).optional(),
  detectNotes: z.boolean().optional(),
});

/** How to read an uploaded file: an upload without its bytes (chapter.stage, chapter.saveStaged). */
export const uploadSettings = upload.pick({ convention: true, styleMapping: true, storyText: true });

/** A file for chapter.stage: text, or base64 for .docx (decoded to bytes at once). */
export const stagedFile = z.object({
  source: upload.shape.source,
  format: upload.shape.format,
  fileName: z.string().max(255).optional(),
});

/** A chapter's summary and notes (services/chapter/chapter-notes.ts trims and bounds them). */
export const chapterNotes = z
  .object({
    summary: z.string().max(20_000).optional(),
    notesBefore: z.string().max(20_000).optional(),
    notesAfter: z.string().max(20_000).optional(),
  })
  .strict();

/** A story's rating, warnings, completion, chapter plan and language (story-meta.ts). */
export const storyMeta = {
  rating: z.enum(STORY_RATINGS),
  warnings: z
    .array(z.enum(ARCHIVE_WARNINGS))
    .max(ARCHIVE_WARNINGS.length)
    .superRefine((list, ctx) => {
      const problem = warningsProblem(list);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform(sortWarnings),
  completion: z.enum(STORY_COMPLETIONS),
  expectedChapters: z.number().int().min(1).max(MAX_EXPECTED_CHAPTERS).nullable(),
  language: z
    .string()
    .max(35)
    .transform((tag, ctx) => {
      const canonical = canonicalLanguage(tag);
      if (canonical === null) {
        ctx.addIssue({ code: 'custom', message: 'Use a language tag such as en, fr or pt-BR.' });
        return z.NEVER;
      }
      return canonical;
    }),
};
