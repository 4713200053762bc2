// The only module that reads process.env: everything else receives configuration as arguments.
/* eslint-disable no-restricted-properties */
import { z } from 'zod';

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1'));

const schema = z.object({
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Streaming replicas of DATABASE_URL, comma-separated: stale-tolerant page reads go there (docs/operations.md). */
  DATABASE_REPLICA_URLS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().url())),
  /** Unset: `<repo>/.data/pglite` (resolved by @margins/db). */
  MARGINS_DATA_DIR: z.string().min(1).optional(),
  MARGINS_MIGRATE_ON_START: flag(true),
  MARGINS_SEED_DEMO: flag(true),
  /** Run this instance's background job worker (docs/jobs.md); every instance may. */
  MARGINS_JOBS: flag(true),
  /** smtp(s)://user:pass@host:port; unset: mail is kept in the outbox and its links logged (docs/mail.md). */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  MAIL_FROM: z.string().min(3).default('Margins <no-reply@localhost>'),
  /** The app's public origin (adapter-node reads it too); links in mail point here. Unset: http://localhost:PORT. */
  ORIGIN: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** adapter-node reads PORT itself; we only print the address. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Sign-ups allowed from one address per hour; browser tests sign up many users from 127.0.0.1. */
  /** Memory for cached anonymous chapter pages, per instance; 0 turns the cache off. */
  MARGINS_PAGE_CACHE_MB: z.coerce.number().min(0).max(65_536).default(64),
  MARGINS_SIGNUPS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(10),
  /** Uploads are parsed in worker threads (packages/api services/parse): how many at once, */
  MARGINS_PARSE_WORKERS: z.coerce.number().int().min(1).max(64).default(2),
  /** how long one parse may take, */
  MARGINS_PARSE_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(600).default(20),
  /** and how much memory (V8 heap) each worker may use. */
  MARGINS_PARSE_HEAP_MB: z.coerce.number().int().min(32).max(16_384).default(512),
  /** pino's level for the JSON log on stdout; unset: info, or debug under `pnpm dev`. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  /** /metrics answers only a request with `Authorization: Bearer <this>`; unset: /metrics is off (404). */
  METRICS_TOKEN: z
    .string()
    .min(16, 'use at least 16 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

const parsed = schema.safeParse(process.env);
if (!parsed.success) {
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
  throw new Error(`Invalid environment configuration:\n${lines}\nSee the configuration table in README.md.`);
}

export const env = parsed.data;
