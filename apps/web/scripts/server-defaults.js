// Preloaded by `pnpm start` (package.json) and the browser tests' server, before the server
// reads its configuration: defaults that adapter-node reads from the environment.
/* eslint-disable no-restricted-properties -- an entry point: it sets the configuration it reads */
import { MAX_REQUEST_BYTES } from '@margins/api/limits';

// adapter-node takes the app's public URL from ORIGIN and, without it, assumes https; a browser on
// http://localhost then fails SvelteKit's same-origin check on every form POST and API call (403).
// Default ORIGIN to the address the server prints; set ORIGIN for any other (a proxy, a host name).
process.env.ORIGIN ||= `http://localhost:${process.env.PORT || '3000'}`;

// adapter-node refuses request bodies over BODY_SIZE_LIMIT (512 KB by default) with its own
// message, below our documented 2 MB upload limit (a .docx travels as base64). Our limit is
// MAX_REQUEST_BYTES (packages/api src/limits.ts); the app answers over it with its own message.
process.env.BODY_SIZE_LIMIT ||= String(MAX_REQUEST_BYTES);
