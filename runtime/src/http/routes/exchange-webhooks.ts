import { z } from 'zod';
import { audit } from '../../platform/audit.ts';
import { hasDuty, type Principal } from '../../accounts/index.ts';
import type { Services } from '../../cases/index.ts';
import {
  createSubscription,
  deliveryLog,
  disableSubscription,
  exchangeJsonSchema,
  listSubscriptions,
  webhookKinds,
  type WebhookUrlPolicy
} from '../../exchange/index.ts';
import type { Api } from '../api.ts';
import { forbidden } from '../../web/errors.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import { ExchangeSchemaDocument } from './document-schemas.ts';

const Subscription = z.object({
  id: z.uuid(),
  ownerId: z.uuid(),
  ownerName: z.string().nullable(),
  url: z.string(),
  kinds: z.array(z.string()),
  active: z.boolean(),
  createdAt: z.iso.datetime(),
  disabledAt: z.iso.datetime().nullable()
});

const Created = Subscription.extend({
  secret: z.string().describe('签名密钥：仅在创建时显示这一次，请妥善保存')
});

const Attempt = z.object({
  attempt: z.number().int(),
  at: z.iso.datetime(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int()
});

const Delivery = z.object({
  id: z.uuid(),
  position: z.string(),
  type: z.string(),
  caseId: z.uuid().nullable(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  log: z.array(Attempt)
});

const SubscriptionId = z.object({ id: z.uuid({ error: '订阅编号格式不正确' }) });

/**
 * Webhooks (`/api/exchange/webhooks`, issue 16): the exchange account subscribes its systems' URLs to kinds of feed
 * items, lists and disables its subscriptions and reads their delivery log; the bureau reads every subscription
 * and log. The exchange format is published as JSON Schema beside the OpenAPI document.
 */
export function exchangeWebhookRoutes(api: Api, s: Services, policy: WebhookUrlPolicy): void {
  const deny = async (c: { env: unknown; req: { path: string } }, principal: Principal, message: string) => {
    await audit(s.db, {
      actor: principal,
      action: 'exchange.access',
      outcome: 'denied',
      target: c.req.path,
      ip: ip(c)
    });
    return forbidden(message);
  };
  /** The exchange account acts on its own subscriptions; the bureau reads everyone's. */
  const reader = async (c: { env: unknown; req: { path: string } }, principal: Principal) => {
    if (hasDuty(principal, 'exchange')) return principal.id;
    if (hasDuty(principal, 'bureau')) return undefined;
    throw await deny(c, principal, '推送订阅及其投递记录仅限数据共享接口账号和市效能督查局查看。');
  };
  const owner = async (c: { env: unknown; req: { path: string } }, principal: Principal) => {
    if (hasDuty(principal, 'exchange')) return principal.id;
    throw await deny(c, principal, '推送订阅只能由数据共享接口账号创建和停用。');
  };

  api.route(
    {
      method: 'get',
      path: '/api/exchange/schema.json',
      group: 'exchange',
      access: 'public',
      summary: '数据共享格式（JSON Schema）：事件流的每一条与 Webhook 推送的请求体、签名方法',
      response: ExchangeSchemaDocument
    },
    c => c.json(exchangeJsonSchema())
  );

  api.route(
    {
      method: 'post',
      path: '/api/exchange/webhooks',
      group: 'exchange',
      access: 'staff',
      summary: '创建推送订阅：向回调地址推送所选类型的事件（签名密钥仅在此时返回一次）',
      body: z.object({
        url: z.string().trim().min(1, '请填写回调地址').max(2000, '回调地址过长'),
        kinds: z
          .array(z.enum(webhookKinds, { error: '事件类型不正确' }))
          .min(1, '请至少选择一种事件类型')
          .max(webhookKinds.length)
      }),
      response: Created
    },
    async (c, { body, principal }) => {
      const ownerId = await owner(c, principal);
      const created = await createSubscription(s.db, { ownerId, url: body.url, kinds: body.kinds }, policy, s.now());
      await audit(s.db, {
        actor: principal,
        action: 'exchange.webhook.create',
        outcome: 'ok',
        target: created.id,
        ip: ip(c),
        detail: { url: created.url, kinds: created.kinds }
      });
      return c.json(created, 201);
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/exchange/webhooks',
      group: 'exchange',
      access: 'staff',
      summary: '推送订阅列表（数据共享接口账号看本账号的；市效能督查局看全部）',
      response: z.object({ subscriptions: z.array(Subscription) })
    },
    async (c, { principal }) => {
      const ownerId = await reader(c, principal);
      return c.json({ subscriptions: await listSubscriptions(s.db, ownerId) });
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/exchange/webhooks/:id/disable',
      group: 'exchange',
      access: 'staff',
      summary: '停用推送订阅：不再推送，未完成的投递不再重试',
      params: SubscriptionId,
      response: Subscription
    },
    async (c, { params, principal }) => {
      const ownerId = await owner(c, principal);
      const disabled = await disableSubscription(s.db, params.id, ownerId, s.now());
      await audit(s.db, {
        actor: principal,
        action: 'exchange.webhook.disable',
        outcome: 'ok',
        target: params.id,
        ip: ip(c)
      });
      return c.json(disabled);
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/exchange/webhooks/:id/deliveries',
      group: 'exchange',
      access: 'staff',
      summary: '推送投递记录：每条事件的投递状态与每次尝试（接收方答复的状态码、错误）',
      params: SubscriptionId,
      query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
      response: z.object({ subscription: Subscription, deliveries: z.array(Delivery) })
    },
    async (c, { params, query, principal }) => {
      const ownerId = await reader(c, principal);
      return c.json(await deliveryLog(s.db, params.id, ownerId, query.limit));
    }
  );
}
