import { redact } from './redact.ts';

export const levels = ['debug', 'info', 'warn', 'error'] as const;
export type Level = (typeof levels)[number];

/** Structured logs: one record per call, with a level, a message and fields. */
export type Logger = (entry: { level: Level; msg: string } & Record<string, unknown>) => void;

export interface LoggerOptions {
  /** Records below this level are dropped (LOG_LEVEL); `info` by default. */
  level?: Level;
  /**
   * `json`: one JSON object per line, for a collector (systemd, Docker, Loki). `text`: one readable line per
   * record, for a person at a terminal. LOG_FORMAT chooses; main.ts defaults to text only when stdout is a TTY.
   */
  format?: 'json' | 'text';
  /** Fields every record carries, after `time` (which of several processes wrote it). */
  fields?: Record<string, unknown>;
}

/**
 * Writes each record at or above the level as one line, with `time` first and every resident ID number and mobile
 * number in any field masked (个人信息保护法 第五十一条: personal information is protected by de-identification).
 */
export const jsonLogger = (
  write: (line: string) => void = line => process.stdout.write(`${line}\n`),
  options: LoggerOptions = {}
): Logger => {
  const floor = levels.indexOf(options.level ?? 'info');
  const format = options.format ?? 'json';
  return entry => {
    if (levels.indexOf(entry.level) < floor) return;
    const record = redact({ time: new Date().toISOString(), ...options.fields, ...entry }) as Record<string, unknown>;
    write(format === 'json' ? JSON.stringify(record) : textLine(record));
  };
};

/** `10:04:05 INFO  migrated 3/29 version=3`: the fields after the message as key=value, strings bare when plain. */
function textLine({ time, level, msg, ...fields }: Record<string, unknown>): string {
  const clock = typeof time === 'string' ? new Date(time).toTimeString().slice(0, 8) : '';
  const rest = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' && /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v)}`);
  return [clock, String(level).toUpperCase().padEnd(5), msg, ...rest].join(' ');
}

/**
 * Lines to a stream: a line after a quiet spell (progress at start, the odd warning) is written at once; lines that
 * follow it closely are gathered for `batchMs` and written together, as a busy runtime logs a record per request and
 * each write is a system call (a write per record cost a tenth of a guide page's time; written once per turn of the
 * event loop, still 2 % of the runtime's CPU under staff commands, seen in CPU profiles). On Linux a pipe or file on
 * stdout is written synchronously, so what is pending is written on exit too.
 */
export function lineWriter(
  stream: { write(text: string): unknown } = process.stdout,
  quietMs = 100,
  batchMs = 10
): (line: string) => void {
  let pending: string[] = [];
  let scheduled = false;
  let lastWrite = -Infinity;
  const flush = () => {
    scheduled = false;
    lastWrite = performance.now();
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    stream.write(text);
  };
  process.on('exit', flush);
  return line => {
    pending.push(line.endsWith('\n') ? line : `${line}\n`);
    if (!scheduled && performance.now() - lastWrite > quietMs) return flush();
    if (!scheduled) {
      scheduled = true;
      setTimeout(flush, batchMs);
    }
  };
}

export const silentLogger: Logger = () => {};
