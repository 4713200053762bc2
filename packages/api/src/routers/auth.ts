import { z } from 'zod';
import { signUpWithAddress } from '../services/account/addresses';
import { publicProcedure, router, sessionProcedure } from '../trpc';

const password = z.string().min(1).max(1000);

// The account's own credentials (password, sessions) are managed with a session, never with an
// API token (sessionProcedure): docs/collaboration.md.
export const authRouter = router({
  signUp: publicProcedure
    .input(
      z.object({
        username: z.string().trim().min(1).max(64),
        email: z.string().trim().min(3).max(320),
        password,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { user, token, expiresAt } = await signUpWithAddress(ctx.auth, {
        ...input,
        ip: ctx.clientAddress,
        userAgent: ctx.userAgent ?? undefined,
      });
      ctx.cookies.setSession(token, expiresAt);
      return { user };
    }),

  logIn: publicProcedure
    .input(z.object({ login: z.string().trim().min(1).max(320), password }))
    .mutation(async ({ ctx, input }) => {
      const { user, token, expiresAt } = await ctx.auth.logIn({
        ...input,
        ip: ctx.clientAddress,
        userAgent: ctx.userAgent ?? undefined,
      });
      ctx.cookies.setSession(token, expiresAt);
      return { user };
    }),

  /** Ends this session; harmless without one, so a stale cookie can always be cleared. */
  logOut: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.sessionId) await ctx.auth.invalidateSession(ctx.sessionId);
    ctx.cookies.clearSession();
    return { ok: true as const };
  }),

  logOutEverywhere: sessionProcedure.mutation(async ({ ctx }) => {
    await ctx.auth.invalidateAllSessions(ctx.user.id);
    ctx.cookies.clearSession();
    return { ok: true as const };
  }),

  sessions: sessionProcedure.query(async ({ ctx }) => {
    const sessions = await ctx.auth.listSessions(ctx.user.id);
    return sessions.map((s) => ({ ...s, current: s.id === ctx.sessionId }));
  }),

  revokeSession: sessionProcedure
    .input(z.object({ sessionId: z.string().min(1).max(200) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.auth.revokeSession(ctx.user.id, input.sessionId);
      if (input.sessionId === ctx.sessionId) ctx.cookies.clearSession();
      return { ok: true as const };
    }),

  /** Every other session ends and every API token is revoked; this one continues under a fresh token. */
  changePassword: sessionProcedure
    .input(z.object({ currentPassword: password, newPassword: password }))
    .mutation(async ({ ctx, input }) => {
      const { token, expiresAt } = await ctx.auth.changePassword({
        userId: ctx.user.id,
        ...input,
        ip: ctx.clientAddress,
        userAgent: ctx.userAgent ?? undefined,
      });
      ctx.cookies.setSession(token, expiresAt);
      return { ok: true as const };
    }),
});
