// The API's view of @margins/auth, in one module.
export { isAuthError, type Auth, type AuthError, type SessionInfo, type SessionUser } from '@margins/auth';
export { createRateLimiter, type RateLimitRule } from '@margins/auth';
