import { z } from 'zod';
import { acting } from '../../web/acting.ts';
import type { Applicant } from '../../accounts/index.ts';
import { departmentEvaluations, evaluationOf, rectify, rateCase } from '../../requests/index.ts';
import { Refusal } from '../../platform/refusal.ts';
import type { Services } from '../../cases/index.ts';
import type { Api } from '../api.ts';
import { IdParam, Page, Text } from '../../web/schemas.ts';
import { departmentOf } from './request-helpers.ts';
import { Evaluation, Evaluations } from './requests-schemas.ts';

/** Evaluations (好差评) over HTTP: the applicant rates a completed case, the department rectifies a bad rating. */
export function evaluationRoutes(api: Api, s: Services): void {
  const now = () => s.now();

  api.route(
    {
      method: 'post',
      path: '/api/hall/cases/:id/evaluation',
      response: Evaluation,
      group: 'hall',
      access: 'applicant',
      summary: '对已办结的办件作出服务评价（每件一次；不满意须写明原因）',
      params: IdParam,
      body: z.object({ level: z.number().int().min(1).max(5), reason: z.string().trim().max(500).optional() }).strict()
    },
    async (c, { params, body, principal }) => {
      const evaluation = await acting(c, s, principal, 'evaluation.submit', params.id, done =>
        rateCase(s, principal as Applicant, params.id, body, (tx, e) =>
          done(tx, { caseId: e.caseId, target: e.id, detail: { level: e.level } })
        )
      );
      return c.json(evaluation, 201);
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/hall/cases/:id/evaluation',
      response: Evaluation,
      group: 'hall',
      access: 'applicant',
      summary: '我对这个办件的评价',
      params: IdParam
    },
    async (c, { params, principal }) => {
      const evaluation = await evaluationOf(s.db, params.id, principal.id);
      if (!evaluation) throw new Refusal('notFound', 'evaluation.not-found', '您还没有评价这个办件。');
      return c.json(evaluation);
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/office/evaluations',
      response: Evaluations,
      group: 'office',
      access: 'staff',
      summary: '对本部门的服务评价（pending=true 只看待整改的差评）',
      query: Page.extend({ pending: z.enum(['true', 'false']).optional() })
    },
    async (c, { query, principal }) =>
      c.json(await departmentEvaluations(s.db, departmentOf(principal, false), query.pending === 'true', query))
  );

  api.route(
    {
      method: 'post',
      path: '/api/office/evaluations/:id/rectify',
      response: Evaluation,
      group: 'office',
      access: 'staff',
      summary: '差评整改：记录整改情况并告知评价人',
      params: IdParam,
      body: z.object({ text: Text(2000) }).strict()
    },
    async (c, { params, body, principal }) => {
      const department = departmentOf(principal, true);
      return c.json(
        await acting(c, s, principal, 'evaluation.rectify', params.id, done =>
          rectify(s.db, { id: params.id, department, text: body.text }, now(), (tx, e) =>
            done(tx, { caseId: e.caseId })
          )
        )
      );
    }
  );
}
