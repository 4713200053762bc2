// Untrusted documents are parsed off the request thread. A parse is pure CPU and memory that
// cannot be interrupted from inside, so it runs in a worker thread with a V8 heap limit, and
// a parse that passes the time limit is stopped by terminating its worker. Either way the
// caller gets a 422 naming the limit, the worker is replaced, and the server's own thread never
// waited. A bounded queue keeps a flood of uploads from growing memory: past it, 503 with
// Retry-After.
import { Worker } from 'node:worker_threads';
import type { ParseOptions, ParseResult } from '@margins/segments';
import { ServiceError } from '../../errors';
import type { ParseTask, WorkerMessage } from './worker';

export interface ParsePoolOptions {
  /** Worker threads, i.e. parses running at once. */
  workers: number;
  /** Wall-clock limit of one parse. */
  timeoutMs: number;
  /** V8 heap limit (old generation) of each worker. */
  heapMb: number;
  /** Parses waiting for a worker; one more is refused with 503. */
  maxQueue: number;
  /** The worker module; tests substitute misbehaving ones. */
  entry?: URL;
}

/**
 * A 2 MB Word document of ordinary prose parses in about 5 s within 512 MB on this project's
 * machines (docs/pov-markup.md); a 2 MB Markdown file in well under a second.
 */
export const DEFAULT_PARSE_POOL: ParsePoolOptions = {
  workers: 2,
  timeoutMs: 20_000,
  heapMb: 512,
  maxQueue: 16,
};

/** What services need to parse an upload; the pool is the implementation. */
export interface ChapterParser {
  parse(input: string | Uint8Array, options: ParseOptions): Promise<ParseResult>;
}

/**
 * Compiled (dist/, production): the worker is plain JavaScript beside this module, built from
 * worker.ts (package.json "buildEntries"). From source (dev server, tests): worker-entry.mjs,
 * which loads worker.ts through tsx in the worker's own thread.
 */
const ENTRY = import.meta.url.endsWith('.ts')
  ? new URL('./worker-entry.mjs', import.meta.url)
  : new URL('./parse-worker.js', import.meta.url);
const seconds = (ms: number): string =>
  ms === 1000 ? '1 second' : `${ms >= 10_000 ? Math.round(ms / 1000) : ms / 1000} seconds`;
const RETRY_SECONDS = 5;

interface Task extends ParseTask {
  resolve(result: ParseResult): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task: Task | null;
  timer: ReturnType<typeof setTimeout> | null;
}

export class ParsePool implements ChapterParser {
  readonly options: ParsePoolOptions;
  /** Workers started, and workers stopped because a parse hit a limit or the worker died. */
  readonly stats = { started: 0, stopped: 0 };
  #slots: Slot[] = [];
  #queue: Task[] = [];
  #nextId = 1;
  #closed = false;

  constructor(options: Partial<ParsePoolOptions> = {}) {
    this.options = { ...DEFAULT_PARSE_POOL, ...options };
  }

