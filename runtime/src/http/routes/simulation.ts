import { z } from 'zod';
import type { Services } from '../../cases/index.ts';
import { deleteExpectation, listExpectations, saveExpectation, Scenario, simulate } from '../../publishing/index.ts';
import type { Api } from '../api.ts';
import { MatterCode } from '../../web/schemas.ts';
import { Path, Source, studioGate } from './publishing.ts';
import { Expectation, SimulationAnswer } from './studio-schemas.ts';

const noNul = (text: string) => !text.includes('\u0000');
const Name = z
  .string({ error: '请填写预期名称' })
  .trim()
  .min(1, '请填写预期名称')
  .max(100, '预期名称不能超过 100 个字')
  .refine(noNul, '预期名称不能包含空字符');
const CodeParams = z.object({ code: MatterCode });
const ExpectationParams = z.object({
  code: MatterCode,
  id: z.coerce.number().int('预期编号应为整数').min(1).max(2_147_483_647)
});

/**
 * Simulation before publishing (`/api/studio/simulate`) and the expectations saved with a matter: staff with a
 * studio duty, as every /api/studio route.
 */
export function simulationRoutes(api: Api, s: Services): void {
  const gate = studioGate(s);

  api.route(
    {
      method: 'post',
      path: '/api/studio/simulate',
      group: 'studio',
      access: 'staff',
      summary: '模拟办理：按现行工作日历（含暂定年度）用真实引擎跑一遍申请，列出各期限、视为受理、预警和黄红牌',
      body: z.object({ source: Source, path: Path.optional(), scenario: Scenario }).strict(),
      response: SimulationAnswer
    },
    async (c, { body, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await simulate(s, staff, body, meta));
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/studio/matters/:code/expectations',
      group: 'studio',
      access: 'staff',
      summary: '事项保存的模拟预期',
      params: CodeParams,
      response: z.object({ expectations: z.array(Expectation) })
    },
    async (c, { params, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await listExpectations(s, staff, params.code, meta));
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/studio/matters/:code/expectations',
      group: 'studio',
      access: 'staff',
      summary: '保存模拟预期：服务器按所给源文件模拟，并把结果存为预期（源文件有错误时拒绝）',
      params: CodeParams,
      body: z.object({ name: Name, scenario: Scenario, source: Source, path: Path.optional() }).strict(),
      response: Expectation
    },
    async (c, { params, body, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await saveExpectation(s, staff, params.code, body, meta), 201);
    }
  );

  api.route(
    {
      method: 'delete',
      path: '/api/studio/matters/:code/expectations/:id',
      group: 'studio',
      access: 'staff',
      summary: '删除模拟预期',
      params: ExpectationParams,
      response: z.object({ deleted: z.literal(true) })
    },
    async (c, { params, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await deleteExpectation(s, staff, params.code, params.id, meta));
    }
  );
}
