import { z } from 'zod';
import type { Principal, Staff } from '../../accounts/index.ts';
import type { Services } from '../../cases/index.ts';
import {
  compareVersions,
  decideFiling,
  listTasks,
  matterHistory,
  readReview,
  restoreVersion,
  withdrawSchedule,
  type RequestMeta
} from '../../publishing/index.ts';
import type { Api } from '../api.ts';
import { MatterCode, Text } from '../../web/schemas.ts';
import { DraftAnswer, VersionSummary } from './studio-schemas.ts';
import { Comparison, Filing, History, Review, Task } from './lifecycle-schemas.ts';

type Gate = (
  c: { env: unknown; req: { path: string } },
  principal: Principal
) => Promise<{ staff: Staff; meta: RequestMeta }>;

const noNul = (text: string) => !text.includes('\u0000');
const FilingParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 53 - 1)
});
const VersionNumber = z.coerce.number().int().min(1).max(1_000_000);
const VersionParams = z.object({ code: MatterCode, version: VersionNumber });

/**
 * The publishing lifecycle beyond draft → submit → approve (publishing.ts): the head's review with the diff and the
 * impact, withdrawing a scheduled publication, the reform office's filing decisions, each person's tasks, a matter's
 * history, comparing any two versions, and restoring an old version as a new draft.
 */
export function lifecycleRoutes(api: Api, s: Services, gate: Gate): void {
  api.route(
    {
      method: 'get',
      path: '/api/studio/matters/:code/versions/:version/review',
      group: 'studio',
      access: 'staff',
      summary: '审批用：变更理由、被替代的版本、语义差异与源文件差异、影响（在办办件、申请人草稿）',
      params: VersionParams,
      response: Review
    },
    async (c, { params, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await readReview(s, staff, params.code, params.version, meta));
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/studio/drafts/:code/:version/withdraw',
      group: 'studio',
      access: 'staff',
      summary: '部门负责人在生效前撤回定时发布：该版本回到待审批',
      params: VersionParams,
      body: z.object({ comment: Text(2000).refine(noNul, '意见不能包含空字符').optional() }).strict(),
      response: VersionSummary
    },
    async (c, { params, body, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await withdrawSchedule(s, staff, params.code, params.version, body.comment, meta));
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/studio/filings/:id/accept',
      group: 'studio',
      access: 'staff',
      summary: '审改办备案通过（可附意见）',
      params: FilingParams,
      body: z.object({ note: Text(2000).refine(noNul, '意见不能包含空字符').optional() }).strict(),
      response: Filing
    },
    async (c, { params, body, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await decideFiling(s, staff, params.id, { kind: 'filed', note: body.note }, meta));
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/studio/filings/:id/correct',
      group: 'studio',
      access: 'staff',
      summary: '审改办责令改正（须写明理由）：成为该部门的待办，直至该事项的新版本备案',
      params: FilingParams,
      body: z
        .object({
          reasons: z
            .string({ error: '请写明责令改正的理由' })
            .trim()
            .min(2, '责令改正的理由至少 2 个字')
            .max(2000, '责令改正的理由不能超过 2000 个字')
            .refine(noNul, '理由不能包含空字符')
        })
        .strict(),
      response: Filing
    },
    async (c, { params, body, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await decideFiling(s, staff, params.id, { kind: 'correct', reasons: body.reasons }, meta));
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/studio/tasks',
      group: 'studio',
      access: 'staff',
      summary: '我的待办：编写人员的改正与退回、部门负责人的审批、审改办的备案审查',
      response: z.object({ items: z.array(Task) })
    },
    async (c, { principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await listTasks(s, staff, meta));
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/studio/matters/:code/history',
      group: 'studio',
      access: 'staff',
      summary: '事项的全部版本：起草、提交（理由）、批准或退回、定时、发布、备案或责令改正、被替代',
      params: z.object({ code: MatterCode }),
      response: History
    },
    async (c, { params, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await matterHistory(s, staff, params.code, meta));
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/studio/matters/:code/compare',
      group: 'studio',
      access: 'staff',
      summary: '比较事项的任意两个版本：语义差异与源文件差异',
      params: z.object({ code: MatterCode }),
      query: z.object({ from: VersionNumber, to: VersionNumber }),
      response: Comparison
    },
    async (c, { params, query, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await compareVersions(s, staff, params.code, query.from, query.to, meta));
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/studio/matters/:code/versions/:version/restore',
      group: 'studio',
      access: 'staff',
      summary: '以旧版本的源文件起草新版本（已有进行中的变更时拒绝）',
      params: VersionParams,
      body: z.object({}).strict(),
      response: DraftAnswer
    },
    async (c, { params, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await restoreVersion(s, staff, params.code, params.version, meta), 201);
    }
  );
}
