import { randomUUID } from 'node:crypto';
import type { Db } from '../db/db.ts';
import type { Channel, OutgoingMessage } from './channels.ts';
import { claimMessages, deliver } from './outbox.ts';
import { claimTimers, fireTimer, type TimerHandler } from './timers.ts';

export interface WorkerOptions {
  handlers: Record<string, TimerHandler>;
  channels: Partial<Record<OutgoingMessage['channel'], Channel>>;
  now?: () => number;
  /** How often to look for due work when idle. */
  intervalMs?: number;
  batch?: number;
  log?: import('../observability/log.ts').Logger;
  /**
   * Work found by looking rather than by a timer (recounting deadlines after a calendar is published, reminders),
   * run after the timers and the outbox on every pass; each returns how much it did and runs again while it does.
   */
  chores?: Array<{ name: string; run(now: number): Promise<number> }>;
}

export interface TickResult {
  fired: number;
  delivered: number;
  retried: number;
  failed: number;
  /** Rounds of chores that found work. */
  chores?: number;
}

/**
 * Fires due timers and delivers the outbox. Any number of workers, in one process or many, share the work
 * safely: each claims with FOR UPDATE SKIP LOCKED and a lease.
 */
export class Worker {
  readonly id = `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  private running: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly db: Db,
    private readonly options: WorkerOptions
  ) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** One pass: everything due now, in batches, until nothing is left. */
  async tick(): Promise<TickResult> {
    const result: TickResult = { fired: 0, delivered: 0, retried: 0, failed: 0 };
    const batch = this.options.batch ?? 50;
    for (;;) {
      const timers = await claimTimers(this.db, this.id, this.now(), batch);
      for (const timer of timers) {
        try {
          if (await fireTimer(this.db, timer, this.options.handlers, this.now(), this.id)) result.fired++;
        } catch (error) {
          // The lease runs out and the timer is taken again; a conflict with a command usually clears at once.
          this.options.log?.({
            level: 'warn',
            msg: 'timer failed',
            kind: timer.kind,
            key: timer.key,
            error: String(error)
          });
        }
      }
      const messages = await claimMessages(this.db, this.id, this.now(), batch);
      for (const message of messages) {
        const outcome = await deliver(this.db, message, this.options.channels, this.id, () => this.now());
        if (outcome === 'sent') result.delivered++;
        else if (outcome === 'retry') result.retried++;
        else if (outcome === 'failed') {
          result.failed++;
          this.options.log?.({
            level: 'error',
            msg: 'message failed for good',
            id: message.id,
            channel: message.channel
          });
        }
      }
      if (timers.length < batch && messages.length < batch) break;
    }
    for (const chore of this.options.chores ?? []) {
      try {
        // Bounded: a chore that keeps finding the same work must not hold the pass for ever.
        for (let round = 0; round < 20 && (await chore.run(this.now())) > 0; round++)
          result.chores = (result.chores ?? 0) + 1;
      } catch (error) {
        this.options.log?.({ level: 'warn', msg: 'chore failed', chore: chore.name, error: String(error) });
      }
    }
    return result;
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = (async () => {
      while (!this.stopping) {
        try {
          await this.tick();
        } catch (error) {
          this.options.log?.({ level: 'error', msg: 'worker pass failed', error: String(error) });
        }
        if (this.stopping) break;
        await new Promise<void>(resolve => {
          const timer = setTimeout(resolve, this.options.intervalMs ?? 1_000);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    })();
  }

  /** Finishes the pass in progress, then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = undefined;
  }
}
