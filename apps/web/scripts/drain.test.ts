import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DRAINING, drainOnSignals, isDraining } from './drain.js';

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[DRAINING];
  vi.useRealTimers();
});

describe('drainOnSignals', () => {
  it('SIGTERM marks the instance draining at once and starts the shutdown only after the delay', () => {
    vi.useFakeTimers();
    const target = new EventEmitter();
    const shutdown = vi.fn();
    target.on('SIGTERM', shutdown);
    drainOnSignals({ delaySeconds: 5, log: () => {}, target });
    target.emit('SIGTERM');
    expect(isDraining()).toBe(true);
    expect(shutdown).not.toHaveBeenCalled();
    vi.advanceTimersByTime(4999);
    expect(shutdown).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(shutdown).toHaveBeenCalledTimes(1);
    expect(shutdown).toHaveBeenCalledWith('SIGTERM');
  });

  it('a second signal, or SIGINT, hands over at once; the shutdown runs once', () => {
    vi.useFakeTimers();
    const target = new EventEmitter();
    const onTerm = vi.fn();
    const onInt = vi.fn();
    target.on('SIGTERM', onTerm);
    target.on('SIGINT', onInt);
    drainOnSignals({ delaySeconds: 30, log: () => {}, target });
    target.emit('SIGTERM');
    target.emit('SIGTERM');
    expect(onTerm).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60_000);
    expect(onTerm).toHaveBeenCalledTimes(1);
    target.emit('SIGINT');
    expect(onInt).toHaveBeenCalledTimes(1);
  });
});
