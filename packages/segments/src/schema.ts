// zod schemas for what parseChapter produces: for validating stored revisions and API
// payloads. parseChapter itself does not run them (too slow for 1 MB on every upload).
import { z } from 'zod';

export const conventionSchema = z.enum(['directives', 'markers', 'style', 'none']);
const styleMappingSchema = z.object({
  bold: z.string().optional(),
  italic: z.string().optional(),
  plain: z.string().optional(),
});
const noteSchema = z.object({
  line: z.number().int().min(1),
  text: z.string(),
  reason: z.enum(['label', 'bracketed', 'italic', 'reader', 'declaration', 'before_marker']),
});

export const problemSchema = z.object({
  code: z.string().min(1),
  message: z.string().min(1),
  line: z.number().int().min(1),
  column: z.number().int().min(1).optional(),
  fix: z.string().min(1),
  severity: z.enum(['error', 'warning']),
});

export const passageSchema = z.object({
  key: z.string().regex(/^[a-z0-9-]{1,32}$/, 'keys are short, lowercase and URL-safe'),
  kind: z.enum(['text', 'break']),
  html: z.string(),
  text: z.string(),
  hash: z.string().regex(/^[0-9a-f]{14}$/),
  wordCount: z.number().int().min(0),
  line: z.number().int().min(1),
});

export const segmentSchema = z.object({
  pov: z.string().min(1).nullable(),
  passages: z.array(passageSchema).min(1),
  wordCount: z.number().int().min(0),
});

export const parsedChapterSchema = z.object({
  segments: z.array(segmentSchema).min(1),
  wordCount: z.number().int().min(0),
  wordsByPov: z.record(z.string(), z.number().int().min(0)),
  unattributedWordCount: z.number().int().min(0),
  convention: conventionSchema,
  styleMapping: styleMappingSchema.optional(),
  notes: z.object({ before: z.array(noteSchema), after: z.array(noteSchema) }),
  declared: z
    .object({
      convention: z.enum(['style', 'markers']),
      mapping: styleMappingSchema.optional(),
      sentence: z.string(),
      line: z.number().int().min(1),
    })
    .nullable(),
});
