import { z } from 'zod';
import { AuthError } from './errors';

/**
 * Usernames appear in URLs and mentions, so they are plain ASCII. They are stored as typed (the
 * user's preferred capitalisation is shown) but unique case-insensitively, so "Ada" and "ada"
 * cannot be two people. No `@`, so a login string containing `@` is unambiguously an email.
 */
export const usernameSchema = z
  .string({ error: 'Enter a username.' })
  .regex(/^[a-zA-Z0-9_-]{3,30}$/, 'Use 3–30 letters, digits, underscores or hyphens.')
  // The system account that keeps orphaned stories (docs/accounts.md); nobody may sign up as it.
  .refine((name) => name.toLowerCase() !== 'orphan_account', 'That username is taken.');

/** Emails are stored trimmed and lowercased, so the database's unique index is case-insensitive. */
export const emailSchema = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .toLowerCase()
  .max(254, 'That email address is too long.')
  .pipe(z.email('Enter a valid email address.'));

export const signUpSchema = z.object({
  username: usernameSchema,
  email: emailSchema,
  // Length and strength are judged by validatePassword, which reports `weak_password`.
  password: z.string({ error: 'Enter a password.' }),
  ip: z.string().max(64).optional(),
  userAgent: z.string().optional(),
});

export const logInSchema = z.object({
  login: z
    .string({ error: 'Enter your username or email.' })
    .trim()
    .min(1, 'Enter your username or email.')
    .max(320),
  // Bounded so an attacker cannot make the server hash megabytes per attempt.
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(4096),
  ip: z.string({ error: 'The client address is required.' }).min(1).max(64),
  userAgent: z.string().optional(),
});

export const changePasswordSchema = z.object({
  userId: z.string().min(1),
  currentPassword: z
    .string({ error: 'Enter your current password.' })
    .min(1, 'Enter your current password.')
    .max(4096),
  newPassword: z.string({ error: 'Enter a new password.' }),
  ip: z.string().max(64).optional(),
  userAgent: z.string().optional(),
});

/** Parses or throws `invalid_input` naming the first offending field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path[0];
  throw new AuthError('invalid_input', issue?.message ?? 'Invalid input.', {
    ...(typeof field === 'string' ? { field } : {}),
  });
}
