/** Starts floor-server.ts (the statements alone behind node:http) in a process of its own; see that file. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedCommand } from './recorded.ts';

export interface Floor {
  url: string;
  stop(): Promise<void>;
}

export async function startFloor(databaseUrl: string, command: RecordedCommand): Promise<Floor> {
  const dir = mkdtempSync(join(tmpdir(), 'banshi-floor-'));
  const file = join(dir, 'command.json');
  writeFileSync(file, JSON.stringify(command));
  const child = spawn(
    process.execPath,
    [
      '--import',
      './tools/node-polyfills.mjs',
      '--import',
      'tsx',
      'tests/bench/store/floor-server.ts',
      databaseUrl,
      file
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  );
  const exited = new Promise<void>(resolve => child.on('exit', () => resolve()));
  let output = '';
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        const match = /listening (\d+)/.exec(output);
        if (match) resolve(Number(match[1]));
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      child.on('exit', code => reject(new Error(`the floor exited with ${code} before listening:\n${output}`)));
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
