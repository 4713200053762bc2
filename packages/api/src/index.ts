export { appRouter, createCaller, type AppRouter, type RouterInputs, type RouterOutputs } from './root';
export { createContext, type Context, type CreateContextOptions, type SessionCookies } from './trpc';
export { ServiceError, isDatabaseUnavailable, toTRPCError, type ServiceErrorCode, type ServiceErrorDetails } from './errors';
export { MAX_UPLOAD_BYTES } from './services/chapter/upload';
export { liveEventStream, formatLiveEvent, HEARTBEAT_MS } from './services/live/event-stream';
export type { LiveEvent, LiveEventKind } from './services/live/publish';
export { validateApiToken, type TokenScope, type ValidToken } from './services/token/api-tokens';
export { renderAtomFeed, type StoryFeed } from './services/export/atom';
export { TOKEN_REFUSED_MESSAGE } from './trpc';
