// Preloaded by `pnpm start` (package.json), before the server reads its configuration.
// adapter-node takes the app's public URL from ORIGIN and, without it, assumes https; a browser on
// http://localhost then fails SvelteKit's same-origin check on every form POST and API call (403).
// Default ORIGIN to the address the server prints; set ORIGIN for any other (a proxy, a host name).
/* eslint-disable no-restricted-properties -- an entry point: it sets the configuration it reads */
process.env.ORIGIN ||= `http://localhost:${process.env.PORT || '3000'}`;
