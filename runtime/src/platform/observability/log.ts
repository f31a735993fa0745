/** Structured logs: one JSON object per line on stdout, with a level, a message and fields. */
export type Logger = (
  entry: { level: 'debug' | 'info' | 'warn' | 'error'; msg: string } & Record<string, unknown>
) => void;

export const jsonLogger =
  (write: (line: string) => void = line => process.stdout.write(`${line}\n`)): Logger =>
  entry =>
    write(JSON.stringify({ time: new Date().toISOString(), ...entry }));

export const silentLogger: Logger = () => {};
