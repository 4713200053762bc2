/* eslint-disable no-restricted-properties -- test runner configuration reads its environment */
import { defineConfig, devices } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const port = Number(process.env.E2E_PORT ?? 4173);
/** Mail goes out over SMTP to this port, where the specs that read mail (accounts, follow) listen with a real SMTP server in-process. */
export const smtpPort = Number(process.env.E2E_SMTP_PORT ?? port + 10_000);
// A fresh embedded database per run, so browser tests never see another run's rows.
const dataDir = process.env.E2E_DATA_DIR ?? join(mkdtempSync(join(tmpdir(), 'margins-e2e-')), 'pglite');

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/results.json' }]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: {
    // As `pnpm start` runs it (package.json): server.js with its defaults (BODY_SIZE_LIMIT), on
    // compiled JavaScript alone — e2e/support/compiled-only.js refuses tsx and TypeScript sources.
    command: 'node --import ./scripts/server-defaults.js server.js',
    url: `http://localhost:${port}/`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      NODE_OPTIONS: `--import=${new URL('./e2e/support/compiled-only.js', import.meta.url).href}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      ORIGIN: `http://localhost:${port}`,
      MARGINS_DATA_DIR: dataDir,
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? '',
      MARGINS_SEED_DEMO: 'true',
      // A real SMTP server in the test process (accounts, follow); mail sent while none listens is retried, then dropped.
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      // Every test signs up from 127.0.0.1; the production default (10 an hour) would trip.
      MARGINS_SIGNUPS_PER_IP_PER_HOUR: '1000',
    },
  },
});
