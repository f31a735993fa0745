import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** What tells the collector that work came in: a Node HTTP server's `request` event. */
export interface RequestSource {
  on(event: 'request', listener: () => void): unknown;
  off(event: 'request', listener: () => void): unknown;
}

export interface QuietCollectOptions {
  /** How long without a request counts as quiet. */
  quietMs?: number;
  /** How often quiet is looked for. */
  checkMs?: number;
  /** The full collection to run (V8's, by default). */
  collect?: () => void;
  /** Told after each collection, with the heap in use before and after, in bytes. */
  onCollected?: (before: number, after: number) => void;
}

/**
 * V8's full collection, as `global.gc` would give it with `--expose-gc`: the flag set at run time and the function
 * taken from a fresh context (the way test runners measure heaps), so every way of starting the runtime has it.
 * Undefined where V8 refuses.
 */
export function fullCollection(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Gives memory back once the process goes quiet: one full collection after `quietMs` without a request, then none
 * until requests have come and gone again. V8 sizes its heap for the load it last saw and keeps it: after an office's
 * busy spell the embedded default held some 200 MB of heap of which 80 MB was live, for as long as its own memory
 * reducer did not happen to run (measured in tests/bench/memory.bench.ts). The collection costs some tens of
 * milliseconds when nobody is waiting. Returns a function that stops it.
 */
export function collectWhenQuiet(server: RequestSource, options: QuietCollectOptions = {}): () => void {
  const collect = options.collect ?? fullCollection();
  if (!collect) return () => {};
  const quietMs = options.quietMs ?? 30_000;
  let lastRequest = 0;
  let busySinceCollected = false;
  const onRequest = () => {
    lastRequest = performance.now();
    busySinceCollected = true;
  };
  server.on('request', onRequest);
  const timer = setInterval(
    () => {
      if (!busySinceCollected || performance.now() - lastRequest < quietMs) return;
      busySinceCollected = false;
      const before = process.memoryUsage().heapUsed;
      collect();
      options.onCollected?.(before, process.memoryUsage().heapUsed);
    },
    options.checkMs ?? Math.min(5_000, quietMs)
  );
  timer.unref();
  return () => {
    clearInterval(timer);
    server.off('request', onRequest);
  };
}
