import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

/**
 * Several runtime processes on one port (BANSHI_PROCESSES): Node's cluster, the parent accepting the connections
 * and handing them to the processes in turn. Each is the whole runtime on the same
 * PostgreSQL database, which is what makes them safe together (the deployment page's section 5: timers and the
 * outbox claimed with SKIP LOCKED, publications over LISTEN/NOTIFY, sign-in limits and idempotency keys in the
 * database). The parent serves nothing and opens no database: it starts the processes, starts again one that ends,
 * hands a signal on, and gathers the processes' metrics for whichever of them is asked for /metrics.
 */

/** What a process started by the parent is told, beyond the parent's own environment. */
export const processEnv = {
  /** 1 … n: which of the processes this is. */
  index: 'BANSHI_PROCESS',
  /** When the parent started (ms): a drill clock (BANSHI_CLOCK) runs from there in every process and every restart. */
  clockFrom: 'BANSHI_CLOCK_FROM'
} as const;

/** Which of the processes this is (1 when there is only one). */
export const processIndex = (): number => Number(process.env[processEnv.index] ?? 1);

/** The parent's log (the runtime's logger; declared here so nothing below platform/ is imported). */
type Log = (entry: { level: 'info' | 'warn' | 'error'; msg: string } & Record<string, unknown>) => void;

export interface Supervision {
  count: number;
  /** Whether the background worker (timers, outbox, sealing, archiving) runs: in process 1 only. */
  worker: boolean;
  log: Log;
  /** When the parent started, for a drill clock. */
  startedAt: number;
}

/** Restarts of a process that lived less than this are spaced out, doubling up to `maxDelayMs`. */
const shortLifeMs = 10_000;
const maxDelayMs = 30_000;

/**
 * Runs in the parent: starts process 1 (the migrations and the catalogue's import happen there, once), the others
 * once it listens; starts again a process that ends; on SIGTERM or SIGINT passes the signal to each and ends when
 * they have. If process 1 ends before it ever listened (a database out of reach, a wrong setting), the parent ends
 * with its exit code instead of starting it again and again.
 */
export function superviseProcesses({ count, worker, log, startedAt }: Supervision): void {
  const env = (index: number) => ({
    [processEnv.index]: String(index),
    [processEnv.clockFrom]: String(startedAt),
    BANSHI_WORKER: worker && index === 1 ? 'on' : 'off'
  });
  const byWorker = new Map<Worker, { index: number; started: number; listened: boolean }>();
  const delays = new Map<number, number>();
  let stopping = false;
  let anyListened = false;

  const start = (index: number) => {
    const child = cluster.fork(env(index));
    byWorker.set(child, { index, started: Date.now(), listened: false });
  };

  cluster.on('listening', child => {
    const entry = byWorker.get(child);
    if (!entry || entry.listened) return;
    entry.listened = true;
    if (!anyListened) {
      anyListened = true;
      for (let index = 2; index <= count; index++) start(index);
    }
  });

  cluster.on('exit', (child, code, signal) => {
    const entry = byWorker.get(child);
    byWorker.delete(child);
    if (!entry) return;
    if (stopping) {
      if (byWorker.size === 0) process.exit(0);
      return;
    }
    if (!anyListened) {
      log({
        level: 'error',
        msg: `进程 ${entry.index} 未能启动，办事 Banshi 退出`,
        process: entry.index,
        code,
        signal
      });
      stopAll('exit');
      process.exit(code || 1);
    }
    const lived = Date.now() - entry.started;
    const delay = lived < shortLifeMs ? Math.min(maxDelayMs, (delays.get(entry.index) ?? 500) * 2) : 1000;
    delays.set(entry.index, delay);
    log({
      level: 'warn',
      msg: `进程 ${entry.index} 意外结束，${Math.round(delay / 1000)} 秒后重新启动`,
      process: entry.index,
      code,
      signal
    });
    // Not unref'd: were every process gone, the parent would otherwise end (with 0, which a service manager takes
    // for a wanted stop) instead of starting them again.
    setTimeout(() => {
      if (!stopping) start(entry.index);
    }, delay);
  });

  const stopAll = (reason: string) => {
    stopping = true;
    for (const child of byWorker.keys()) child.process.kill(reason === 'SIGINT' ? 'SIGINT' : 'SIGTERM');
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.on(signal, () => {
      if (stopping) return;
      log({ level: 'info', msg: 'shutting down', signal, processes: byWorker.size });
      stopAll(signal);
      if (byWorker.size === 0) process.exit(0);
    });

  // /metrics in any process answers for all of them: it asks here, and prom-client gathers each one's registry.
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (child, message: unknown) => {
    if (!isMetricsRequest(message)) return;
    aggregator.clusterMetrics().then(
      text => child.isConnected() && child.send({ type: metricsAnswer, id: message.id, text }),
      (error: Error) => child.isConnected() && child.send({ type: metricsAnswer, id: message.id, error: error.message })
    );
  });

  log({
    level: 'info',
    msg: `办事 Banshi 以 ${count} 个进程启动`,
    step: 'processes',
    processes: count,
    pid: process.pid
  });
  start(1);
}

const metricsQuestion = 'banshi:metrics?';
const metricsAnswer = 'banshi:metrics';

const isMetricsRequest = (message: unknown): message is { type: string; id: number } =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === metricsQuestion;

let asked = 0;
const waiting = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();
let answering = false;

/**
 * In a process the parent started: lets prom-client answer the parent for `registry`, and returns how to ask the
 * parent for every process's metrics together (counters and histograms summed, the queue gauges counted once).
 */
export function clusterMetrics(registry: Registry): () => Promise<string> {
  AggregatorRegistry.setRegistries([registry]);
  // Constructing one adds prom-client's listener that answers the parent with this process's registries.
  new AggregatorRegistry();
  if (!answering) {
    answering = true;
    process.on('message', (message: { type?: unknown; id?: number; text?: string; error?: string }) => {
      if (message?.type !== metricsAnswer || message.id === undefined) return;
      const pending = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.error !== undefined) pending?.reject(new Error(message.error));
      else pending?.resolve(message.text ?? '');
    });
  }
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = ++asked;
      waiting.set(id, { resolve, reject });
      process.send!({ type: metricsQuestion, id });
    });
}

/** Whether this process was started by the parent of several. */
export const inCluster = (): boolean => cluster.isWorker && process.env[processEnv.index] !== undefined;
