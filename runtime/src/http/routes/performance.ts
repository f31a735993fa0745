import type { Context } from 'hono';
import { supervisedDepartment, type Services } from '../../cases/index.ts';
import { audit } from '../../platform/audit.ts';
import { casesBehind, measurePerformance, performanceCsv, performanceXlsx, periodOf } from '../../supervision/index.ts';
import type { Principal } from '../../accounts/index.ts';
import type { AppEnv } from '../../web/env.ts';
import { forbidden } from '../../web/errors.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import type { Api } from '../api.ts';
import { performanceReportRoutes } from './performance-report.ts';
import {
  PerformanceCasesQuery,
  PerformanceCasesResponse,
  PerformanceQuery,
  PerformanceResponse,
  PerformanceRowsQuery
} from './performance-schemas.ts';

type Query = Omit<import('zod').infer<typeof PerformanceQuery>, 'by'> & { by?: 'department' | 'matter' };

/** A supervisor sees its own department, the bureau (效能督查局) every department. */
function scopeOf(principal: Principal, query: Query) {
  const scope = supervisedDepartment(principal);
  if (!scope) throw forbidden('只有监察人员可以查看绩效测评。');
  if (scope !== 'all' && query.department && query.department !== scope) throw forbidden('只能查看本部门的绩效测评。');
  const period = periodOf(query.period, { from: query.from, to: query.to });
  return {
    department: scope === 'all' ? (query.department ?? null) : scope,
    matter: query.matter ?? null,
    period,
    by: query.by ?? 'department'
  };
}

const periodJson = (p: ReturnType<typeof periodOf>) => ({
  label: p.label,
  from: p.from === undefined ? null : new Date(p.from).toISOString(),
  to: p.to === undefined ? null : new Date(p.to).toISOString()
});

async function audited(s: Services, c: Context<AppEnv>, principal: Principal, target: string) {
  await audit(s.db, { actor: principal, action: 'supervision.performance', outcome: 'ok', target, ip: ip(c) });
}

/** 绩效测评 (seed 002 六、绩效评估): the figures per department or matter, their export, and the cases behind each. */
export function performanceRoutes(api: Api, s: Services): void {
  api.route(
    {
      method: 'get',
      path: '/api/supervision/performance',
      group: 'supervision',
      access: 'staff',
      summary:
        '绩效测评：按部门或事项、按月/季/年统计收件、受理、办结，对照承诺与法定时限的提前/按时/超期，平均用时，补正，亮牌与异常，投诉，满意度，网上办理率及双轨目标；format=csv/xlsx 导出',
      query: PerformanceRowsQuery,
      response: PerformanceResponse,
      alsoProduces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']
    },
    async (c, { query, principal }) => {
      const scope = scopeOf(principal, query);
      const rows = await measurePerformance(s, scope);
      await audited(s, c, principal, `${scope.department ?? 'all'} ${scope.period.label} ${query.format}`);
      const items = rows.map(({ behind: _, ...row }) => row);
      const name = `绩效测评-${scope.period.label}`;
      if (query.format === 'csv')
        return c.body(performanceCsv(items), 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="performance.csv"; filename*=UTF-8''${encodeURIComponent(name)}.csv`
        });
      if (query.format === 'xlsx')
        return c.body(await performanceXlsx(items, scope.period.label), 200, {
          'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'Content-Disposition': `attachment; filename="performance.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}.xlsx`
        });
      return c.json({ period: periodJson(scope.period), by: scope.by, items });
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/supervision/performance/cases',
      group: 'supervision',
      access: 'staff',
      summary: '绩效测评下钻：某项数字背后的办件清单',
      query: PerformanceCasesQuery,
      response: PerformanceCasesResponse
    },
    async (c, { query, principal }) => {
      const scope = scopeOf(principal, query);
      // One more than the page asks tells whether another page follows.
      const found = await casesBehind(s, scope, query.figure, query.limit + 1, query.offset);
      const items = found.slice(0, query.limit);
      await audited(s, c, principal, `${scope.department ?? 'all'} ${scope.period.label} ${query.figure}`);
      return c.json({
        figure: query.figure,
        period: periodJson(scope.period),
        offset: query.offset,
        next: found.length > query.limit ? query.offset + query.limit : null,
        items
      });
    }
  );
  performanceReportRoutes(api, s);
}
