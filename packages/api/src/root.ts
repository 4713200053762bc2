import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { accountRouter } from './routers/account';
import { adminRouter } from './routers/admin';
import { authRouter } from './routers/auth';
import { betaRouter } from './routers/beta';
import { chapterRouter } from './routers/chapter';
import { commentRouter } from './routers/comment';
import { dashboardRouter } from './routers/dashboard';
import { exportRouter } from './routers/export';
import { feedbackRouter } from './routers/feedback';
import { followRouter } from './routers/follow';
import { invitationRouter } from './routers/invitation';
import { libraryRouter } from './routers/library';
import { moderationRouter } from './routers/moderation';
import { notificationRouter } from './routers/notification';
import { readingRouter } from './routers/reading';
import { reviewRouter } from './routers/review';
import { seriesRouter } from './routers/series';
import { storyRouter } from './routers/story';
import { tokenRouter } from './routers/token';
import { userRouter } from './routers/user';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  account: accountRouter,
  user: userRouter,
  story: storyRouter,
  chapter: chapterRouter,
  reading: readingRouter,
  dashboard: dashboardRouter,
  comment: commentRouter,
  review: reviewRouter,
  moderation: moderationRouter,
  notification: notificationRouter,
  invitation: invitationRouter,
  token: tokenRouter,
  export: exportRouter,
  beta: betaRouter,
  feedback: feedbackRouter,
  follow: followRouter,
  library: libraryRouter,
  series: seriesRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** In-process calls for server loads and tests: `createCaller(ctx).story.bySlug({ slug })`. */
export const createCaller = createCallerFactory(appRouter);
