import { readFileSync } from 'node:fs';
import { requiredUploads } from '@banshi/definition/answers';
import { answersFor } from '../../runtime/src/testing/answers.ts';
import { loadCatalog } from '../../runtime/src/testing/catalog.ts';
import { HttpUser, RuntimeRig } from '../../tests/support/runtime-process.ts';

/**
 * The soak: one runtime process on PostgreSQL under a steady, open-loop load shaped like a city hall's office hours,
 * sampled each window for the process's resident memory and the latency of what it answered.
 *
 * The rates, per second, at BANSHI_SOAK_RATE=1: 3 hall page views (home, a matter's guide page, its JSON), 1 progress
 * lookup, 0.5 staff inbox lists, 0.1 online applications (each one upload per required material, then the submission)
 * and 0.3 staff commands (pre-review, paper confirmation, acceptance of each application). 0.1 applications a second is
 * 2,880 in an 8-hour day, the online intake of a prefecture-level city's whole service hall on a busy day; the page
 * views and lookups, some thirty per application, are what the hall's visitors do around them. About 6 requests a
 * second in all, steady: the point is to see memory and latency stay level over time, not to find the ceiling (that
 * is `npm run bench`).
 */
export interface SoakOptions {
  minutes: number;
  /** One sample of memory and latency per window. */
  windowSeconds: number;
  /** Multiplies every rate above. */
  rate: number;
}

export interface SoakWindow {
  minute: number;
  requests: number;
  errors: number;
  rssMb: number;
  p50Ms: number;
  p99Ms: number;
}

export interface SoakFigures {
  minutes: number;
  windowSeconds: number;
  requestsPerSecond: number;
  requests: number;
  errors: number;
  errorSamples: string[];
  windows: SoakWindow[];
  /** Medians of the first and last quarters of the windows (the first window, warm-up, left out). */
  firstQuarter: { rssMb: number; p50Ms: number; p99Ms: number };
  lastQuarter: { rssMb: number; p50Ms: number; p99Ms: number };
  memoryFlat: boolean;
  latencyFlat: boolean;
  processAlive: boolean;
}

/**
 * Flat, stated once: the last quarter's median RSS within 10 % of the first quarter's; the last quarter's median p50
 * and p99 within 1.5 times the first quarter's plus 5 ms (milliseconds of noise on a shared machine are not a trend).
 */
export const flatRule =
  'memory: median RSS of the last quarter ≤ 1.10 × that of the first; latency: median p50 and p99 of the last quarter ≤ 1.5 × those of the first + 5 ms (first window left out as warm-up)';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (n: number) => Math.round(n * 10) / 10;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return round(kb / 1024);
}

