import { Gauge, type Registry } from 'prom-client';
import type { Sql } from '../db/db.ts';

interface QueueDepths {
  timers: number;
  outbox: number;
  failed: number;
}

/**
 * How much work waits, as Prometheus gauges read at scrape time: timers due and not fired, messages pending, and
 * messages that failed for good. One query per scrape serves all three.
 */
export function registerWorkQueueGauges(registry: Registry, db: Sql): void {
  let reading: Promise<QueueDepths> | undefined;
  // The registry collects every metric concurrently: the three gauges share the scrape's one query.
  const read = () =>
    (reading ??= db
      .query<QueueDepths>(
        `select (select count(*) from timers where fired_at is null and cancelled_at is null and due_at <= now())::int as timers,
                (select count(*) from outbox where status = 'pending')::int as outbox,
                (select count(*) from outbox where status = 'failed')::int as failed`
      )
      .then(([row]) => row ?? { timers: 0, outbox: 0, failed: 0 })
      .finally(() => {
        reading = undefined;
      }));
  const gauge = (name: string, help: string, pick: (d: QueueDepths) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      // Every process of several reads the same database: their figures are one figure, not a sum.
      aggregator: 'max',
      async collect() {
        this.set(pick(await read()));
      }
    });
  gauge('banshi_timers_due', 'Timers due and not yet fired', d => d.timers);
  gauge('banshi_outbox_pending', 'Messages waiting to be delivered', d => d.outbox);
  gauge('banshi_outbox_failed', 'Messages that failed for good', d => d.failed);
}
