// One form's state under `use:enhance`: busy, the failure message and field messages, and what
// to do after a success (refetch the threads rather than reload the whole page).
import { applyAction } from '$app/forms';
import type { SubmitFunction } from '@sveltejs/kit';

export class FormStatus {
  busy = $state(false);
  error = $state('');
  fieldErrors = $state<Record<string, string[]>>({});
  message = $state('');

  /** The `use:enhance` callback; `onsuccess` runs after the action succeeded. */
  submit(
    onsuccess?: (data: Record<string, unknown> | undefined) => unknown,
    options: { reset?: boolean } = {},
  ): SubmitFunction {
    return () => {
      this.busy = true;
      this.error = '';
      this.message = '';
      this.fieldErrors = {};
      return async ({ result, formElement }) => {
        this.busy = false;
        if (result.type === 'success') {
          if (options.reset !== false) formElement.reset();
          this.message = typeof result.data?.message === 'string' ? result.data.message : '';
          await onsuccess?.(result.data);
        } else if (result.type === 'failure') {
          const data = result.data ?? {};
          this.error =
            typeof data.message === 'string' ? data.message : 'That did not work. Please try again.';
          if (typeof data.retryAfterSeconds === 'number')
            this.error += ` Try again in ${Math.ceil(data.retryAfterSeconds)} s.`;
          this.fieldErrors = (data.fieldErrors as Record<string, string[]> | undefined) ?? {};
        } else if (result.type === 'redirect') {
          await applyAction(result);
        } else {
          this.error =
            (result.error as App.Error | undefined)?.message ?? 'Something went wrong. Please try again.';
        }
      };
    };
  }

  field(name: string): string | undefined {
    return this.fieldErrors[name]?.join(' ');
  }
}
