// A person's profile: display name, bio, links (docs/profiles.md). Pure: the user router and the
// /account form parse with the same schema, so each limit and its message exist once.
import { z } from 'zod';

export const MAX_DISPLAY_NAME = 60;
export const MAX_BIO = 1000;
export const MAX_PROFILE_LINKS = 5;
export const MAX_PROFILE_LINK = 500;

// Control characters and the bidirectional overrides: a name that reverses the text after it
// could make a byline read as someone else's (or reorder a comment's header).
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** What is wrong with one profile link, or null: absolute http(s) only, no credentials in it. */
export function profileLinkProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `“${raw.slice(0, 80)}” is not a web address (start it with https://).`;
  }
  // Only the web: javascript:, data: and the like would run or open something on click.
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return 'Links must start with https:// or http://.';
  if (url.username || url.password) return 'Links cannot carry a user name or password.';
  return null;
}

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .refine((s) => !INVISIBLE.test(s.replace(/[\r\n\t]/g, ' ')), 'Remove the invisible control characters.')
    .transform((s) => (s === '' ? null : s));

export const profileInput = z
  .object({
    displayName: optionalText(MAX_DISPLAY_NAME, `At most ${MAX_DISPLAY_NAME} characters.`).refine(
      (s) => s === null || !/[\r\n\t]/.test(s),
      'One line only.',
    ),
    bio: optionalText(MAX_BIO, `At most ${MAX_BIO.toLocaleString('en')} characters.`),
    links: z
      .array(z.string().trim().max(MAX_PROFILE_LINK, `A link is at most ${MAX_PROFILE_LINK} characters.`))
      .transform((list) => list.filter((l) => l !== ''))
      .superRefine((list, ctx) => {
        if (list.length > MAX_PROFILE_LINKS) {
          ctx.addIssue({ code: 'custom', message: `At most ${MAX_PROFILE_LINKS} links.` });
          return;
        }
        for (const link of list) {
          const problem = profileLinkProblem(link);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }
      })
      // Stored as the URL parser writes them (lowercased host, escaped), so what is shown is
      // exactly what a browser would open.
      .transform((list) => [...new Set(list.map((l) => new URL(l).href))]),
  })
  .strict();

export type ProfileInput = z.input<typeof profileInput>;

export const profileUsername = z.string().trim().min(1).max(64);
