import { z } from 'zod';
import { audit } from '../../platform/audit.ts';
import { hasDuty, type Principal } from '../../accounts/index.ts';
import type { Services } from '../../cases/index.ts';
import { dailyExport, decodeCursor, feedStart, readFeed, type WebhookUrlPolicy } from '../../exchange/index.ts';
import { exchangeWebhookRoutes } from './exchange-webhooks.ts';
import type { Api } from '../api.ts';
import { ApiError, forbidden } from '../../web/errors.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import { Feed } from './case-schemas.ts';

/** Data exchange (`/api/exchange`): the case and supervision feed, and the daily export of case records. */
export function exchangeRoutes(api: Api, s: Services, webhooks: WebhookUrlPolicy = { allowLoopback: false }): void {
  const gate = async (c: { env: unknown; req: { path: string } }, principal: Principal) => {
    if (!hasDuty(principal, 'exchange') && !hasDuty(principal, 'bureau') && !hasDuty(principal, 'admin')) {
      await audit(s.db, {
        actor: principal,
        action: 'exchange.access',
        outcome: 'denied',
        target: c.req.path,
        ip: ip(c)
      });
      throw forbidden('数据交换接口仅限数据共享接口账号、市效能督查局和系统管理员使用。');
    }
  };

  api.route(
    {
      method: 'get',
      path: '/api/exchange/feed',
      response: Feed,
      group: 'exchange',
      access: 'staff',
      summary: '办件与监察事件流：按游标顺序读取，每条恰好一次（next 原样传回即可续读）',
      query: z.object({
        cursor: z.string().max(200).optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(200)
      })
    },
    async (c, { query, principal }) => {
      await gate(c, principal);
      const after = query.cursor ? decodeCursor(query.cursor) : feedStart;
      if (!after)
        throw new ApiError(
          400,
          'exchange.cursor-invalid',
          '游标无效：请使用上一页返回的 next 原样传回，或不带游标从头读取。'
        );
      const page = await readFeed(s.db, after, query.limit);
      await audit(s.db, {
        actor: principal,
        action: 'exchange.feed',
        outcome: 'ok',
        target: query.cursor ?? 'start',
        ip: ip(c),
        detail: { items: page.items.length }
      });
      return c.json(page);
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/exchange/export/:date',
      group: 'exchange',
      access: 'staff',
      produces: 'application/x-ndjson',
      summary: '每日办件数据（北京时间当日新建或有变化的办件，JSON Lines：首行为说明，其后每行一个办件）',
      params: z.object({
        date: z.iso
          .date({ error: '日期格式应为 YYYY-MM-DD' })
          .refine(d => d >= '2000-01-01' && d <= '2099-12-31', '日期应在 2000 年至 2099 年之间')
      })
    },
    async (c, { params, principal }) => {
      await gate(c, principal);
      const { header, records } = await dailyExport(s, params.date);
      await audit(s.db, {
        actor: principal,
        action: 'exchange.export',
        outcome: 'ok',
        target: params.date,
        ip: ip(c),
        detail: { cases: records.length }
      });
      const body = [header, ...records].map(line => JSON.stringify(line)).join('\n') + '\n';
      return c.body(body, 200, {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'content-disposition': `attachment; filename="banshi-cases-${params.date}.jsonl"`
      });
    }
  );

  exchangeWebhookRoutes(api, s, webhooks);
}
