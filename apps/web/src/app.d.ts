import type { SessionUser } from '@margins/auth';

declare global {
  namespace App {
    interface Locals {
      user: SessionUser | null;
      sessionId: string | null;
      /** Set when a personal access token (Authorization: Bearer) authenticated the request. */
      tokenScope: 'read' | 'write' | null;
      /** A bearer token was sent and refused. */
      tokenRefused: boolean;
    }
    interface Error {
      message: string;
    }
  }
}

export {};
