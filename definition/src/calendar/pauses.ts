import type { Instant } from './time.ts';

/** A stretch in which the clock stops (a special procedure, a wait for corrections); open while `to` is absent. */
export interface Pause {
  readonly from: Instant;
  readonly to?: Instant;
}

export interface Interval {
  readonly from: Instant;
  readonly to: Instant;
}

/**
 * The parts of [from, to) in which the clock runs: pauses are clipped to the span, overlapping pauses merge, an
 * open pause runs to `to`, and empty parts are dropped.
 */
export function runningIntervals(from: Instant, to: Instant, pauses: readonly Pause[]): Interval[] {
  const stops = pauses
    .map(pause => ({ from: Math.max(pause.from, from), to: Math.min(pause.to ?? to, to) }))
    .filter(stop => stop.to > stop.from)
    .sort((a, b) => a.from - b.from);
  const running: Interval[] = [];
  let cursor = from;
  for (const stop of stops) {
    if (stop.from > cursor) running.push({ from: cursor, to: stop.from });
    cursor = Math.max(cursor, stop.to);
  }
  if (to > cursor) running.push({ from: cursor, to });
  return running;
}
