import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase } from './testing/database.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const token = 'metrics-test-token';

interface Started {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  stop(): Promise<void>;
}

const program = [process.execPath, '--import', './tools/node-polyfills.mjs', '--import', 'tsx', 'runtime/src/main.ts'];

/**
 * `npm start`'s program as its own process until it says it listens: stdout a pipe (as under systemd or Docker),
 * or a terminal (util-linux `script` gives it a pseudo-terminal, as a person running `npm start` has).
 */
async function start(env: Record<string, string>, terminal = false): Promise<Started> {
  const child = spawn(
    terminal ? 'script' : program[0]!,
    terminal ? ['-qefc', program.join(' '), '/dev/null'] : program.slice(1),
    {
      cwd: root,
      env: { ...process.env, PORT: '0', BANSHI_DEMO: 'on', BANSHI_WORKER: 'off', METRICS_TOKEN: token, ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  );
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<void>(resolve => child.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not listening in 150 s:\n${out}\n${err}`)), 150_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString().replace(/\r/g, '');
      const match = /已启动：(http:\/\/[^\s"]+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', code => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${out}\n${err}`));
    });
  });
  return {
    child,
    url,
    stdout: () => out,
    stderr: () => err,
    async stop() {
      // Under `script`, the runtime's own pid (its first line names it) is the one to stop.
      const pid = terminal ? Number(/pid=(\d+)/.exec(out)?.[1]) : undefined;
      if (pid) process.kill(pid, 'SIGTERM');
      else child.kill('SIGTERM');
      await exited;
    }
  };
}

describe('a first start on PGlite, stdout not a terminal', { timeout: 240_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'banshi-main-'));
  let running: Started | undefined;
  afterAll(async () => {
    await running?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes only JSON lines: its progress (database, migrations n/m, catalogue) and then the banner as one record', async () => {
    running = await start({ BANSHI_DATA_DIR: dataDir });
    // The first request, so that a request record is among the lines.
    const health = await fetch(`${running.url}/api/health`, { headers: { 'x-request-id': 'first-look' } });
    expect(health.headers.get('x-request-id')).toBe('first-look');
    const lines = running.stdout().split('\n').filter(Boolean);
    const records = lines.map(line => {
      expect(() => JSON.parse(line), line).not.toThrow();
      return JSON.parse(line) as Record<string, any>;
    });
    expect(records[0]).toMatchObject({ level: 'info', step: 'start', msg: '办事 Banshi 正在启动' });
    expect(records.find(r => r.step === 'database')).toMatchObject({ database: 'pglite' });
    expect(records.find(r => r.step === 'database')!.msg).toContain('正在创建内置数据库');
    const migrations = records.filter(r => r.step === 'migrate');
    expect(migrations.length).toBeGreaterThan(0);
    const total = migrations[0]!.total as number;
    expect(migrations.map(r => r.done)).toEqual([...migrations.map(r => r.done as number)].sort((a, b) => a - b));
    expect(migrations.at(-1)).toMatchObject({ done: total, total });
    expect(migrations.at(-1)!.msg).toMatch(new RegExp(`^数据库迁移 ${total}/${total}：`));
    expect(records.find(r => r.msg === 'migrated')!.versions).toHaveLength(total);
    // The catalogue, compiled on a first start: each file as it is parsed, up to all of them.
    const compiled = records.filter(r => r.step === 'catalogue' && r.done !== undefined);
    expect(compiled.length).toBeGreaterThan(0);
    expect(compiled.at(-1)!.done).toBe(compiled.at(-1)!.total);
    expect(compiled.at(-1)!.msg).toMatch(/^编译事项目录 (\d+)\/\1：.+\.matter$/);
    const steps = records.map(r => r.step).filter(Boolean);
    expect(steps.indexOf('catalogue')).toBeGreaterThan(steps.lastIndexOf('migrate'));
    const ready = records.find(r => r.step === 'ready')!;
    expect(ready).toMatchObject({ url: running.url, hall: `${running.url}/hall`, database: 'pglite' });
    expect(ready.matters).toBeGreaterThan(0);
    // The demo applicant signs in with an ID number: in the log it is masked like any other.
    expect(ready.demo.accounts.map((a: { login: string }) => a.login)).toContain('110105********002X');
    expect(running.stdout()).not.toContain('11010519491231002X');
  });

  it('logs each request with its request id', async () => {
    await expect
      .poll(() =>
        running!
          .stdout()
          .split('\n')
          .filter(Boolean)
          .map(l => JSON.parse(l))
          .find(r => r.msg === 'request' && r.requestId === 'first-look')
      )
      .toMatchObject({ level: 'info', method: 'GET', route: '/api/health', status: 200 });
  });

  it('serves /metrics with the token only, and promtool finds nothing to complain about', async () => {
    expect((await fetch(`${running!.url}/metrics`)).status).toBe(403);
    const scraped = await fetch(`${running!.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(scraped.status).toBe(200);
    const text = await scraped.text();
    for (const name of [
      'process_cpu_seconds_total',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
      'banshi_http_request_duration_seconds_bucket',
      'banshi_timers_due',
      'banshi_outbox_pending',
      'banshi_outbox_failed'
    ])
      expect(text).toContain(name);
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(lint.error, 'promtool is installed (Debian package prometheus)').toBeUndefined();
    expect({ status: lint.status, output: lint.stdout + lint.stderr }).toEqual({ status: 0, output: '' });
  });

  it('gzips the hall and the API when asked, and answers 304 to a matching If-None-Match', async () => {
    const hall = await fetch(`${running!.url}/hall`);
    expect(hall.headers.get('content-encoding')).toBe('gzip');
    expect(await hall.text()).toContain('<html');
    const tag = hall.headers.get('etag');
    expect(tag).toMatch(/^W\//);
    const again = await fetch(`${running!.url}/hall`, { headers: { 'if-none-match': tag! } });
    expect(again.status).toBe(304);
    const openapi = await fetch(`${running!.url}/api/openapi.json`);
    expect(openapi.headers.get('content-encoding')).toBe('gzip');
    expect((await openapi.json()).openapi).toMatch(/^3\./);
  });
});

describe('a first start on PostgreSQL at a terminal', { timeout: 240_000 }, () => {
  it('prints readable progress lines and the banner as text, and no JSON', async () => {
    const database = await createPostgresDatabase(0);
    const dataDir = mkdtempSync(join(tmpdir(), 'banshi-main-'));
    const running = await start({ BANSHI_DATA_DIR: dataDir, DATABASE_URL: database.url }, true);
    try {
      const out = running.stdout();
      expect(out).not.toMatch(/^\{/m);
      expect(out).toMatch(/^\d{2}:\d{2}:\d{2} INFO {2}办事 Banshi 正在启动/m);
      expect(out).toMatch(/^\d{2}:\d{2}:\d{2} INFO {2}正在打开数据库 step=database database=postgres$/m);
      const counts = [...out.matchAll(/数据库迁移 (\d+)\/(\d+)：/g)].map(m => [Number(m[1]), Number(m[2])]);
      expect(counts.length).toBeGreaterThan(0);
      expect(counts.at(-1)![0]).toBe(counts.at(-1)![1]);
      expect(out).toMatch(/INFO {2}编译事项目录 (\d+)\/\1：/);
      expect(out).toContain(`办事 Banshi 已启动：${running.url}`);
      expect(out).toMatch(/^ {2}数据库：PostgreSQL/m);
    } finally {
      await running.stop();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
