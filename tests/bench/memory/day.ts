/**
 * A city office's day, compressed: what the embedded default (PGlite) is asked between a morning start and the
 * evening, sent as fast as the runtime answers so that a day passes in a minute or two. The volumes are those of a
 * prefecture-level city's hall on a busy day (BENCH_DAY_SCALE multiplies them): applications with their uploads
 * and the office's commands on them, citizens tracking their cases, and the public reading the guides.
 */
import autocannon from 'autocannon';
import { runChild } from '../figures.ts';
import type { HttpDriveResult } from '../store/http-drive.ts';
import { seedCases } from '../hall/seed.ts';

const scale = Number(process.env.BENCH_DAY_SCALE ?? 1);

/** The day's requests, by kind. */
export const day = {
  /** Commands on construction permits driven through the office (with each one's uploads and submission). */
  officeCommands: Math.round(1200 * scale),
  /** Applications of citizens and companies submitted in the hall (social insurance, annual reports). */
  applications: Math.round(400 * scale),
  /** Lookups of a case on the tracking page and API. */
  lookups: Math.round(4000 * scale),
  /** Guide pages read. */
  guides: Math.round(8000 * scale)
};

export interface DayDone {
  commands: number;
  uploads: number;
  applications: number;
  lookups: number;
  guides: number;
  ms: number;
}

async function requests(base: string, paths: string[], amount: number): Promise<void> {
  const result = await autocannon({
    url: base,
    connections: 20,
    amount,
    timeout: 60,
    requests: [
      {
        setupRequest: request => ({ ...request, method: 'GET', path: paths[Math.floor(Math.random() * paths.length)]! })
      }
    ]
  });
  if (result.errors || result.timeouts || result.non2xx)
    throw new Error(`${base}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} not 2xx`);
}

/** Sends the day to the runtime at `base`. */
export async function runDay(base: string, log: (line: string) => void): Promise<DayDone> {
  const started = performance.now();
  const { result: office } = await runChild<HttpDriveResult>('tests/bench/store/http-drive.ts', [
    base,
    '600',
    '0',
    '4',
    String(day.officeCommands)
  ]);
  log(`office: ${office.commands} commands and ${office.uploads} uploads`);
  const cases = await seedCases(base, day.applications, 4, () => {});
  log(`hall: ${cases.length} applications`);
  const half = Math.floor(day.lookups / 2);
  await requests(
    base,
    cases.map(c => `/api/hall/track?number=${c.number}&holder=${c.holder}`),
    half
  );
  await requests(
    base,
    cases.map(c => `/hall/track?number=${c.number}&holder=${c.holder}`),
    day.lookups - half
  );
  log(`tracking: ${day.lookups} lookups`);
  const { items } = (await (await fetch(`${base}/api/hall/matters`)).json()) as { items: Array<{ code: string }> };
  await requests(
    base,
    items.map(m => `/hall/matters/${m.code}`),
    day.guides
  );
  log(`guides: ${day.guides} pages`);
  return {
    commands: office.commands,
    uploads: office.uploads,
    applications: cases.length,
    lookups: day.lookups,
    guides: day.guides,
    ms: performance.now() - started
  };
}
