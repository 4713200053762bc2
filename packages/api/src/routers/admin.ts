// Site administration (docs/admin.md): every procedure is siteAdminProcedure, NOT_FOUND to
// everyone else; each action writes its audit row in its own transaction (services/admin/).
import { z } from 'zod';
import { listAdminActions } from '../services/admin/audit';
import { setStoryHidden } from '../services/admin/hide-story';
import { listOutbox, siteJobStats } from '../services/admin/outbox';
import { closeReport, findAccounts, listSiteReports } from '../services/admin/reports';
import { restoreUser, suspendUser } from '../services/admin/suspend';
import { router, siteAdminProcedure } from '../trpc';
import { id } from './schemas';

const reason = z.string().trim().min(1, 'Say why: the reason goes in the audit log.').max(1000);
const note = z.string().trim().max(1000).default('');

export const adminRouter = router({
  reports: siteAdminProcedure
    .input(z.object({ includeClosed: z.boolean().optional() }).optional())
    .query(({ ctx, input }) => listSiteReports({ db: ctx.db, includeClosed: input?.includeClosed ?? false })),

  closeReport: siteAdminProcedure
    .input(z.object({ reportId: id, resolution: z.enum(['resolved', 'dismissed']), note }))
    .mutation(({ ctx, input }) => closeReport({ db: ctx.db, actor: ctx.admin, ...input, now: ctx.now() })),

  users: siteAdminProcedure
    .input(z.object({ query: z.string().max(100).default('') }))
    .query(({ ctx, input }) => findAccounts({ db: ctx.db, query: input.query })),

  suspend: siteAdminProcedure
    .input(z.object({ userId: id, reason }))
    .mutation(({ ctx, input }) => suspendUser({ db: ctx.db, actor: ctx.admin, ...input, now: ctx.now() })),

  restore: siteAdminProcedure
    .input(z.object({ userId: id, reason: note }))
    .mutation(({ ctx, input }) => restoreUser({ db: ctx.db, actor: ctx.admin, ...input, now: ctx.now() })),

  hideStory: siteAdminProcedure
    .input(z.object({ storyId: id, reason }))
    .mutation(({ ctx, input }) =>
      setStoryHidden({ db: ctx.db, actor: ctx.admin, ...input, hidden: true, now: ctx.now() }),
    ),

  unhideStory: siteAdminProcedure
    .input(z.object({ storyId: id, reason: note }))
    .mutation(({ ctx, input }) =>
      setStoryHidden({ db: ctx.db, actor: ctx.admin, ...input, hidden: false, now: ctx.now() }),
    ),

  audit: siteAdminProcedure
    .input(z.object({ before: z.date().optional() }).optional())
    .query(({ ctx, input }) => listAdminActions({ db: ctx.db.prisma, before: input?.before })),

  /** The kept mail (no SMTP server) and the rest of the mail table, newest first: read-only. */
  outbox: siteAdminProcedure.query(({ ctx }) => listOutbox({ db: ctx.db })),

  /** Job counts per task and state, the oldest due job, the latest failures (docs/jobs.md). */
  jobs: siteAdminProcedure.query(({ ctx }) => siteJobStats({ db: ctx.db, now: ctx.now() })),
});
