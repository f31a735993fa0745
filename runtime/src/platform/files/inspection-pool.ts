import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** What a page counter says about one file. */
export type PageCount = { pages?: number; error?: string; timedOut?: boolean };
type Job = { id: number; kind: 'pdf' | 'ofd'; bytes: Uint8Array; limitMs: number; done: (answer: PageCount) => void };
type Slot = { worker?: Worker; job?: Job; timer?: NodeJS.Timeout; idle?: NodeJS.Timeout };

/**
 * Long-lived worker threads that count pages, each one file at a time, the rest waiting in line. Starting a thread and
 * loading the PDF parser for every upload cost more than reading most files; a worker that takes longer than a file's
 * limit is terminated and a fresh one started for the next file, so a crafted file costs its own time and no more.
 * Idle workers never keep the process alive, and one left idle for `idleMs` ends, giving back its memory (a thread
 * with a heap of its own and the parser): an office's uploads come in spells, and the embedded default should not
 * hold a parser through the evening for the next morning's first file, which pays a worker's start.
 */
export class InspectionPool {
  private readonly queue: Job[] = [];
  private readonly slots: Slot[];
  private nextId = 1;

  constructor(
    size = Math.max(1, Math.min(2, availableParallelism() - 1)),
    private readonly idleMs = 60_000
  ) {
    this.slots = Array.from({ length: size }, () => ({}));
  }

  /** Workers running now (idle ones included). */
  get workers(): number {
    return this.slots.filter(slot => slot.worker).length;
  }

  /** Counts the pages of one file; the limit runs from when a worker takes the file, not while it waits in line. */
  count(kind: 'pdf' | 'ofd', bytes: Uint8Array, limitMs: number): Promise<PageCount> {
    return new Promise(done => {
      this.queue.push({ id: this.nextId++, kind, bytes, limitMs, done });
      this.pump();
    });
  }

  /** Ends every worker; files still waiting are answered as not counted. */
  async close(): Promise<void> {
    for (const job of this.queue.splice(0)) job.done({ error: 'closed' });
    await Promise.all(this.slots.map(slot => this.retire(slot, { error: 'closed' })));
  }

  private pump(): void {
    for (const slot of this.slots) {
      const job = !slot.job && this.queue.shift();
      if (job) this.run(slot, job);
    }
  }

  private run(slot: Slot, job: Job): void {
    clearTimeout(slot.idle);
    const worker = (slot.worker ??= this.start(slot));
    slot.job = job;
    slot.timer = setTimeout(() => void this.retire(slot, { timedOut: true }).then(() => this.pump()), job.limitMs);
    // A copy of its own to transfer: a Buffer's slice shares, and transferring would detach, Node's pooled memory.
    const copy = new Uint8Array(job.bytes);
    worker.postMessage({ id: job.id, kind: job.kind, bytes: copy }, [copy.buffer]);
  }

  private start(slot: Slot): Worker {
    // Memory bounded too: a file that would take more is unreadable, not the end of the process.
    const worker = new Worker(new URL('./page-count-worker.mjs', import.meta.url), {
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: 1024 }
    });
    worker.unref();
    const finish = (answer: PageCount) => {
      if (slot.worker !== worker || !slot.job) return;
      clearTimeout(slot.timer);
      const job = slot.job;
      slot.job = undefined;
      job.done(answer);
      this.pump();
      if (!slot.job) this.idleOut(slot, worker);
    };
    worker.on('message', (message: PageCount & { id: number }) => {
      if (message.id === slot.job?.id) finish({ pages: message.pages, error: message.error });
    });
    // A worker that dies (out of memory, a bug) answers its file as unreadable and is replaced for the next one.
    worker.on('error', error => {
      finish({ error: String(error.message) });
      if (slot.worker === worker) slot.worker = undefined;
    });
    worker.on('exit', () => {
      finish({ error: 'exited' });
      if (slot.worker === worker) slot.worker = undefined;
      this.pump();
    });
    return worker;
  }

  /** Ends `worker` once it has been idle for `idleMs`, unless a file came for it meanwhile. */
  private idleOut(slot: Slot, worker: Worker): void {
    clearTimeout(slot.idle);
    slot.idle = setTimeout(() => {
      if (slot.worker === worker && !slot.job) void this.retire(slot, undefined);
    }, this.idleMs);
    slot.idle.unref();
  }

  private async retire(slot: Slot, answer: PageCount | undefined): Promise<void> {
    const { worker, job } = slot;
    clearTimeout(slot.timer);
    clearTimeout(slot.idle);
    slot.worker = undefined;
    slot.job = undefined;
    if (answer) job?.done(answer);
    await worker?.terminate();
  }
}
