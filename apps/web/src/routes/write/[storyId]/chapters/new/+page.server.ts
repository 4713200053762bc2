import { redirect } from '@sveltejs/kit';
import { call, failed, refuse, requireLogin } from '$lib/server/forms';
import { loadStoryForAuthor } from '../../../authoring.server';
import { readUploadForm } from '../../../upload.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireLogin();
  const { story, chapters } = await loadStoryForAuthor(event, event.params.storyId);
  return { story, nextNumber: chapters.length + 1 };
};

const nothingToRead = (values: Record<string, string>) =>
  refuse(
    'Choose a file or paste the chapter first.',
    { source: ['Choose a .docx, .md or .txt file, or paste the text.'] },
    { values, extra: { carried: null } },
  );

export const actions: Actions = {
  /** Parses the upload as saving would; nothing is written. */
  preview: async (event) => {
    requireLogin();
    const { upload, carried, values, storyText } = await readUploadForm(await event.request.formData());
    if (!upload) return nothingToRead(values);
    const preview = await call((api) => api.chapter.preview({ storyId: event.params.storyId, upload }), {
      values,
      extra: { carried },
    });
    if (failed(preview)) return preview;
    return { preview, format: upload.format, detected: !upload.convention, values, carried, storyText };
  },

  /** Creates the chapter as a draft; a failed parse is refused with every problem. */
  save: async (event) => {
    requireLogin();
    const { upload, carried, values } = await readUploadForm(await event.request.formData());
    const title = (values.title ?? '').trim();
    if (!upload) return nothingToRead(values);
    const created = await call(
      (api) => api.chapter.create({ storyId: event.params.storyId, title, upload }),
      { values, extra: { carried, format: upload.format } },
    );
    if (failed(created)) return created;
    redirect(303, `/write/${event.params.storyId}/chapters/${created.chapterId}?created=1`);
  },
};
