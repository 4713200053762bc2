// The parse worker: runs parseChapter for the pool (pool.ts) on its own thread, under the
// thread's heap limit, so a hostile or huge upload costs this thread and never the server's.
import { parentPort } from 'node:worker_threads';
import { parseChapter, type ParseOptions } from '@margins/segments';

export interface ParseTask {
  id: number;
  input: string | Uint8Array;
  options: ParseOptions;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'done'; id: number; result: Awaited<ReturnType<typeof parseChapter>> }
  | { type: 'failed'; id: number; message: string; limit: boolean };

const port = parentPort;
if (!port) throw new Error('worker.ts runs as a worker thread of the parse pool only');

// Loaded up front so that the first Word upload does not pay for loading mammoth.
await import('@margins/segments/docx');

port.on('message', (task: ParseTask) => {
  parseChapter(task.input, task.options).then(
    (result) => port.postMessage({ type: 'done', id: task.id, result } satisfies WorkerMessage),
    // A RangeError is a limit of the engine (call stack, string or array length) that the
    // input drove us into: the upload's problem, not a bug to report as a server error.
    (error: unknown) =>
      port.postMessage({
        type: 'failed',
        id: task.id,
        message: error instanceof Error ? error.message : String(error),
        limit: error instanceof RangeError,
      } satisfies WorkerMessage),
  );
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
