import type { SessionUser } from '@margins/auth';

declare global {
  namespace App {
    interface Locals {
      user: SessionUser | null;
      sessionId: string | null;
    }
    interface Error {
      message: string;
    }
  }
}

export {};
