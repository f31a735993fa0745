/**
 * The timing loop the engine bench's children share: warm up (so the JIT has compiled the hot paths), then run
 * cases one after another until both a minimum time and a minimum number of cases are reached, and report
 * cases per second over that stretch.
 */
export interface Throughput {
  cases: number;
  ms: number;
  casesPerSecond: number;
  warmupCases: number;
  warmupMs: number;
  /** CPU time of the process over the timed stretch (user + system, all threads: GC included). */
  cpuMs: number;
  heapMiB: number;
}

export interface MeasureOptions {
  /** Timed stretch, at least. */
  seconds: number;
  warmupSeconds: number;
  /** Timed cases, at least (whatever the time). */
  minCases: number;
}

export function options(argv: string[]): MeasureOptions {
  const seconds = Number(argv[0] ?? 3);
  if (!(seconds > 0))
    throw new Error(`usage: <child>.ts <seconds> [warm-up seconds] [min cases]; got ${argv.join(' ')}`);
  return { seconds, warmupSeconds: Number(argv[1] ?? 1), minCases: Number(argv[2] ?? 50) };
}

function finish(cases: number, ms: number, cpu: NodeJS.CpuUsage, warmupCases: number, warmupMs: number): Throughput {
  return {
    cases,
    ms,
    casesPerSecond: (cases / ms) * 1000,
    warmupCases,
    warmupMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    heapMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20)
  };
}

/** Times a synchronous case runner; `runCase(i)` runs case number i to its end and throws if it did not get there. */
export function measureSync(runCase: (i: number) => void, o: MeasureOptions, first = 0): Throughput {
  let i = first;
  const w0 = performance.now();
  let warmupCases = 0;
  while (performance.now() - w0 < o.warmupSeconds * 1000) {
    runCase(i++);
    warmupCases++;
  }
  const warmupMs = performance.now() - w0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const limit = o.seconds * 1000;
  let cases = 0;
  let elapsed = 0;
  while (elapsed < limit || cases < o.minCases) {
    runCase(i++);
    cases++;
    elapsed = performance.now() - t0;
  }
  return finish(cases, elapsed, process.cpuUsage(cpu0), warmupCases, warmupMs);
}

/** The same for a runner that completes asynchronously (bpmn-engine). */
export async function measureAsync(
  runCase: (i: number) => Promise<void>,
  o: MeasureOptions,
  first = 0
): Promise<Throughput> {
  let i = first;
  const w0 = performance.now();
  let warmupCases = 0;
  while (performance.now() - w0 < o.warmupSeconds * 1000) {
    await runCase(i++);
    warmupCases++;
  }
  const warmupMs = performance.now() - w0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const limit = o.seconds * 1000;
  let cases = 0;
  let elapsed = 0;
  while (elapsed < limit || cases < o.minCases) {
    await runCase(i++);
    cases++;
    elapsed = performance.now() - t0;
  }
  return finish(cases, elapsed, process.cpuUsage(cpu0), warmupCases, warmupMs);
}
