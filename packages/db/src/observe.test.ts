import { describe, expect, it } from 'vitest';
import { openDatabase } from './connection';
import { testDatabaseUrl } from './testing';

// Metrics (apps/web lib/server/ops/metrics.ts) time every statement and read the pool's use.
const url = testDatabaseUrl();

describe(`query timing and pool stats on ${url ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('every statement, inside a transaction too, is timed once', async () => {
    const timings: number[] = [];
    const db = await openDatabase(
      url ? { kind: 'postgres', url } : { kind: 'pglite', dataDir: 'memory://' },
      { onQuery: (s) => timings.push(s) },
    );
    try {
      await db.prisma.$queryRaw`SELECT 1`;
      expect(timings).toHaveLength(1);
      await db.prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 2`;
        await tx.$queryRaw`SELECT 3`;
      });
      expect(timings.length).toBeGreaterThanOrEqual(3);
      expect(timings.every((s) => s >= 0 && s < 60)).toBe(true);
      const stats = db.poolStats();
      if (url) {
        expect(stats).not.toBeNull();
        expect(stats!.total).toBeGreaterThanOrEqual(1);
        expect(stats!.waiting).toBe(0);
      } else expect(stats).toBeNull();
    } finally {
      await db.close();
    }
  });
});
