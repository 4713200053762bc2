import { redirect } from '@sveltejs/kit';
import { call, failed, refuse, requireLogin } from '$lib/server/forms';
import { loadStoryForAuthor } from '../../../authoring.server';
import { readUploadForm, stagedRef } from '../../../upload.server';
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
    { values, extra: { staged: null } },
  );

export const actions: Actions = {
  /** Parses the upload as saving would and stages it on the server; no chapter is written. */
  preview: async (event) => {
    requireLogin();
    const read = await readUploadForm(await event.request.formData());
    const { file, settings, staged, values, storyText } = read;
    if (!file && !staged) return nothingToRead(values);
    const result = await call(
      (api) =>
        api.chapter.stage({
          storyId: event.params.storyId,
          ...(file ? { file } : {}),
          ...(staged ? { stagedId: staged.id } : {}),
          settings,
        }),
      { values, extra: { staged } },
    );
    if (failed(result)) return result;
    return {
      preview: result.preview,
      format: result.format,
      detected: !settings.convention,
      values,
      staged: stagedRef(result, read),
      storyText,
    };
  },

  /**
   * Creates the chapter as a draft: the previewed upload as it was staged, or a file or paste
   * sent now (parsed once, here); a failed parse is refused with every problem.
   */
  save: async (event) => {
    requireLogin();
    const { upload, settings, staged, unchanged, values } = await readUploadForm(
      await event.request.formData(),
    );
    const title = (values.title ?? '').trim();
    const storyId = event.params.storyId;
    if (!upload && !staged) return nothingToRead(values);
    const extra = { staged, format: upload?.format ?? staged?.format ?? 'markdown' };
    const created = await call(
      (api) =>
        unchanged && staged
          ? api.chapter.saveStaged({ storyId, stagedId: staged.id, title, settings })
          : api.chapter.create({ storyId, title, upload: upload! }),
      { values, extra },
    );
    if (failed(created)) return created;
    redirect(303, `/write/${event.params.storyId}/chapters/${created.chapterId}?created=1`);
  },
};
