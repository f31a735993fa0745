import { createHmac, randomUUID } from 'node:crypto';
import type { Db, Sql } from '../platform/db/db.ts';
import { decodeCursor, type Position } from './cursor.ts';
import { readFeed } from './feed.ts';
import { kindMatches } from './schema.ts';
import { checkWebhookUrl, type WebhookUrlPolicy } from './webhook-url.ts';

/** Waits after the 1st, 2nd, … failed attempt: 1 min, 5 min, 30 min, 2 h, 6 h, then 12 h at most. */
export const retryDelaysMs = [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000];
/** After this many attempts a delivery is marked failed (about two days of trying). */
export const maxWebhookAttempts = 8;
/** How long a receiver has to answer. */
export const webhookTimeoutMs = 10_000;
/** Longer than a batch can take: its requests go out together, each with its timeout. */
const leaseMs = 300_000;

export interface WebhookOptions extends WebhookUrlPolicy {
  fetch?: typeof fetch;
  batch?: number;
}

/** `sha256=<hex>`: the HMAC-SHA256 of `<timestamp>.<body>` with the subscription's secret. */
export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const after = (a: Position, b: Position) =>
  a.xid !== b.xid ? a.xid > b.xid : a.source !== b.source ? a.source > b.source : a.id > b.id;

/**
 * Follows the feed from where the last pass stopped and queues a delivery of each item for every active
 * subscription that asks for its kind and was made before the item's transaction. One transaction holds the cursor
 * row, so two workers never queue the same page twice (and a delivery is unique per subscription and position).
 */
export async function queueDeliveries(db: Db, now: number, limit = 200): Promise<number> {
  return db.transaction(async tx => {
    const subs = await tx.query<{ id: string; kinds: string[]; start_xid: string | number }>(
      `select id, kinds, start_xid from webhook_subscriptions where active`
    );
    if (subs.length === 0) return 0;
    const [cursor] = await tx.query<{ xid: string; source: number; id: string }>(
      `select xid, source, id from webhook_feed_cursor for update`
    );
    let from: Position = { xid: Number(cursor!.xid), source: cursor!.source as 0 | 1, id: Number(cursor!.id) };
    // Nothing before the oldest active subscription is anyone's: skip it rather than read it.
    const earliest: Position = { xid: Math.min(...subs.map(s => Number(s.start_xid))), source: 0, id: 0 };
    if (after(earliest, from)) from = earliest;
    const page = await readFeed(tx, from, limit);
    for (const item of page.items) {
      const position = decodeCursor(item.position)!;
      for (const sub of subs) {
        if (position.xid < Number(sub.start_xid) || !kindMatches(sub.kinds, item.source, item.type)) continue;
        const id = randomUUID();
        const body = JSON.stringify({
          schema: 'banshi.exchange.webhook/1',
          deliveryId: id,
          subscriptionId: sub.id,
          item
        });
        await tx.query(
          `insert into webhook_deliveries (id, subscription_id, position, item_type, case_id, body, next_attempt_at, created_at)
           values ($1, $2, $3, $4, $5, $6, $7, $7) on conflict (subscription_id, position) do nothing`,
          [id, sub.id, item.position, item.type, item.caseId, body, new Date(now).toISOString()]
        );
      }
    }
    const next = decodeCursor(page.next)!;
    await tx.query(`update webhook_feed_cursor set xid = $1, source = $2, id = $3`, [next.xid, next.source, next.id]);
    return page.items.length;
  });
}

interface Due {
  id: string;
  subscription_id: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
  active: boolean;
}

async function claim(db: Db, owner: string, now: number, limit: number): Promise<Due[]> {
  return db.query<Due>(
    `with due as (
       select id from webhook_deliveries
       where status = 'pending' and next_attempt_at <= $3 and (lease_until is null or lease_until < $3)
       order by next_attempt_at, position limit $4 for update skip locked),
     claimed as (
       update webhook_deliveries d set lease_owner = $1, lease_until = $2 from due where d.id = due.id
       returning d.id, d.subscription_id, d.body, d.attempts)
     select c.id, c.subscription_id, c.body, c.attempts, s.url, s.secret, s.active
     from claimed c join webhook_subscriptions s on s.id = c.subscription_id`,
    [owner, new Date(now + leaseMs).toISOString(), new Date(now).toISOString(), limit]
  );
}

type Outcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'retry'; status: number | null; error: string }
  | { kind: 'fail'; status: number | null; error: string };

/** One POST: 2xx delivered; 5xx, 408, 429, a timeout or a network error retried; any other answer failed. */
async function post(d: Due, now: number, options: WebhookOptions): Promise<Outcome> {
  if (!d.active) return { kind: 'fail', status: null, error: '订阅已停用' };
  try {
    await checkWebhookUrl(d.url, options);
  } catch (error) {
    return { kind: 'fail', status: null, error: (error as Error).message };
  }
  const timestamp = String(Math.floor(now / 1000));
  try {
    const response = await (options.fetch ?? fetch)(d.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Banshi-Webhook/1',
        'x-banshi-delivery': d.id,
        'x-banshi-timestamp': timestamp,
        'x-banshi-signature': signature(d.secret, timestamp, d.body)
      },
      body: d.body,
      // A redirect is not followed: it could lead into the internal network.
      redirect: 'manual',
      signal: AbortSignal.timeout(webhookTimeoutMs)
    });
    await response.body?.cancel().catch(() => {});
    const status = response.status;
    if (status >= 200 && status < 300) return { kind: 'delivered', status };
    if (status >= 500 || status === 408 || status === 429)
      return { kind: 'retry', status, error: `接收方答复 ${status}` };
    return { kind: 'fail', status, error: `接收方答复 ${status}，不再重试` };
  } catch (error) {
    const e = error as Error;
    const reason =
      e.name === 'TimeoutError' ? `接收方 ${webhookTimeoutMs / 1000} 秒内未答复` : `无法连接接收方：${e.message}`;
    return { kind: 'retry', status: null, error: reason.slice(0, 500) };
  }
}

/**
 * Attempts a batch of due deliveries once, their requests together (a receiver that does not answer holds the
 * batch for one timeout, not one per delivery); records each attempt. Returns how many were attempted and delivered.
 */
export async function attemptDeliveries(
  db: Db,
  owner: string,
  now: number,
  options: WebhookOptions
): Promise<{ attempted: number; delivered: number }> {
  const due = await claim(db, owner, now, options.batch ?? 20);
  const results = await Promise.all(
    due.map(async d => {
      const started = performance.now();
      const outcome = await post(d, now, options);
      return { d, outcome, ms: Math.round(performance.now() - started) };
    })
  );
  for (const { d, outcome, ms } of results) {
    const attempt = d.attempts + 1;
    const give = outcome.kind === 'fail' || (outcome.kind === 'retry' && attempt >= maxWebhookAttempts);
    const status = outcome.kind === 'delivered' ? 'delivered' : give ? 'failed' : 'pending';
    const wait = retryDelaysMs[Math.min(attempt - 1, retryDelaysMs.length - 1)]!;
    await db.transaction(async (tx: Sql) => {
      const updated = await tx.query(
        `update webhook_deliveries set attempts = $3, status = $4, last_status = $5, last_error = $6,
           next_attempt_at = $7, delivered_at = $8, lease_owner = null, lease_until = null
         where id = $1 and lease_owner = $2 and status = 'pending' returning 1`,
        [
          d.id,
          owner,
          attempt,
          status,
          outcome.status,
          outcome.kind === 'delivered' ? null : outcome.error,
          new Date(now + (status === 'pending' ? wait : 0)).toISOString(),
          outcome.kind === 'delivered' ? new Date(now).toISOString() : null
        ]
      );
      // Lost the lease (a pass that took too long): the other worker records its own attempt.
      if (updated.length === 0) return;
      await tx.query(
        `insert into webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms) values ($1, $2, $3, $4, $5, $6)`,
        [
          d.id,
          attempt,
          new Date(now).toISOString(),
          outcome.status,
          outcome.kind === 'delivered' ? null : outcome.error,
          ms
        ]
      );
    });
  }
  return { attempted: due.length, delivered: results.filter(r => r.outcome.kind === 'delivered').length };
}

/**
 * The worker's chore: queue what the feed brought, then attempt what is due. It counts only what moved on (items
 * queued, deliveries made), so a pass does not keep trying receivers that fail: they wait for their next attempt.
 */
export function webhookChore(db: Db, owner: string, options: WebhookOptions) {
  return {
    name: 'webhooks',
    run: async (now: number) =>
      (await queueDeliveries(db, now)) + (await attemptDeliveries(db, owner, now, options)).delivered
  };
}