  parse(input: string | Uint8Array, options: ParseOptions): Promise<ParseResult> {
    if (this.#closed)
      return Promise.reject(
        new ServiceError('unavailable', 'The server is shutting down; try again in a few seconds.', {
          retryAfterSeconds: RETRY_SECONDS,
        }),
      );
    if (this.#queue.length >= this.options.maxQueue) {
      return Promise.reject(
        new ServiceError(
          'unavailable',
          `The server is busy reading other uploads (${this.options.maxQueue} are waiting); try again in a few seconds.`,
          {
            retryAfterSeconds: RETRY_SECONDS,
          },
        ),
      );
    }
    return new Promise<ParseResult>((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, input, options, resolve, reject });
      this.#pump();
    });
  }

  /** Starts every worker now rather than on the first upload (each takes about a second to load). */
  warm(): void {
    while (!this.#closed && this.#slots.length < this.options.workers) this.#spawn();
  }

  /** Stops every worker; waiting and running parses are refused with 503. */
  async close(): Promise<void> {
    this.#closed = true;
    const closing = new ServiceError(
      'unavailable',
      'The server is shutting down; try again in a few seconds.',
      { retryAfterSeconds: RETRY_SECONDS },
    );
    for (const task of this.#queue.splice(0)) task.reject(closing);
    const slots = this.#slots.splice(0);
    for (const slot of slots) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.task?.reject(closing);
    }
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      const idle = this.#slots.find((s) => s.ready && !s.task);
      if (!idle) break;
      this.#run(idle, this.#queue.shift() as Task);
    }
    // One more worker for each waiting parse that no starting worker will take, up to the size.
    const starting = this.#slots.filter((s) => !s.ready).length;
    for (let n = this.#queue.length - starting; n > 0 && this.#slots.length < this.options.workers; n--)
      this.#spawn();
  }

  #run(slot: Slot, task: Task): void {
    slot.task = task;
    slot.worker.ref();
    slot.timer = setTimeout(() => this.#stop(slot, this.#limitError('time')), this.options.timeoutMs);
    const message: ParseTask = { id: task.id, input: task.input, options: task.options };
    slot.worker.postMessage(message);
  }

  #spawn(): void {
    const worker = new Worker(this.options.entry ?? ENTRY, {
      // Nothing inherited: from source, worker-entry.mjs sets up TypeScript loading itself (see there).
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb },
    });
    const slot: Slot = { worker, ready: false, task: null, timer: null };
    this.#slots.push(slot);
    this.stats.started++;
    worker.unref();
    worker.on('message', (message: WorkerMessage) => this.#receive(slot, message));
    worker.on('error', (error: Error & { code?: string }) => {
      this.#stop(
        slot,
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? this.#limitError('memory')
          : this.#crashError(slot, error),
      );
    });
    worker.on('exit', (code) =>
      this.#stop(slot, this.#crashError(slot, new Error(`the worker exited with code ${code}`))),
    );
  }

  #receive(slot: Slot, message: WorkerMessage): void {
    if (message.type === 'ready') {
      slot.ready = true;
      this.#pump();
      return;
    }
    const task = slot.task;
    if (!task || task.id !== message.id) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.task = null;
    slot.timer = null;
    slot.worker.unref();
    if (message.type === 'done') task.resolve(message.result);
    else if (message.limit)
      task.reject(
        new ServiceError(
          'unprocessable',
          `This file could not be read: it went past a limit of the reader (${message.message}). Split the chapter into smaller chapters, or paste the text instead.`,
        ),
      );
    else task.reject(new Error(`The parser failed: ${message.message}`));
    this.#pump();
  }

  /** Takes a worker out of the pool (its parse gets `error`) and starts a replacement if one is needed. */
  #stop(slot: Slot, error: Error): void {
    const at = this.#slots.indexOf(slot);
    if (at < 0) return;
    this.#slots.splice(at, 1);
    this.stats.stopped++;
    if (slot.timer) clearTimeout(slot.timer);
    void slot.worker.terminate();
    if (slot.task) slot.task.reject(error);
    else if (!slot.ready) {
      // A worker that never started (a broken install, not a hostile upload): fail what waits
      // rather than start replacements forever.
      for (const task of this.#queue.splice(0)) task.reject(error);
      return;
    }
    if (!this.#closed) this.#pump();
  }

  #limitError(limit: 'time' | 'memory'): ServiceError {
    const what =
      limit === 'time'
        ? `took longer than ${seconds(this.options.timeoutMs)}`
        : `needed more than ${this.options.heapMb} MB of memory`;
    return new ServiceError(
      'unprocessable',
      `Reading this file ${what}, the limit for one upload, so it was stopped. Split the chapter into smaller chapters; a Word file may also read faster saved again from Word or Google Docs.`,
    );
  }

  #crashError(slot: Slot, error: Error): Error {
    return slot.ready
      ? new ServiceError(
          'unprocessable',
          'This file could not be read: the reader stopped unexpectedly. Save it again, or paste the text instead.',
        )
      : new Error(`The parse worker could not start: ${error.message}`);
  }
}

let fallback: ParsePool | undefined;

/**
 * The pool for callers that were not handed one (scripts, seeds, tests calling services
 * directly), with the default limits. The app creates its own from its configuration and passes
 * it in the request context, so the server never starts this one.
 */
export function defaultParsePool(): ParsePool {
  fallback ??= new ParsePool();
  return fallback;
}
