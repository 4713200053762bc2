// The chapter page's `comment` action for a reader without an account, where the story's owner
// takes guest comments (services/guest/guest-comment.ts): a plain form post, so it works without
// JavaScript. Abuse is handled as for guest verdicts: SvelteKit refuses cross-site form posts (its
// origin check), and the API limits each address (hashed under a daily salt, never stored).
// No redirect after it: the page renders again saying the comment awaits approval, since the
// comment itself is not shown to anyone but the story's editors until then.
import { readForm, act } from './forms';

export const HELD = 'Thank you! Your comment is awaiting the author’s approval.';

export async function guestCommentAction(chapterId: string) {
  const f = await readForm();
  const passageKey = f.text('passageKey');
  const values = { body: f.text('body'), name: f.text('name'), passageKey };
  const start = f.int('start');
  const end = f.int('end');
  return act(
    (api) =>
      api.comment.guestCreate({
        chapterId,
        passageKey,
        body: values.body,
        name: values.name,
        type: f.oneOf('type', ['reaction', 'critique', 'typo'] as const),
        ...(start !== undefined && end !== undefined ? { start, end } : {}),
      }),
    { form: 'guestComment', extra: { target: passageKey }, values, message: HELD },
  );
}
