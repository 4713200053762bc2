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
      /** This request's id: in the `x-request-id` response header, the log line and error pages. */
      requestId: string;
    }
    interface Error {
      message: string;
      /** Set for unexpected errors (handleError): quote it to the operator, who finds it in the log. */
      requestId?: string;
    }
  }
}

export {};
