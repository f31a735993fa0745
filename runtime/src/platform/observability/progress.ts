import type { Logger } from './log.ts';

/** At most one progress record a second at `info` (each step is at `debug`), and always the last. */
const quietMs = 1000;

/**
 * Progress of a long first-start step (migrations, the catalogue) as log records: `{ step, done, total }` with a
 * message a person can read, so a first start says what it is doing instead of staying silent.
 */
export function progressLog(
  log: Logger,
  step: string,
  message: (done: number, total: number, item: string) => string,
  clock: () => number = Date.now
): (done: number, total: number, item: string) => void {
  let last: number | undefined;
  return (done, total, item) => {
    const at = clock();
    const shown = done === total || done === 1 || last === undefined || at - last >= quietMs;
    if (shown) last = at;
    log({ level: shown ? 'info' : 'debug', msg: message(done, total, item), step, done, total, item });
  };
}
