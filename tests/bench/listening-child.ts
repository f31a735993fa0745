/**
 * A bench's peer server in a process of its own: `script` run by Node through tsx, given `input` written to a file in
 * a temporary folder (its path handed to `args`), and taken as listening on 127.0.0.1 once it prints
 * `<marker> <port>`; `stop` ends it with SIGTERM and removes the folder.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './figures.ts';

export interface ListeningChild {
  url: string;
  stop(): Promise<void>;
}

export async function startListening(options: {
  script: string;
  input: string;
  args: (inputFile: string) => string[];
  marker: string;
  /** Node's flags before the script (tsx at least). */
  nodeArgs?: string[];
}): Promise<ListeningChild> {
  const dir = mkdtempSync(join(tmpdir(), 'banshi-bench-peer-'));
  const file = join(dir, 'input.json');
  writeFileSync(file, options.input);
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? ['--import', 'tsx']), options.script, ...options.args(file)],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] }
  );
  const exited = new Promise<void>(resolve => child.on('exit', () => resolve()));
  const ready = new RegExp(`${options.marker} (\\d+)`);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const match = ready.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      child.on('exit', code => reject(new Error(`${options.script} exited with ${code} before listening:\n${out}`)));
    });
    return {
      url: `http://127.0.0.1:${port}`,
      async stop() {
        child.kill('SIGTERM');
        await exited;
        rmSync(dir, { recursive: true, force: true });
      }
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
