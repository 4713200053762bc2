// @margins/auth: accounts, password hashing, database sessions (Lucia's session guide, no
// library) and database-backed rate limits. See docs/auth.md for the rules.
export { AuthError, isAuthError, type AuthErrorCode } from './errors';
export {
  createAuth,
  DEFAULT_RATE_LIMITS,
  type Auth,
  type AuthOptions,
  type AuthRateLimits,
  type AuthResult,
  type InTransaction,
} from './auth';
export {
  ACCOUNT_TOKEN_SECONDS,
  findAccountToken,
  mintAccountToken,
  pruneAccountTokens,
  spendAccountToken,
  type AccountTokenPurpose,
} from './account-tokens';
export { emailSchema } from './validation';
export {
  DEFAULT_SESSION_LIFETIME,
  parseSessionToken,
  type SessionInfo,
  type SessionLifetime,
  type SessionUser,
  type SessionValidation,
} from './session';
export {
  blankSessionCookie,
  serializeSessionCookie,
  SESSION_COOKIE_NAME,
  sessionCookie,
  sessionCookieName,
  type SessionCookie,
} from './cookie';
export { createRateLimiter, type RateLimiter, type RateLimitResult, type RateLimitRule } from './rate-limit';
export {
  ARGON2_OPTIONS,
  hashPassword,
  isCommonPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  validatePassword,
  verifyPassword,
} from './password';
