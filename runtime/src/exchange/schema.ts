import { z } from 'zod';
import type { Event } from '../cases/index.ts';

/** Case event types the feed carries (every event but `SupervisionRaised`, which arrives as a supervision item). */
export const caseItemTypes = [
  'Submitted',
  'PreReviewPassed',
  'CorrectionRequested',
  'Resubmitted',
  'PaperConfirmed',
  'Accepted',
  'Refused',
  'StageOpinionRecorded',
  'StepCompleted',
  'StepReturned',
  'CoApprovalDistributed',
  'CoApproverAnswered',
  'CoApprovalConsolidated',
  'HandedOff',
  'SpecialProcedureStarted',
  'SpecialProcedureEnded',
  'OverdueExplained',
  'Extended',
  'ExtensionRequested',
  'ExtensionRefused',
  'Withdrawn',
  'Decided',
  'Delivered',
  'DeliveryFailed',
  'DeadlinesRecounted',
  'Completed',
  'Archived'
] as const;
/** Every event type but SupervisionRaised is listed: an event added to the engine and not here does not compile. */
export const everyCaseEventListed: Exclude<
  Event['type'],
  'SupervisionRaised' | (typeof caseItemTypes)[number]
> extends never
  ? true
  : never = true;

/** Supervision items: `supervision.<level>`, the levels of supervision_events. */
export const supervisionItemTypes = [
  'supervision.warning',
  'supervision.yellowCard',
  'supervision.redCard',
  'supervision.anomaly'
] as const;

/** What a webhook subscription may name: an item type, or every item of one source. */
export const webhookKinds = ['case.*', 'supervision.*', ...caseItemTypes, ...supervisionItemTypes] as const;
export type WebhookKind = (typeof webhookKinds)[number];

/** Whether an item of `type` from `source` is one a subscription to `kinds` receives. */
export function kindMatches(kinds: readonly string[], source: 'case' | 'supervision', type: string): boolean {
  return kinds.includes(`${source}.*`) || kinds.includes(type);
}

/** One item of the exchange feed, as `GET /api/exchange/feed` lists it and a webhook carries it. */
export const FeedItem = z
  .object({
    position: z.string().describe('该条在事件流中的位置（不透明游标，可作为 cursor 从其后续读）'),
    source: z.enum(['case', 'supervision']).describe('case 办件事件；supervision 监察事件'),
    caseId: z.uuid().nullable(),
    caseNumber: z.string().nullable().describe('办件编号'),
    matterCode: z.string().nullable().describe('事项编码'),
    department: z.string().nullable().describe('承办部门'),
    type: z.string().describe('事件类型：办件事件如 Submitted、Accepted；监察事件为 supervision.<级别>'),
    seq: z.number().int().nullable().describe('办件事件在该办件中的序号；监察事件为 null'),
    at: z.iso.datetime().describe('事件发生时间（UTC）'),
    payload: z
      .record(z.string(), z.unknown())
      .describe('事件内容：不含申请人身份（姓名、证件号、信用代码、手机号已遮蔽），办理人为工作人员时含姓名与部门')
  })
  .meta({ title: '数据共享事件' });

export const FeedPage = z
  .object({
    items: z.array(FeedItem),
    next: z.string().describe('下一页的游标，原样传回即可续读'),
    more: z.boolean().describe('是否可能还有更多（本页已满）')
  })
  .meta({ title: '数据共享事件流的一页' });

/**
 * The body a webhook POSTs. Headers: `X-Banshi-Delivery` (the delivery id, the same on every attempt: the receiver's
 * idempotency key), `X-Banshi-Timestamp` (Unix seconds), `X-Banshi-Signature: sha256=<hex>`, the HMAC-SHA256 with
 * the subscription's secret of `<timestamp>.<body>`.
 */
export const WebhookBody = z
  .object({
    schema: z.literal('banshi.exchange.webhook/1'),
    deliveryId: z.uuid().describe('投递编号，与 X-Banshi-Delivery 相同；重试时不变，接收方据此去重'),
    subscriptionId: z.uuid().describe('订阅编号'),
    item: FeedItem
  })
  .meta({ title: '数据共享推送（Webhook）请求体' });

/** The exchange format as JSON Schema (draft 2020-12): the feed item, a page of the feed, and the webhook body. */
export function exchangeJsonSchema(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  registry.add(FeedItem, { id: 'ExchangeFeedItem' });
  registry.add(FeedPage, { id: 'ExchangeFeedPage' });
  registry.add(WebhookBody, { id: 'ExchangeWebhookBody' });
  const { schemas } = z.toJSONSchema(registry, { uri: id => `#/$defs/${id}` });
  const defs = Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _s, $id: _i, ...rest } = schema as Record<string, unknown>;
      return [id, rest];
    })
  );
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'banshi.exchange/1',
    title: '办事 Banshi 数据共享格式',
    description:
      '事件流（GET /api/exchange/feed）的每一条与 Webhook 推送的请求体。推送的请求头：X-Banshi-Delivery（投递编号，重试时不变）、X-Banshi-Timestamp（Unix 秒）、X-Banshi-Signature: sha256=<十六进制>，即以订阅密钥对“<时间戳>.<请求体>”计算的 HMAC-SHA256。',
    $defs: defs,
    'x-webhook-kinds': webhookKinds
  };
}
