/**
 * The embedded default's memory: the resident size of a runtime process on PGlite after a city office's day
 * (tests/bench/memory/day.ts: the office's commands with their uploads, applications, tracking lookups and guide
 * pages, compressed into a minute or two), side by side in the same run with the same process on PostgreSQL, whose
 * database lives in processes of its own (what the process holds beyond the database's share).
 *
 * Each runtime is started as `npm start` runs it (the build, dist/main.mjs, with npm start's malloc settings;
 * worker off: the request path alone) on a data folder made by a first start and stopped, so the day's process
 * opens an existing database, as it does every morning. Resident size (VmRSS) is read from /proc at the day's last
 * request and again after a quiet minute (the evening: what the process holds until the morning, after its
 * collection when quiet, platform/quiet-collect.ts), and the peak (VmHWM) beside them.
 *
 * Goal (issue 18): PGlite under 300 MB resident after a day's load (the evening reading).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase } from '../../runtime/src/testing/database.ts';
import { startRuntime } from '../support/runtime-process.ts';
import { figure, round, type Bench } from './figures.ts';
import { day, runDay, type DayDone } from './memory/day.ts';

const goalMb = 300;
const clock = '2026-09-28T10:00:00+08:00';
/** The quiet after the day before the evening reading: the runtime collects after 30 s without a request. */
const eveningMs = Number(process.env.BENCH_EVENING_SECONDS ?? 60) * 1000;

interface Measured {
  /** At the evening reading, a quiet minute after the day. */
  rssMb: number;
  /** At the day's last request. */
  dayEndMb: number;
  peakMb: number;
  startMb: number;
  done: DayDone;
  load: string;
}

const status = (pid: number, field: 'VmRSS' | 'VmHWM') =>
  Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function measure(env: Record<string, string>, log: (line: string) => void): Promise<Measured> {
  const first = await startRuntime(env, 60_000, 'built');
  await first.stop();
  const runtime = await startRuntime(env, 60_000, 'built');
  try {
    const pid = runtime.child.pid!;
    const startMb = status(pid, 'VmRSS');
    const done = await runDay(runtime.url.replace(/\/$/, ''), log);
    const dayEndMb = status(pid, 'VmRSS');
    await new Promise(resolve => setTimeout(resolve, eveningMs));
    return {
      rssMb: status(pid, 'VmRSS'),
      dayEndMb,
      peakMb: status(pid, 'VmHWM'),
      startMb,
      done,
      load: loadAverage()
    };
  } finally {
    await runtime.stop();
  }
}

export const bench: Bench = async ({ log }) => {
  const env = { BANSHI_WORKER: 'off', BANSHI_CLOCK: clock, BANSHI_DEMO: 'on' };
  const dirs = [
    mkdtempSync(join(tmpdir(), 'banshi-bench-day-lite-')),
    mkdtempSync(join(tmpdir(), 'banshi-bench-day-pg-'))
  ];
  const database = await createPostgresDatabase();
  try {
    log(`a day: ${JSON.stringify(day)}`);
    const lite = await measure({ ...env, BANSHI_DATA_DIR: dirs[0]! }, line => log(`pglite: ${line}`));
    log(
      `pglite: ${round(lite.rssMb, 0)} MB resident in the evening (${round(lite.dayEndMb, 0)} at the day's end, peak ${round(lite.peakMb, 0)}, ${round(lite.startMb, 0)} at the start; load ${lite.load})`
    );
    const pg = await measure({ ...env, BANSHI_DATA_DIR: dirs[1]!, DATABASE_URL: database.url }, line =>
      log(`postgres: ${line}`)
    );
    log(
      `postgres: ${round(pg.rssMb, 0)} MB resident in the evening (${round(pg.dayEndMb, 0)} at the day's end, peak ${round(pg.peakMb, 0)}, ${round(pg.startMb, 0)} at the start; load ${pg.load})`
    );
    const what = (m: Measured) =>
      `${m.done.commands} office commands with ${m.done.uploads} uploads, ${m.done.applications} applications, ${m.done.lookups} tracking lookups and ${m.done.guides} guide pages in ${round(m.done.ms / 1000, 0)} s; ${round(m.startMb, 0)} MB at the start, ${round(m.dayEndMb, 0)} MB at the day's last request, ${round(m.rssMb, 0)} MB after ${eveningMs / 1000} s without a request, peak ${round(m.peakMb, 0)} MB; load average ${m.load}`;
    return [
      figure({
        name: 'memory.pglite.rss-after-a-day',
        value: lite.rssMb,
        unit: 'MB',
        peer: { name: 'the same process on PostgreSQL (its database in processes of its own)', value: pg.rssMb },
        goal: goalMb,
        digits: 0,
        detail: `resident size (VmRSS) of a runtime process on PGlite, as npm start runs it (the build with its malloc settings; worker off, an existing data folder), in the evening after a city office's day, compressed: ${what(lite)}. Peer: the same day on PostgreSQL: ${what(pg)}.`
      })
    ];
  } finally {
    await database.drop().catch(error => log(`could not drop the database: ${String(error)}`));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
};
