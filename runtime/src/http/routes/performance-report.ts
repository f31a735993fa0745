import type { Context } from 'hono';
import { z } from 'zod';
import { supervisedDepartment, type Services } from '../../cases/index.ts';
import type { Principal } from '../../accounts/index.ts';
import { audit } from '../../platform/audit.ts';
import { casesBehind, measurePerformance, periodOf } from '../../supervision/index.ts';
import { chartKinds } from '../../supervision/charts.ts';
import { chartSvg, findCjkFont, periodReportPdf, reportTitle } from '../../supervision/report/index.ts';
import type { AppEnv } from '../../web/env.ts';
import { ApiError, forbidden } from '../../web/errors.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import type { Api } from '../api.ts';
import { PerformanceQuery } from './performance-schemas.ts';

type Query = z.infer<typeof PerformanceQuery>;

/** As the figures' routes: a supervisor its own department, the bureau (效能督查局) any or all. */
function scopeOf(principal: Principal, query: Query) {
  const scope = supervisedDepartment(principal);
  if (!scope) throw forbidden('只有监察人员可以查看绩效测评。');
  if (scope !== 'all' && query.department && query.department !== scope) throw forbidden('只能查看本部门的绩效测评。');
  return {
    department: scope === 'all' ? (query.department ?? null) : scope,
    matter: query.matter ?? null,
    period: periodOf(query.period, { from: query.from, to: query.to }),
    by: query.by
  };
}

async function audited(s: Services, c: Context<AppEnv>, principal: Principal, target: string) {
  await audit(s.db, { actor: principal, action: 'supervision.performance', outcome: 'ok', target, ip: ip(c) });
}

const ChartQuery = PerformanceQuery.extend({
  chart: z
    .enum(chartKinds)
    .describe('timeliness 办结时效（承诺与法定）、online 网上办理率与目标、satisfaction 好差评五级')
});

/** The performance charts as SVG and the period report (分段通报) as a PDF, for the same scope as the figures. */
export function performanceReportRoutes(api: Api, s: Services, fontSetting = process.env.BANSHI_REPORT_FONT): void {
  api.route(
    {
      method: 'get',
      path: '/api/supervision/performance/chart.svg',
      group: 'supervision',
      access: 'staff',
      summary: '绩效测评图表（SVG，服务器端绘制，供导出与打印）：办结时效、网上办理率与目标、好差评',
      query: ChartQuery,
      produces: 'image/svg+xml'
    },
    async (c, { query, principal }) => {
      const scope = scopeOf(principal, query);
      const rows = await measurePerformance(s, scope);
      await audited(s, c, principal, `${scope.department ?? 'all'} ${scope.period.label} chart:${query.chart}`);
      return c.body(await chartSvg(query.chart, rows), 200, {
        'Content-Type': 'image/svg+xml; charset=utf-8',
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff'
      });
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/supervision/performance/report.pdf',
      group: 'supervision',
      access: 'staff',
      summary:
        '绩效测评分段通报（PDF）：标题、范围、全部数字表、超期办件编号、网上办理率对照目标、图表、生成时间（北京时间）与生成人',
      query: PerformanceQuery,
      produces: 'application/pdf'
    },
    async (c, { query, principal }) => {
      const scope = scopeOf(principal, query);
      const font = findCjkFont(fontSetting);
      if (!font)
        throw new ApiError(503, 'report.font', '服务器未安装中文字体，暂不能生成通报 PDF，请联系管理员。', {
          setting: 'BANSHI_REPORT_FONT'
        });
      const measured = await measurePerformance(s, scope);
      const [promised, legal] = await Promise.all([
        casesBehind(s, scope, 'promisedLate'),
        casesBehind(s, scope, 'legalLate')
      ]);
      const pdf = await periodReportPdf(
        {
          period: scope.period,
          department: scope.department,
          matter: scope.matter,
          by: scope.by,
          rows: measured.map(({ behind: _, ...row }) => row),
          late: { promised, legal },
          generatedAt: s.now(),
          generatedBy: { name: principal.name, department: principal.kind === 'staff' ? principal.department : null }
        },
        font
      );
      await audited(s, c, principal, `${scope.department ?? 'all'} ${scope.period.label} pdf`);
      const name = reportTitle(scope.period.label).replace(' ', '');
      return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="performance-report.pdf"; filename*=UTF-8''${encodeURIComponent(name)}.pdf`,
        'Cache-Control': 'private, no-store'
      });
    }
  );
}
