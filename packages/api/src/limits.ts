// Size limits of what the server accepts, in a module of their own (no other imports) so that
// the app's startup preload can read them before the server starts (apps/web/scripts).

/** The documented upload limit: a chapter file or pasted text (docs/api.md). */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

/**
 * The most one request body may carry (adapter-node's BODY_SIZE_LIMIT is set to it): a 2 MB
 * .docx is 2.7 MB as base64 in JSON, a form that carries a previewed file back sends it again
 * beside a newly chosen one, and JSON escaping adds a little. So the 2 MB upload limit, with
 * its own message, is the one an author meets, not a transport limit below it.
 */
export const MAX_REQUEST_BYTES = 4 * MAX_UPLOAD_BYTES;
