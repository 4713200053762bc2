import { fail, redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { actionFailure } from '$lib/server/errors';
import { loadStoryForAuthor, requireUser } from '../../../authoring.server';
import { readUploadForm } from '../../../upload.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  const { story, chapters } = await loadStoryForAuthor(event, event.params.storyId);
  return { story, nextNumber: chapters.length + 1 };
};

const nothingToRead = (values: Record<string, string>) =>
  fail(400, {
    message: 'Choose a file or paste the chapter first.',
    fieldErrors: { source: ['Choose a .docx, .md or .txt file, or paste the text.'] } as Record<string, string[]>,
    problems: [],
    values,
    carried: null,
  });

export const actions: Actions = {
  /** Parses the upload as saving would; nothing is written. */
  preview: async (event) => {
    requireUser(event);
    const { upload, carried, values, storyText } = await readUploadForm(await event.request.formData());
    if (!upload) return nothingToRead(values);
    try {
      const preview = await (await api(event)).chapter.preview({ storyId: event.params.storyId, upload });
      return { preview, format: upload.format, detected: !upload.convention, values, carried, storyText };
    } catch (e) {
      const failure = actionFailure(e, values);
      return fail(failure.status, { ...failure.data, carried });
    }
  },

  /** Creates the chapter as a draft; a failed parse is refused with every problem. */
  save: async (event) => {
    requireUser(event);
    const { upload, carried, values } = await readUploadForm(await event.request.formData());
    const title = (values.title ?? '').trim();
    if (!upload) return nothingToRead(values);
    let chapterId: string;
    try {
      ({ chapterId } = await (await api(event)).chapter.create({ storyId: event.params.storyId, title, upload }));
    } catch (e) {
      const failure = actionFailure(e, values);
      return fail(failure.status, { ...failure.data, carried, format: upload.format });
    }
    redirect(303, `/write/${event.params.storyId}/chapters/${chapterId}?created=1`);
  },
};
