// The app's logger (scripts/logger.js): JSON lines in production, pretty in `pnpm dev` when
// pino-pretty is installed.
import { dev } from '$app/environment';
import { createLogger } from '../../../../scripts/logger.js';
import { env } from '../env';

export const logger = createLogger({ level: env.LOG_LEVEL ?? (dev ? 'debug' : 'info'), pretty: dev });
