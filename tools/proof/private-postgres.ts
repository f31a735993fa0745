import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = process.env.BANSHI_PROOF_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PrivatePostgres {
  /** The superuser's URL: what BANSHI_TEST_PG is given, so the test helpers make their databases here. */
  adminUrl: string;
  /** A shell command that restarts this server (fast shutdown: the connections are cut, as in a failover). */
  restartCommand: string;
  stop(): void;
}

/**
 * A PostgreSQL cluster of the proof's own in a temporary folder, so that restarting it disturbs nobody else on the
 * machine. initdb and pg_ctl refuse root: as root they run as the postgres user.
 */
export function startPrivatePostgres(port = Number(process.env.BANSHI_PROOF_PG_PORT ?? 5499)): PrivatePostgres {
  const dir = mkdtempSync(join(tmpdir(), 'banshi-proof-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot)
    chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'])), Number(execFileSync('id', ['-g', 'postgres'])));
  const run = (command: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' })
      : execFileSync(command, args, { stdio: 'pipe' });
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200`;
  const ctl = (action: string) =>
    [join(bin, 'pg_ctl'), '-D', data, '-l', join(dir, 'log'), '-w', '-m', 'fast', '-o', `"${options}"`, action].join(
      ' '
    );
  const shell = (command: string) => (asRoot ? `runuser -u postgres -- ${command}` : command);
  execFileSync('sh', ['-c', shell(ctl('start'))], { stdio: 'pipe' });
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restartCommand: shell(ctl('restart')),
    stop() {
      try {
        execFileSync('sh', ['-c', shell(ctl('stop'))], { stdio: 'pipe' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  };
}
