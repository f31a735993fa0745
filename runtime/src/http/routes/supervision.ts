import { z } from 'zod';
import { auditRead } from '../../platform/audit-reads.ts';
import { supervisedDepartment } from '../../cases/index.ts';
import type { Services } from '../../cases/index.ts';
import { supervisionEvents } from '../../supervision/index.ts';
import type { Api } from '../api.ts';
import { forbidden } from '../../web/errors.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import { performanceRoutes } from './performance.ts';
import { supervisionHandlingRoutes } from './supervision-handling.ts';
import { HandlingStateSchema, SupervisionList } from './supervision-schemas.ts';

/** Supervision: warnings, cards and anomalies, and performance figures; a department's own, or all for the bureau. */
export function supervisionRoutes(api: Api, s: Services): void {
  api.route(
    {
      method: 'get',
      path: '/api/supervision/events',
      group: 'supervision',
      access: 'staff',
      summary: '预警、黄牌、红牌与异常，及其处理状态（本部门；效能督查局可看全部）',
      query: z.object({
        department: z.string().max(50).optional(),
        level: z.enum(['warning', 'yellowCard', 'redCard', 'anomaly']).optional(),
        handling: HandlingStateSchema.optional(),
        before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100)
      }),
      response: SupervisionList
    },
    async (c, { query, principal }) => {
      const scope = supervisedDepartment(principal);
      if (!scope) throw forbidden('只有监察人员可以查看监察信息。');
      if (scope !== 'all' && query.department && query.department !== scope)
        throw forbidden('只能查看本部门的监察信息。');
      const department = scope === 'all' ? (query.department ?? null) : scope;
      const page = await supervisionEvents(s.db, {
        department,
        level: query.level,
        handling: query.handling,
        before: query.before,
        limit: query.limit
      });
      // The console reads this every ten seconds: a repeated read is recorded once per ten minutes.
      await auditRead(
        s.db,
        {
          actor: principal,
          action: 'supervision.read',
          outcome: 'ok',
          target: department ?? 'all',
          ip: ip(c),
          detail: { level: query.level ?? null, handling: query.handling ?? null, before: query.before ?? null }
        },
        s.now()
      );
      return c.json(page);
    }
  );

  performanceRoutes(api, s);
  supervisionHandlingRoutes(api, s);
}
