import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../platform/db/db.ts';
import { Refusal } from '../platform/refusal.ts';
import { isoOrNull as iso } from '../platform/time.ts';
import { feedHead } from './feed.ts';
import { checkWebhookUrl, type WebhookUrlPolicy } from './webhook-url.ts';

interface SubscriptionRow {
  id: string;
  owner_id: string;
  owner_name: string | null;
  url: string;
  kinds: string[];
  active: boolean;
  created_at: Date;
  disabled_at: Date | null;
}

const subscriptionColumns = `s.id, s.owner_id, u.name as owner_name, s.url, s.kinds, s.active, s.created_at, s.disabled_at`;

function subscription(r: SubscriptionRow) {
  return {
    id: r.id,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    url: r.url,
    kinds: r.kinds,
    active: r.active,
    createdAt: iso(r.created_at)!,
    disabledAt: iso(r.disabled_at)
  };
}

/**
 * Subscribes `url` to feed items of `kinds` for the exchange account `ownerId`. The secret is made here and
 * returned this once; it signs every delivery. The subscription receives items committed from now on.
 */
export async function createSubscription(
  db: Db,
  input: { ownerId: string; url: string; kinds: string[] },
  policy: WebhookUrlPolicy,
  now: number
) {
  const url = await checkWebhookUrl(input.url, policy);
  const id = randomUUID();
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const head = await feedHead(db);
  await db.query(
    `insert into webhook_subscriptions (id, owner_id, url, kinds, secret, start_xid, created_at)
     values ($1, $2, $3, $4::jsonb, $5, $6, $7)`,
    [id, input.ownerId, url, JSON.stringify([...new Set(input.kinds)]), secret, head.xid, new Date(now).toISOString()]
  );
  const [row] = await db.query<SubscriptionRow>(
    `select ${subscriptionColumns} from webhook_subscriptions s left join users u on u.id = s.owner_id where s.id = $1`,
    [id]
  );
  return { ...subscription(row!), secret };
}

/** Subscriptions, newest first: one owner's, or (for the bureau) everyone's. */
export async function listSubscriptions(db: Db, ownerId: string | undefined) {
  const rows = await db.query<SubscriptionRow>(
    `select ${subscriptionColumns} from webhook_subscriptions s left join users u on u.id = s.owner_id
     where $1::uuid is null or s.owner_id = $1 order by s.created_at desc, s.id`,
    [ownerId ?? null]
  );
  return rows.map(subscription);
}

/** One subscription as `viewer` may see it: its owner, or anyone when `viewer` is undefined (the bureau). */
async function visible(db: Db, id: string, ownerId: string | undefined) {
  const [row] = await db.query<SubscriptionRow>(
    `select ${subscriptionColumns} from webhook_subscriptions s left join users u on u.id = s.owner_id
     where s.id = $1 and ($2::uuid is null or s.owner_id = $2)`,
    [id, ownerId ?? null]
  );
  if (!row) throw new Refusal('notFound', 'webhook.not-found', '没有这个推送订阅。');
  return row;
}

/** Stops a subscription: nothing new is queued for it, and its pending deliveries are not attempted again. */
export async function disableSubscription(db: Db, id: string, ownerId: string, now: number) {
  const row = await visible(db, id, ownerId);
  if (!row.active) throw new Refusal('conflict', 'webhook.disabled', '这个推送订阅已停用。');
  await db.query(`update webhook_subscriptions set active = false, disabled_at = $2 where id = $1 and active`, [
    id,
    new Date(now).toISOString()
  ]);
  return subscription((await visible(db, id, ownerId)) as SubscriptionRow);
}

interface DeliveryRow {
  id: string;
  position: string;
  item_type: string;
  case_id: string | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: Date;
  delivered_at: Date | null;
  created_at: Date;
  log: Array<{ attempt: number; at: string; status_code: number | null; error: string | null; duration_ms: number }>;
}

/** The delivery log of one subscription, newest first, each delivery with its attempts. */
export async function deliveryLog(db: Db, subscriptionId: string, ownerId: string | undefined, limit: number) {
  const sub = await visible(db, subscriptionId, ownerId);
  const rows = await db.query<DeliveryRow>(
    `select d.id, d.position, d.item_type, d.case_id, d.status, d.attempts, d.last_status, d.last_error,
            d.next_attempt_at, d.delivered_at, d.created_at,
            coalesce((select jsonb_agg(jsonb_build_object('attempt', a.attempt, 'at', a.at, 'status_code', a.status_code,
                       'error', a.error, 'duration_ms', a.duration_ms) order by a.attempt)
                      from webhook_attempts a where a.delivery_id = d.id), '[]'::jsonb) as log
     from webhook_deliveries d where d.subscription_id = $1
     order by d.created_at desc, d.position desc limit $2`,
    [subscriptionId, limit]
  );
  return {
    subscription: subscription(sub),
    deliveries: rows.map(r => ({
      id: r.id,
      position: r.position,
      type: r.item_type,
      caseId: r.case_id,
      status: r.status,
      attempts: r.attempts,
      lastStatus: r.last_status,
      lastError: r.last_error,
      nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null,
      deliveredAt: iso(r.delivered_at),
      createdAt: iso(r.created_at)!,
      log: r.log.map(a => ({
        attempt: a.attempt,
        at: new Date(a.at).toISOString(),
        statusCode: a.status_code,
        error: a.error,
        durationMs: a.duration_ms
      }))
    }))
  };
}
