import { z } from 'zod';
import {
  addressStatus,
  changeAddress,
  confirmAddress,
  requestPasswordReset,
  resendVerification,
} from '../services/account/addresses';
import { deleteAccount } from '../services/account/delete-account';
import { exportAccount } from '../services/account/export-account';
import { deleteAccountInput } from '../inputs/account';
import { publicProcedure, router, sessionProcedure } from '../trpc';

const token = z.string().min(1).max(200);
const password = z.string().min(1).max(1000);

// Addresses and recovery (docs/auth.md). Changing the address is for sessions only, like the
// password: an API token must not be able to move the account to another mailbox.
export const accountRouter = router({
  address: sessionProcedure.query(({ ctx }) => addressStatus({ db: ctx.db, userId: ctx.user.id })),

  changeAddress: sessionProcedure
    .input(z.object({ email: z.string().trim().min(1).max(320), currentPassword: password }))
    .mutation(({ ctx, input }) => changeAddress(ctx.auth, { userId: ctx.user.id, ...input })),

  resendVerification: sessionProcedure.mutation(({ ctx }) =>
    resendVerification({ db: ctx.db, userId: ctx.user.id, now: ctx.now }),
  ),

  /** What a mailed link is for (shown before the button that uses it); null when it is dead. */
  link: publicProcedure
    .input(z.object({ token, purpose: z.enum(['verify_email', 'reset_password']) }))
    .query(({ ctx, input }) => ctx.auth.peekAccountToken(input.token, input.purpose)),

  confirmAddress: publicProcedure
    .input(z.object({ token }))
    .mutation(({ ctx, input }) => confirmAddress(ctx.auth, input.token)),

  /** The same answer whether or not the address has an account. */
  requestPasswordReset: publicProcedure
    .input(z.object({ email: z.string().trim().min(1).max(320) }))
    .mutation(({ ctx, input }) =>
      requestPasswordReset({ db: ctx.db, email: input.email, ip: ctx.clientAddress, now: ctx.now }),
    ),

  resetPassword: publicProcedure
    .input(z.object({ token, newPassword: password }))
    .mutation(async ({ ctx, input }) => {
      const {
        user,
        token: session,
        expiresAt,
      } = await ctx.auth.resetPassword({
        ...input,
        ip: ctx.clientAddress,
        userAgent: ctx.userAgent ?? undefined,
      });
      ctx.cookies.setSession(session, expiresAt);
      return { user };
    }),

  // Leaving (docs/accounts.md): session only, like the password; a leaked API token must not be
  // able to take everything away or delete the account.
  /** Everything of the person's as a zip, base64-encoded (GET /account/export decodes it); rate-limited. */
  export: sessionProcedure.query(({ ctx }) =>
    exportAccount({ db: ctx.db, userId: ctx.user.id, now: ctx.now() }),
  ),

  /** Deletes the account after the password; the stories are orphaned or deleted, as chosen. */
  delete: sessionProcedure.input(deleteAccountInput).mutation(async ({ ctx, input }) => {
    const done = await deleteAccount({ db: ctx.db, userId: ctx.user.id, ...input, now: ctx.now() });
    ctx.cookies.clearSession();
    return done;
  }),
});
