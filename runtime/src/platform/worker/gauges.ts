import type { Sql } from '../db/db.ts';

/** How much work waits: timers due and not fired, messages pending and failed for good, as Prometheus gauges. */
export async function workQueueGauges(db: Sql) {
  const [row] = await db.query<{ timers: number; outbox: number; failed: number }>(
    `select (select count(*) from timers where fired_at is null and cancelled_at is null and due_at <= now())::int as timers,
            (select count(*) from outbox where status = 'pending')::int as outbox,
            (select count(*) from outbox where status = 'failed')::int as failed`
  );
  return [
    { name: 'banshi_timers_due', help: 'Timers due and not yet fired', value: row?.timers ?? 0 },
    { name: 'banshi_outbox_pending', help: 'Messages waiting to be delivered', value: row?.outbox ?? 0 },
    { name: 'banshi_outbox_failed', help: 'Messages that failed for good', value: row?.failed ?? 0 }
  ];
}
