import { error, fail, redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { actionFailure, loadError } from '$lib/server/errors';
import { requireUser, text } from '../../../authoring.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const caller = await api(event);
  const { chapterId, storyId } = event.params;
  const [editing, revisions] = await Promise.all([caller.chapter.get({ chapterId }), caller.chapter.revisions({ chapterId })]).catch(loadError);
  if (editing.story.id !== storyId) error(404, { message: 'Chapter not found.' });
  const { publishedAt } = await caller.story.bySlug({ slug: editing.story.slug }).catch(loadError);

  // The diff shown: chosen in the form below the revisions, else the latest change.
  const numbers = revisions.map((r) => r.number);
  const latest = Math.max(0, ...numbers);
  const param = (name: string) => Number.parseInt(event.url.searchParams.get(name) ?? '', 10);
  let from = param('from');
  let to = param('to');
  if (!numbers.includes(from) || !numbers.includes(to)) [from, to] = [latest - 1, latest];
  const diff = from >= 1 && from !== to ? await caller.chapter.diff({ chapterId, from, to }).catch(loadError) : null;

  return { ...editing, storyPublished: publishedAt !== null, revisions, diff, compare: { from, to }, created: event.url.searchParams.has('created') };
};

async function chapterCall(event: RequestEvent, run: (caller: Awaited<ReturnType<typeof api>>) => Promise<unknown>, form: string, message: string) {
  requireUser(event);
  try {
    await run(await api(event));
  } catch (e) {
    const failure = actionFailure(e);
    return fail(failure.status, { ...failure.data, form });
  }
  return { form, message };
}

/** "2026-05-01T09:30" in the author's time zone (offset in minutes, as Date#getTimezoneOffset) → Date. */
function localToDate(value: string, offsetMinutes: number): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi) + offsetMinutes * 60_000);
}

export const actions: Actions = {
  preview: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const values = { title: text(form, 'title'), source: text(form, 'source'), baseRevisionId: text(form, 'baseRevisionId') };
    try {
      const preview = await (await api(event)).chapter.preview({
        storyId: event.params.storyId,
        chapterId: event.params.chapterId,
        upload: { source: values.source, format: 'markdown' },
      });
      return { form: 'editor', preview, values };
    } catch (e) {
      const failure = actionFailure(e, values);
      return fail(failure.status, { ...failure.data, form: 'editor' });
    }
  },

  save: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const values = { title: text(form, 'title'), source: text(form, 'source'), baseRevisionId: text(form, 'baseRevisionId') };
    try {
      const saved = await (await api(event)).chapter.edit({
        chapterId: event.params.chapterId,
        title: values.title.trim(),
        upload: { source: values.source, format: 'markdown' },
        ...(values.baseRevisionId ? { baseRevisionId: values.baseRevisionId } : {}),
      });
      return { form: 'editor', message: `Saved as revision ${saved.revisionNumber} (${saved.wordCount} words).`, saved: saved.revisionNumber, savedFrom: values.baseRevisionId };
    } catch (e) {
      const failure = actionFailure(e, values);
      const conflict = failure.status === 409;
      // Someone saved meanwhile: show what each side changed and a merge (collab/ConflictMerge).
      const merge = conflict && values.baseRevisionId
        ? await (await api(event)).chapter.merge({ chapterId: event.params.chapterId, baseRevisionId: values.baseRevisionId, markup: values.source }).catch(() => null)
        : null;
      return fail(failure.status, { ...failure.data, form: 'editor', conflict, merge });
    }
  },

  notes: async (event) => {
    const form = await event.request.formData();
    const notes = { summary: text(form, 'summary'), notesBefore: text(form, 'notesBefore'), notesAfter: text(form, 'notesAfter') };
    return chapterCall(event, (c) => c.chapter.notes({ chapterId: event.params.chapterId, notes }), 'notes', 'Summary and notes saved.');
  },

  publish: (event) => chapterCall(event, (c) => c.chapter.publish({ chapterId: event.params.chapterId }), 'publish', 'Published: readers now see the latest revision.'),

  unpublish: (event) =>
    chapterCall(event, (c) => c.chapter.unpublish({ chapterId: event.params.chapterId }), 'publish', 'Unpublished: the chapter is a draft again; readers no longer see it.'),

  schedule: async (event) => {
    const form = await event.request.formData();
    const offset = Number.parseInt(text(form, 'tzOffset'), 10);
    const publishAt = localToDate(text(form, 'publishAt'), Number.isFinite(offset) ? offset : 0);
    if (!publishAt) return fail(400, { form: 'publish', message: 'Choose a date and time.', fieldErrors: { publishAt: ['Choose a date and time.'] } as Record<string, string[]> });
    return chapterCall(
      event,
      (c) => c.chapter.schedule({ chapterId: event.params.chapterId, publishAt }),
      'publish',
      'Scheduled: readers will see the latest revision from the chosen time.',
    );
  },

  delete: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    if (form.get('confirm') !== 'yes') return fail(400, { form: 'delete', message: 'Tick the box to confirm that you want to delete this chapter.' });
    try {
      await (await api(event)).chapter.delete({ chapterId: event.params.chapterId });
    } catch (e) {
      const failure = actionFailure(e);
      return fail(failure.status, { ...failure.data, form: 'delete' });
    }
    redirect(303, `/write/${event.params.storyId}?deleted=1`);
  },
};
