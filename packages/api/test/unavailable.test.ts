// A database outage is not a bug in the request: procedures answer SERVICE_UNAVAILABLE (503,
// with a retry hint), never INTERNAL_SERVER_ERROR. Nothing listens on port 1 of the loopback.
import { createServer, type Server, type Socket } from 'node:net';
import { createAuth } from '@margins/auth';
import { openDatabase, type Database } from '@margins/db';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../src/errors';
import { createCaller, createContext } from '../src/index';

describe('database outage', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ kind: 'postgres', url: 'postgres://nobody:nothing@127.0.0.1:1/none' });
  });
  afterAll(async () => {
    await db.close().catch(() => {});
  });

  it('answers SERVICE_UNAVAILABLE with a retry hint when PostgreSQL cannot be reached', async () => {
    const caller = createCaller(
      createContext({
        db,
        auth: createAuth(db),
        clientAddress: '127.0.0.1',
        cookies: { setSession() {}, clearSession() {} },
      }),
    );
    const error = await caller.story.browse({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('SERVICE_UNAVAILABLE');
    expect((error as TRPCError).message).toContain('try again');
  });

  it('answers SERVICE_UNAVAILABLE when the server drops the connection (raw and model queries)', async () => {
    // What a PostgreSQL restart looks like to a pooled client: the socket is reset. The driver
    // adapter reports it as a "ConnectionClosed" without the socket's error code, which Prisma
    // wraps (P1017, or P2010 for raw queries) — until it was recognised, a 500.
    const sockets = new Set<Socket>();
    const resetting: Server = createServer((socket) => {
      sockets.add(socket);
      socket.once('data', () => socket.resetAndDestroy());
    });
    await new Promise<void>((resolve) => resetting.listen(0, '127.0.0.1', resolve));
    const { port } = resetting.address() as { port: number };
    const dropped = await openDatabase({
      kind: 'postgres',
      url: `postgres://nobody:nothing@127.0.0.1:${port}/none`,
    });
    try {
      const caller = createCaller(
        createContext({
          db: dropped,
          auth: createAuth(dropped),
          clientAddress: '127.0.0.1',
          cookies: { setSession() {}, clearSession() {} },
        }),
      );
      for (const call of [
        () => caller.story.browse({}),
        () => caller.reading.chapter({ chapterId: 'c-1' }),
      ]) {
        const error = await call().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TRPCError);
        expect((error as TRPCError).code).toBe('SERVICE_UNAVAILABLE');
      }
    } finally {
      await dropped.close().catch(() => {});
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => resetting.close(resolve));
    }
  });

  it('recognises connection failures but not ordinary query errors', () => {
    expect(
      isDatabaseUnavailable(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      ),
    ).toBe(true);
    expect(isDatabaseUnavailable({ message: 'wrapped', cause: { code: '57P01' } })).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(
      false,
    );
  });
});
