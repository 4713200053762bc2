import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { authRouter } from './routers/auth';
import { chapterRouter } from './routers/chapter';
import { readingRouter } from './routers/reading';
import { storyRouter } from './routers/story';
import { userRouter } from './routers/user';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  user: userRouter,
  story: storyRouter,
  chapter: chapterRouter,
  reading: readingRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** In-process calls for server loads and tests: `createCaller(ctx).story.bySlug({ slug })`. */
export const createCaller = createCallerFactory(appRouter);
