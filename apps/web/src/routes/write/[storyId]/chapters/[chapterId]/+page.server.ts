import { error, fail, redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { loadError } from '$lib/server/errors';
import { act, call, failed, readForm, refuse, requireLogin, type Fields } from '$lib/server/forms';
import { readUploadForm, stagedRef, type UploadForm } from '../../../upload.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireLogin();
  const caller = await api(event);
  const { chapterId, storyId } = event.params;
  const [editing, revisions] = await Promise.all([
    caller.chapter.get({ chapterId }),
    caller.chapter.revisions({ chapterId }),
  ]).catch(loadError);
  if (editing.story.id !== storyId) error(404, { message: 'Chapter not found.' });
  const { publishedAt } = await caller.story.bySlug({ slug: editing.story.slug }).catch(loadError);

  // The diff shown: chosen in the form below the revisions, else the latest change.
  const numbers = revisions.map((r) => r.number);
  const latest = Math.max(0, ...numbers);
  const param = (name: string) => Number.parseInt(event.url.searchParams.get(name) ?? '', 10);
  let from = param('from');
  let to = param('to');
  if (!numbers.includes(from) || !numbers.includes(to)) [from, to] = [latest - 1, latest];
  const diff =
    from >= 1 && from !== to ? await caller.chapter.diff({ chapterId, from, to }).catch(loadError) : null;

  return {
    ...editing,
    storyPublished: publishedAt !== null,
    revisions,
    diff,
    compare: { from, to },
    created: event.url.searchParams.has('created'),
  };
};

/** "2026-05-01T09:30" in the author's time zone (offset in minutes, as Date#getTimezoneOffset) → Date. */
function localToDate(value: string, offsetMinutes: number): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi) + offsetMinutes * 60_000);
}

/** The editor form as typed, to refill it. */
const editorValues = (f: Fields) => ({
  title: f.text('title'),
  source: f.text('source'),
  baseRevisionId: f.text('baseRevisionId'),
});

export const actions: Actions = {
  preview: async (event) => {
    requireLogin();
    const values = editorValues(await readForm());
    const preview = await call(
      (api) =>
        api.chapter.preview({
          storyId: event.params.storyId,
          chapterId: event.params.chapterId,
          upload: { source: values.source, format: 'markdown' },
        }),
      { values, form: 'editor' },
    );
    if (failed(preview)) return preview;
    return { form: 'editor', preview, values };
  },

  save: async (event) => {
    requireLogin();
    const values = editorValues(await readForm());
    const saved = await call(
      (api) =>
        api.chapter.edit({
          chapterId: event.params.chapterId,
          title: values.title.trim(),
          upload: { source: values.source, format: 'markdown' },
          ...(values.baseRevisionId ? { baseRevisionId: values.baseRevisionId } : {}),
        }),
      { values, form: 'editor' },
    );
    if (failed(saved)) {
      const conflict = saved.status === 409;
      // Someone saved meanwhile: show what each side changed and a merge (collab/ConflictMerge).
      const merge =
        conflict && values.baseRevisionId
          ? await (
              await api(event)
            ).chapter
              .merge({
                chapterId: event.params.chapterId,
                baseRevisionId: values.baseRevisionId,
                markup: values.source,
              })
              .catch(() => null)
          : null;
      return fail(saved.status, { ...saved.data, conflict, merge });
    }
    return {
      form: 'editor',
      message: `Saved as revision ${saved.revisionNumber} (${saved.wordCount} words).`,
      saved: saved.revisionNumber,
      savedFrom: values.baseRevisionId,
    };
  },

  /**
   * Revise from a file: parses a new file or paste as the next revision and stages it, with the
   * diff and what happens to readers' comments. Also what Save answers when the file changed
   * since the preview: the author sees the impact of what is really saved.
   */
  'file-preview': async (event) => {
    requireLogin();
    return previewFile(event.params, await readUploadForm(await event.request.formData()));
  },

  /** Saves the previewed file as the next revision, as it was staged (not parsed again). */
  'file-save': async (event) => {
    requireLogin();
    const read = await readUploadForm(await event.request.formData());
    // A new file, other text or other settings since the preview: preview that first, so what is
    // saved is always what the author saw the impact of.
    if (!read.unchanged || !read.sameSettings || !read.staged) return previewFile(event.params, read);
    const saved = await call(
      (api) =>
        api.chapter.saveStaged({
          storyId: event.params.storyId,
          stagedId: read.staged!.id,
          settings: read.settings,
        }),
      { form: 'file', values: read.values, extra: { staged: read.staged } },
    );
    if (failed(saved)) return saved;
    return {
      form: 'file',
      message: `Saved as revision ${saved.revisionNumber} (${saved.wordCount} words).`,
      saved: saved.revisionNumber,
    };
  },

  notes: async (event) => {
    requireLogin();
    const f = await readForm();
    const notes = {
      summary: f.text('summary'),
      notesBefore: f.text('notesBefore'),
      notesAfter: f.text('notesAfter'),
    };
    return act((api) => api.chapter.notes({ chapterId: event.params.chapterId, notes }), {
      form: 'notes',
      message: 'Summary and notes saved.',
    });
  },

  publish: (event) => {
    requireLogin();
    return act((api) => api.chapter.publish({ chapterId: event.params.chapterId }), {
      form: 'publish',
      message: 'Published: readers now see the latest revision.',
    });
  },

  unpublish: (event) => {
    requireLogin();
    return act((api) => api.chapter.unpublish({ chapterId: event.params.chapterId }), {
      form: 'publish',
      message: 'Unpublished: the chapter is a draft again; readers no longer see it.',
    });
  },

  schedule: async (event) => {
    requireLogin();
    const f = await readForm();
    const publishAt = localToDate(f.text('publishAt'), f.int('tzOffset') ?? 0);
    if (!publishAt)
      return refuse(
        'Choose a date and time.',
        { publishAt: ['Choose a date and time.'] },
        { form: 'publish' },
      );
    return act((api) => api.chapter.schedule({ chapterId: event.params.chapterId, publishAt }), {
      form: 'publish',
      message: 'Scheduled: readers will see the latest revision from the chosen time.',
    });
  },

  delete: async (event) => {
    requireLogin();
    const f = await readForm();
    if (f.text('confirm') !== 'yes')
      return refuse('Tick the box to confirm that you want to delete this chapter.', {}, { form: 'delete' });
    const deleted = await call((api) => api.chapter.delete({ chapterId: event.params.chapterId }), {
      form: 'delete',
    });
    if (failed(deleted)) return deleted;
    redirect(303, `/write/${event.params.storyId}?deleted=1`);
  },
};

async function previewFile(params: { storyId: string; chapterId: string }, read: UploadForm) {
  const { file, settings, staged, values, storyText } = read;
  if (!file && !staged)
    return refuse(
      'Choose a file or paste the chapter first.',
      { source: ['Choose a .docx, .md or .txt file, or paste the text.'] },
      { form: 'file', values, extra: { staged: null } },
    );
  const result = await call(
    (api) =>
      api.chapter.stage({
        storyId: params.storyId,
        chapterId: params.chapterId,
        ...(file ? { file } : {}),
        ...(staged ? { stagedId: staged.id } : {}),
        settings,
      }),
    { form: 'file', values, extra: { staged } },
  );
  if (failed(result)) return result;
  return {
    form: 'file',
    preview: result.preview,
    impact: result.impact,
    format: result.format,
    detected: !settings.convention,
    values,
    staged: stagedRef(result, read),
    storyText,
  };
}
