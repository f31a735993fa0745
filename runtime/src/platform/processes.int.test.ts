import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { RuntimeRig } from '../../../tests/support/runtime-process.ts';

const token = 'processes-test-token';
const clock = '2026-12-01T10:00:00+08:00';

/** The live processes whose parent is `pid`, from /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter(name => /^\d+$/.test(name))
    .flatMap(name => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(fields[1]) === pid && fields[0] !== 'Z' ? [Number(name)] : [];
      } catch {
        return [];
      }
    });
}

/** This process's environment without a database address: the runtime then means its embedded database. */
const withoutDatabase = () =>
  Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'DATABASE_URL'));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Retries `probe` until it stops throwing (vitest's waitFor), as long as a slow start may take. */
const eventually = <T>(probe: () => T | Promise<T>) => vi.waitFor(probe, { timeout: 60_000, interval: 100 });

const requestsCounted = (metrics: string, route: string) =>
  metrics
    .split('\n')
    .filter(line => line.startsWith(`banshi_http_requests_total{`) && line.includes(`route="${route}"`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);

describe('BANSHI_PROCESSES: several runtime processes on one port (PostgreSQL)', { timeout: 240_000 }, () => {
  const rig = new RuntimeRig('processes', 'postgres', { program: 'built' });
  afterAll(() => rig.dispose());

  it('serves from each, gathers their metrics, starts again one that dies, and stops them all on SIGTERM', async () => {
    const runtime = await rig.start({
      BANSHI_PROCESSES: '2',
      BANSHI_WORKER: 'on',
      BANSHI_CLOCK: clock,
      METRICS_TOKEN: token,
      LOG_FORMAT: 'json'
    });
    const parent = runtime.child.pid!;
    const first = await eventually(() => {
      const pids = childrenOf(parent);
      expect(pids).toHaveLength(2);
      return pids;
    });
    await eventually(() => expect(runtime.output.join('')).toContain('进程 2/2 已就绪'));
    const output = runtime.output.join('');
    // The banner is the first process's; the second only says it is ready.
    expect(output.match(/已启动：/g)).toHaveLength(1);
    expect(output).toContain('以 2 个进程启动');

    // Each process answers on the one port: 40 connections of their own reach both (the parent hands them in turn).
    const health = `${runtime.url}/api/health`;
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => fetch(health, { headers: { connection: 'close' } }).then(r => r.status))
    );
    expect(answers.every(s => s === 200)).toBe(true);
    // Every record says which process wrote it: the health requests were answered by both.
    const answeredBy = await eventually(() => {
      const lines = runtime.output
        .join('')
        .split('\n')
        .filter(line => line.includes('"route":"/api/health"'))
        .map(line => JSON.parse(line) as { process?: number });
      expect(lines.length).toBeGreaterThanOrEqual(40);
      return new Set(lines.map(l => l.process));
    });
    expect([...answeredBy].sort()).toEqual([1, 2]);
    const metrics = async () => {
      const response = await fetch(`${runtime.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      return response.text();
    };
    // Both processes' requests counted in one exposition, whichever process was asked; promtool finds it clean.
    const gathered = await metrics();
    expect(requestsCounted(gathered, '/api/health')).toBeGreaterThanOrEqual(40);
    expect(gathered).toMatch(/^banshi_timers_due \d+$/m);
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: gathered, encoding: 'utf8' });
    expect(lint.status, lint.stdout + lint.stderr).toBe(0);
    const perProcess = await Promise.all(
      Array.from({ length: 6 }, () =>
        fetch(`${runtime.url}/metrics`, {
          headers: { authorization: `Bearer ${token}`, connection: 'close' }
        }).then(r => r.text())
      )
    );
    // Asked again and again over new connections (either process): never one process's figures alone.
    for (const text of perProcess) expect(requestsCounted(text, '/api/health')).toBeGreaterThanOrEqual(40);

    // One process killed: the other goes on answering, and the parent starts a new one in its place.
    const [victim, survivor] = first as [number, number];
    process.kill(victim, 'SIGKILL');
    // Once the parent knows (a connection handed to a process in the moment it dies waits for it in vain: Node's
    // cluster), the other process answers every new connection.
    await eventually(() => expect(runtime.output.join('')).toMatch(/进程 \d 意外结束，\d+ 秒后重新启动/));
    expect((await fetch(health, { headers: { connection: 'close' } })).status).toBe(200);
    const replaced = await eventually(() => {
      const pids = childrenOf(parent);
      expect(pids).toHaveLength(2);
      expect(pids).not.toContain(victim);
      return pids;
    });
    expect(replaced).toContain(survivor);
    await eventually(() => expect(runtime.output.join('').match(/已就绪|已启动：/g)?.length).toBeGreaterThanOrEqual(3));
    expect((await fetch(health)).status).toBe(200);
    // The drill clock runs from the parent's start in every process, the new one too: not from its own start. Each
    // answer places that start between its request's sending and its receipt, less the clock's elapsed time; one
    // start for all means the windows overlap (no assumption on how fast the machine is).
    const windows: Array<[number, number]> = [];
    for (let i = 0; i < 6; i++) {
      const sent = Date.now();
      const response = await fetch(`${runtime.url}/api/auth/demo`, { headers: { connection: 'close' } });
      const { now } = (await response.json()) as { now: string };
      const received = Date.now();
      const elapsed = Date.parse(now) - Date.parse(clock);
      windows.push([sent - elapsed, received - elapsed]);
    }
    expect(Math.max(...windows.map(w => w[0]))).toBeLessThanOrEqual(Math.min(...windows.map(w => w[1])));

    // SIGTERM to the parent: every process finishes and ends, and so does the parent, with 0.
    const code = await runtime.stop();
    expect(code).toBe(0);
    for (const pid of replaced) expect(alive(pid)).toBe(false);
  });

  it('refuses several processes on the embedded database, with a clear message and exit code 2', () => {
    const run = spawnSync(process.execPath, ['dist/main.mjs'], {
      cwd: new URL('../../../', import.meta.url),
      env: { ...withoutDatabase(), BANSHI_PROCESSES: '2', BANSHI_DATA_DIR: rig.dataDir, PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('BANSHI_PROCESSES 大于 1 时需要 PostgreSQL（DATABASE_URL）');
  });

  it('refuses a count that is not a number of processes or auto', () => {
    for (const value of ['0', 'many', '1.5']) {
      const run = spawnSync(process.execPath, ['dist/main.mjs'], {
        cwd: new URL('../../../', import.meta.url),
        env: { ...withoutDatabase(), BANSHI_PROCESSES: value, BANSHI_DATA_DIR: rig.dataDir, PORT: '0' },
        encoding: 'utf8',
        timeout: 60_000
      });
      expect(run.status, value).toBe(2);
      expect(run.stderr).toContain('BANSHI_PROCESSES');
    }
  });
});
