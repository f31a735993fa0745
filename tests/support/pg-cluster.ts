/**
 * A PostgreSQL cluster of a test's own, in a temporary folder on a port of its own: the machine's PostgreSQL 15
 * binaries, run as the `postgres` user when the tests run as root (PostgreSQL refuses root). For what the shared
 * server on 5432 must not be put through: a streaming replica of it, a restart.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

function binaries(): string {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root)
    ? readdirSync(root)
        .filter(v => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))[0]
    : undefined;
  if (!version) throw new Error(`no PostgreSQL server binaries under ${root}`);
  return join(root, version, 'bin');
}

const asRoot = process.getuid?.() === 0;

function run(tool: string, args: string[]): string {
  const command = join(binaries(), tool);
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  const result = spawnSync(file, argv, { encoding: 'utf8', cwd: tmpdir() });
  if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')}: ${result.stderr || result.stdout}`);
  return result.stdout;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Cluster {
  port: number;
  dir: string;
  /** A connection URL as the superuser `postgres`, to `database`. */
  url(database?: string): string;
  restart(): void;
  stop(): void;
}

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'banshi-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  return dir;
}

function cluster(dir: string, data: string, port: number): Cluster {
  // A test's cluster need not outlive a crash of the machine: no fsync. PostgreSQL 15 keeps WAL for standbys by
  // default (wal_level replica, ten WAL senders).
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  start();
  return {
    port,
    dir,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    restart() {
      run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-m', 'fast', 'restart']);
    },
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  };
}

/** A new primary: trust authentication on 127.0.0.1, replication included. */
export async function startPrimary(): Promise<Cluster> {
  const dir = folder();
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C.UTF-8']);
  return cluster(dir, data, await freePort());
}

/** A hot standby streaming from `primary` (pg_basebackup -R), on a port of its own. */
export async function startStandby(primary: Cluster): Promise<Cluster> {
  const dir = folder();
  const data = join(dir, 'data');
  run('pg_basebackup', [
    '-h',
    '127.0.0.1',
    '-p',
    String(primary.port),
    '-U',
    'postgres',
    '-D',
    data,
    '-R',
    '-X',
    'stream',
    // A checkpoint now, rather than the spread one that makes the copy wait minutes.
    '--checkpoint',
    'fast'
  ]);
  return cluster(dir, data, await freePort());
}
