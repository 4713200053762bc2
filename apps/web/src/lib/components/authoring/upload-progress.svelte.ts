// Submits a form action over XMLHttpRequest instead of fetch, because only XHR reports upload
// progress. The answer is applied exactly as `use:enhance` would (applyAction), so the page
// behaves the same with or without this — and without JavaScript the form simply posts.
import { applyAction, deserialize } from '$app/forms';
import { invalidateAll } from '$app/navigation';

export class UploadProgress {
  /** 'idle' → 'uploading' (bytes moving) → 'parsing' (server working) → 'idle'. */
  phase = $state<'idle' | 'uploading' | 'parsing'>('idle');
  loaded = $state(0);
  total = $state(0);
  action = $state('');

  get busy(): boolean {
    return this.phase !== 'idle';
  }

  get percent(): number {
    return this.total ? Math.round((this.loaded / this.total) * 100) : 0;
  }

  /** `onsubmit` handler for the form; the submitter's `formaction` picks the action. */
  submit = (event: SubmitEvent & { currentTarget: HTMLFormElement }) => {
    event.preventDefault();
    if (this.busy) return;
    const form = event.currentTarget;
    const submitter = event.submitter as HTMLButtonElement | null;
    const url = submitter?.getAttribute('formaction') ?? form.getAttribute('action') ?? '';
    const data = new FormData(form, submitter);
    this.action = url.includes('save') ? 'save' : 'preview';
    this.phase = 'uploading';
    this.loaded = 0;
    this.total = 0;

    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-sveltekit-action', 'true');
    xhr.upload.onprogress = (e) => {
      this.loaded = e.loaded;
      this.total = e.lengthComputable ? e.total : 0;
    };
    xhr.upload.onload = () => {
      this.phase = 'parsing';
    };
    xhr.onload = async () => {
      try {
        const result = deserialize(xhr.responseText);
        if (result.type === 'success') await invalidateAll();
        await applyAction(result);
      } catch {
        await applyAction({
          type: 'error',
          error: { message: 'The server sent an answer this page could not read.' },
        });
      } finally {
        this.phase = 'idle';
      }
    };
    xhr.onerror = () => {
      this.phase = 'idle';
      void applyAction({
        type: 'failure',
        status: 0,
        data: { message: 'The upload did not reach the server. Check your connection and try again.' },
      });
    };
    xhr.send(data);
  };
}
