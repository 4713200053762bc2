export { appRouter, createCaller, type AppRouter, type RouterInputs, type RouterOutputs } from './root';
export { createContext, type Context, type CreateContextOptions, type SessionCookies } from './trpc';
export { ServiceError, toTRPCError, type ServiceErrorCode, type ServiceErrorDetails } from './errors';
export { MAX_UPLOAD_BYTES } from './services/chapter/upload';
