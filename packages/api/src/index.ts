export { appRouter, createCaller, type AppRouter, type RouterInputs, type RouterOutputs } from './root';
export { handleTrpcRequest, BATCH_TOO_LARGE_MESSAGE, MAX_BATCH_SIZE, type TrpcHttpOptions } from './http';
export { createContext, type Context, type CreateContextOptions, type SessionCookies } from './trpc';
/**
 * The class the API's errors are made with. The web app tests `instanceof` against this one: an
 * app's own `@trpc/server` can be another copy (pnpm resolves one per peer set), and an error from
 * one copy is no instance of the other's class.
 */
export { TRPCError } from '@trpc/server';
export {
  ServiceError,
  isDatabaseUnavailable,
  toTRPCError,
  type ServiceErrorCode,
  type ServiceErrorDetails,
} from './errors';
export { MAX_REQUEST_BYTES, MAX_UPLOAD_BYTES } from './limits';
export { requestTooLarge } from './services/chapter/upload';
export {
  ParsePool,
  DEFAULT_PARSE_POOL,
  type ChapterParser,
  type ParsePoolOptions,
} from './services/parse/pool';
export { liveEventStream, formatLiveEvent, HEARTBEAT_MS, ACCESS_ENDED } from './services/live/event-stream';
export { liveAccessCheck } from './services/live/live-channel';
export type { LiveEvent, LiveEventKind } from './services/live/publish';
export { validateApiToken, type TokenScope, type ValidToken } from './services/token/api-tokens';
export { readerPageVersion } from './services/reading/page-version';
export { forgetCachedReads } from './services/reading/read-chapter';
export { renderAtomFeed, type StoryFeed } from './services/export/atom';
export { TOKEN_REFUSED_MESSAGE } from './trpc';
export { createJobWorker, PRUNE_TASK } from './jobs/index';
export { queueStats, type QueueStats } from './services/ops/queue-stats';
export { newBrowserSecret } from './services/guest/reader-salt';
export { isPrefetch } from './services/guest/guest-read';
export { describeUnsubscribe, unsubscribeByToken } from './services/follow/subscriptions';