export async function soak(options: SoakOptions, log: (line: string) => void = () => {}): Promise<SoakFigures> {
  const { byName } = loadCatalog();
  const permit = byName('建筑工程施工许可证核发');
  const guides = [permit.code, byName('公共场所卫生许可').code];
  const organisation = '91350100M000100Y43';
  // The build, as npm start and production run it: its memory is what an office's server holds.
  const rig = new RuntimeRig('soak', 'postgres', { program: 'built' });
  const running = await rig.start({ BANSHI_CLOCK: '2026-12-01T09:00:00+08:00' });
  try {
    const company = await HttpUser.signIn(running.url, organisation);
    const window = await HttpUser.signIn(running.url, 'window');
    const pid = running.child.pid!;

    let latencies: number[] = [];
    let requests = 0;
    let errors = 0;
    let totalRequests = 0;
    let totalErrors = 0;
    const errorSamples: string[] = [];
    const timed = async <T extends { status: number }>(
      label: string,
      send: () => Promise<T>
    ): Promise<T | undefined> => {
      const started = performance.now();
      try {
        const answer = await send();
        latencies.push(performance.now() - started);
        requests++;
        if (answer.status >= 400) {
          errors++;
          if (errorSamples.length < 10) errorSamples.push(`${label} → ${answer.status}`);
        }
        return answer;
      } catch (error) {
        requests++;
        errors++;
        if (errorSamples.length < 10) errorSamples.push(`${label} → ${(error as Error).message}`);
        return undefined;
      }
    };
    const page = (path: string) =>
      timed(`GET ${path}`, async () => {
        const response = await fetch(`${running.url}${path}`, { signal: AbortSignal.timeout(20_000) });
        await response.arrayBuffer();
        return response;
      });

    const tracked: string[] = [];
    const toHandle: Array<{ id: string; step: number }> = [];
    const commands = ['passPreReview', 'confirmPaper', 'accept'];
    let n = 0;
    const streams: Array<[perSecond: number, act: () => Promise<unknown>]> = [
      [
        3,
        () => {
          const code = guides[n++ % guides.length]!;
          return page([`/hall`, `/hall/matters/${code}`, `/api/hall/matters/${code}`][n % 3]!);
        }
      ],
      [
        1,
        () =>
          tracked.length
            ? timed('GET /api/hall/track', () =>
                company.get(`/api/hall/track?number=${tracked[n++ % tracked.length]}&holder=${organisation}`)
              )
            : page('/hall/track')
      ],
      [0.5, () => timed('GET /api/office/inbox', () => window.get('/api/office/inbox'))],
      [
        0.1,
        async () => {
          const answers = answersFor(permit);
          const materials: Array<{ material: string; fileId: string }> = [];
          for (const material of requiredUploads(permit, answers)) {
            const uploaded = await timed('POST /api/hall/files', () => company.upload(material.id));
            if (uploaded?.status !== 201) return;
            materials.push({ material: material.id, fileId: uploaded.body.id });
          }
          const submitted = await timed('POST /api/hall/cases', () =>
            company.post('/api/hall/cases', { matterCode: permit.code, channel: 'online', answers, materials })
          );
          if (submitted?.status === 201) {
            tracked.push(submitted.body.caseNumber);
            toHandle.push({ id: submitted.body.id, step: 0 });
          }
        }
      ],
      [
        0.3,
        async () => {
          const next = toHandle.shift();
          if (!next) return;
          const type = commands[next.step]!;
          const answer = await timed(`POST command ${type}`, () =>
            window.post(`/api/office/cases/${next.id}/commands`, { type })
          );
          if (answer?.status === 200 && next.step + 1 < commands.length)
            toHandle.push({ ...next, step: next.step + 1 });
        }
      ]
    ];
    const requestsPerSecond = streams.reduce((sum, [perSecond]) => sum + perSecond, 0) * options.rate;
    const inFlight = new Set<Promise<unknown>>();
    const timers = streams.map(([perSecond, act]) =>
      setInterval(
        () => {
          const p = act().catch(() => {});
          inFlight.add(p);
          void p.finally(() => inFlight.delete(p));
        },
        1000 / (perSecond * options.rate)
      )
    );

    const windows: SoakWindow[] = [];
    const started = Date.now();
    const end = started + options.minutes * 60_000;
    try {
      while (Date.now() < end) {
        await new Promise(r => setTimeout(r, Math.min(options.windowSeconds * 1000, end - Date.now())));
        const sorted = latencies.sort((a, b) => a - b);
        const sample: SoakWindow = {
          minute: round((Date.now() - started) / 60_000),
          requests,
          errors,
          rssMb: running.child.exitCode === null ? rssMb(pid) : 0,
          p50Ms: round(percentile(sorted, 50)),
          p99Ms: round(percentile(sorted, 99))
        };
        windows.push(sample);
        log(
          `soak ${sample.minute} min: ${sample.requests} requests, ${sample.errors} errors, RSS ${sample.rssMb} MB, p50 ${sample.p50Ms} ms, p99 ${sample.p99Ms} ms`
        );
        totalRequests += requests;
        totalErrors += errors;
        latencies = [];
        requests = 0;
        errors = 0;
      }
    } finally {
      for (const timer of timers) clearInterval(timer);
      await Promise.all(inFlight);
    }

    const measured = windows.slice(1);
    const quarter = Math.max(1, Math.floor(measured.length / 4));
    const summary = (ws: SoakWindow[]) => ({
      rssMb: round(median(ws.map(w => w.rssMb))),
      p50Ms: round(median(ws.map(w => w.p50Ms))),
      p99Ms: round(median(ws.map(w => w.p99Ms)))
    });
    const firstQuarter = summary(measured.slice(0, quarter));
    const lastQuarter = summary(measured.slice(-quarter));
    return {
      minutes: options.minutes,
      windowSeconds: options.windowSeconds,
      requestsPerSecond: round(requestsPerSecond),
      requests: totalRequests,
      errors: totalErrors,
      errorSamples,
      windows,
      firstQuarter,
      lastQuarter,
      memoryFlat: measured.length >= 2 && lastQuarter.rssMb <= firstQuarter.rssMb * 1.1,
      latencyFlat:
        measured.length >= 2 &&
        lastQuarter.p50Ms <= firstQuarter.p50Ms * 1.5 + 5 &&
        lastQuarter.p99Ms <= firstQuarter.p99Ms * 1.5 + 5,
      processAlive: running.child.exitCode === null
    };
  } finally {
    await rig.dispose();
  }
}
