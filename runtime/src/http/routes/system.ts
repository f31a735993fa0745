import { z } from 'zod';
import type { Metrics } from '../../platform/observability/metrics.ts';
import type { Services } from '../../cases/index.ts';
import { databaseAnswers } from '../../platform/db/db.ts';
import type { Api } from '../api.ts';
import { forbidden } from '../../web/errors.ts';
import { hasDuty } from '../../accounts/index.ts';

/** Health for load balancers, metrics for Prometheus. */
export function systemRoutes(api: Api, s: Services, metrics: Metrics | undefined): void {
  api.route(
    {
      method: 'get',
      path: '/api/health',
      group: 'system',
      access: 'public',
      summary: '健康检查（数据库可用、目录已载入）',
      response: z.object({
        status: z.literal('ok'),
        database: z.enum(['postgres', 'pglite']),
        matters: z.number().int().describe('已载入的事项数')
      }),
      otherResponses: {
        '503': {
          description: '数据库不可用',
          schema: z.object({ status: z.literal('unavailable'), database: z.literal('down') })
        }
      }
    },
    async c => {
      if (!(await databaseAnswers(s.db))) return c.json({ status: 'unavailable', database: 'down' }, 503);
      return c.json({ status: 'ok', database: s.db.kind, matters: s.registry.all().length });
    }
  );

  // Prometheus scrapes with a bearer token (METRICS_TOKEN); staff with the admin or bureau duty may look too.
  api.route(
    {
      method: 'get',
      path: '/metrics',
      group: 'system',
      access: 'public',
      summary: 'Prometheus 指标',
      produces: 'text/plain'
    },
    async (c, { principal }) => {
      const token = process.env.METRICS_TOKEN;
      const bearer = c.req.header('authorization')?.replace(/^Bearer\s+/i, '');
      const allowed = (token && bearer === token) || hasDuty(principal, 'admin') || hasDuty(principal, 'bureau');
      if (!allowed) throw forbidden('需要指标访问令牌（METRICS_TOKEN）。');
      return c.text(metrics ? await metrics.render() : '', 200, { 'content-type': 'text/plain; version=0.0.4' });
    }
  );
}
