// The endpoint's wire format for tests that speak raw HTTP: superjson's envelope
// (`{"json": …, "meta": …}`, docs/api.md) on every input and every answer.
import superjson from 'superjson';

/**
 * A procedure's input as a client sends it (the POST body, or a GET's `input=`). superjson's
 * own client refuses to send keys such as `prototype`; a hand-made request is not so polite, so
 * such an input goes in the bare envelope (`{"json": …}`, all a plain JSON value needs).
 */
export function encodeInput(input: unknown): string {
  try {
    return JSON.stringify(superjson.serialize(input));
  } catch {
    return JSON.stringify({ json: input });
  }
}

/** An answer (or a batch's answers) with `result.data` and `error` decoded. */
export function decodeBody(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(decodeBody);
  if (body === null || typeof body !== 'object') return body;
  const b = body as { result?: { data?: unknown }; error?: unknown };
  if (b.result) return { ...b, result: { ...b.result, data: superjson.deserialize(b.result.data as never) } };
  if (b.error) return { ...b, error: superjson.deserialize(b.error as never) };
  return body;
}
