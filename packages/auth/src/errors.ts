export type AuthErrorCode =
  | 'invalid_input'
  | 'invalid_credentials'
  | 'rate_limited'
  | 'username_taken'
  | 'email_taken'
  | 'weak_password'
  | 'not_found'
  /** A mailed link that is unknown, used, expired, or for an address the account no longer asks for. */
  | 'invalid_token'
  /** The right password for an account a site admin has suspended (docs/admin.md). */
  | 'suspended';

/**
 * The only error this package throws on purpose. `code` is stable and meant for programs;
 * `message` is a human sentence the UI may show; `field` names the form input it belongs to
 * (`username`, `email`, `password`, `currentPassword`, `newPassword`) so the UI can place it.
 */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  readonly code: AuthErrorCode;
  readonly field?: string;
  /** Set on `rate_limited`: whole seconds until another attempt may succeed (for `Retry-After`). */
  readonly retryAfterSeconds?: number;

  constructor(
    code: AuthErrorCode,
    message: string,
    extra: { field?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.code = code;
    if (extra.field !== undefined) this.field = extra.field;
    if (extra.retryAfterSeconds !== undefined) this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}

export function isAuthError(value: unknown): value is AuthError {
  return value instanceof AuthError;
}
