import { z } from 'zod';
import { audit, auditPart } from '../../platform/audit.ts';
import type { Staff } from '../../accounts/index.ts';
import { SpecialProcedureKind } from '@banshi/definition';
import {
  allowedCommands,
  rejectionKinds,
  type Command,
  readsCases,
  caseView,
  pickupOf,
  rejectionError,
  departmentCases
} from '../../cases/index.ts';
import type { Services } from '../../cases/index.ts';
import { idempotencyKey, once, rememberPart, requestHash } from '../../platform/idempotency.ts';
import type { Api } from '../api.ts';
import { forbidden } from '../../web/errors.ts';
import { readCase } from './case-detail.ts';
import { caseForStaffCommand } from './staff-command-gate.ts';
import { cursorTime } from '../../web/cursors.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import { IdParam, Limit, Page, Text } from '../../web/schemas.ts';
import { CaseStatus, CaseView, DepartmentCases, OfficeCaseDetail } from './case-schemas.ts';

const opinion = Text(2000);

/** Everything staff can ask of a case; `by` is the signed-in member of staff, never the body. */
export const StaffCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('passPreReview'), opinion: opinion.optional() }).strict(),
  z
    .object({
      type: z.literal('requestCorrection'),
      items: z.array(Text(500)).min(1, '补正通知要列明需要补正的全部内容').max(50)
    })
    .strict(),
  z
    .object({
      type: z.literal('confirmPaper'),
      /** The check item by item; absent, each material is recorded as the matter requires it (原件/复印件, 份数). */
      items: z
        .array(
          z
            .object({
              material: Text(100),
              form: z.enum(['original', 'copy']),
              copies: z.number().int().min(0).max(99),
              matchesUpload: z.boolean(),
              note: Text(500).optional()
            })
            .strict()
        )
        .max(200)
        .optional()
    })
    .strict(),
  z.object({ type: z.literal('accept'), opinion: opinion.optional() }).strict(),
  z.object({ type: z.literal('refuse'), reasons: opinion }).strict(),
  z.object({ type: z.literal('recordStageOpinion'), stage: Text(100), opinion }).strict(),
  z.object({ type: z.literal('completeStep'), stepId: Text(100), opinion }).strict(),
  z.object({ type: z.literal('returnStep'), toStepId: Text(100), reason: opinion }).strict(),
  z.object({ type: z.literal('distribute') }).strict(),
  z.object({ type: z.literal('answerCoApproval'), agree: z.boolean(), reasons: opinion.optional() }).strict(),
  z
    .object({
      type: z.literal('consolidate'),
      opinion,
      /** The answer to each co-approver that disagreed, by department. */
      responses: z.record(Text(100), opinion).optional()
    })
    .strict(),
  z.object({ type: z.literal('handOff'), opinion }).strict(),
  z
    .object({ type: z.literal('startSpecialProcedure'), kind: SpecialProcedureKind, reason: opinion, expected: Limit })
    .strict(),
  z.object({ type: z.literal('endSpecialProcedure'), result: opinion }).strict(),
  z
    .object({
      type: z.literal('explainOverdue'),
      reason: opinion,
      expected: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '请填写重新确定的办结日期（年-月-日）。')
    })
    .strict(),
  z.object({ type: z.literal('extend'), reason: opinion }).strict(),
  z.object({ type: z.literal('requestExtension'), reason: opinion, amount: Limit.optional() }).strict(),
  z.object({ type: z.literal('approveExtension'), opinion }).strict(),
  z.object({ type: z.literal('refuseExtension'), opinion }).strict(),
  z
    .object({
      type: z.literal('decide'),
      approve: z.boolean(),
      reasons: opinion.optional(),
      conclusion: z.enum(['pass', 'basicPass', 'fail']).optional()
    })
    .strict(),
  z.object({ type: z.literal('deliver'), method: z.enum(['onSite', 'express', 'online', 'announcement']) }).strict(),
  z.object({ type: z.literal('deliveryFailed'), reason: opinion }).strict(),
  z.object({ type: z.literal('complete') }).strict(),
  z.object({ type: z.literal('archive') }).strict()
]);

/** Every command's type, as `actions` names them. */
const staffCommandTypes = StaffCommand.options.map(o => o.shape.type.value) as [
  Command['type'],
  ...Array<Command['type']>
];

/** The office's API: the department's queue, a case, and every command staff give. */
export function officeRoutes(api: Api, s: Services): void {
  api.route(
    {
      method: 'get',
      path: '/api/office/cases',
      response: DepartmentCases,
      group: 'office',
      access: 'staff',
      summary: '本部门经办（牵头、协办、初审、联合）的办件',
      query: Page.extend({
        status: CaseStatus.optional()
      })
    },
    async (c, { query, principal }) => {
      const staff = principal as Staff;
      if (!staff.department) throw forbidden('您的账号没有所属部门，不能查看办件。');
      if (!readsCases(staff))
        throw forbidden('您在本部门没有办理岗位（如窗口、承办人），不能查看办件。', { code: 'auth.no-post' });
      const rows = await departmentCases(s.db, staff.department, {
        status: query.status ?? null,
        before: cursorTime(query.cursor),
        limit: query.limit
      });
      return c.json({
        items: rows.map(r => ({
          id: r.caseId,
          caseNumber: r.caseNumber,
          matterCode: r.matterCode,
          matter: s.registry.live(r.matterCode)?.definition.name,
          status: r.status,
          part: r.part,
          receivedAt: r.receivedAt.toISOString(),
          promisedDeadline: r.promisedDeadline?.toISOString()
        })),
        next: rows.length === query.limit ? rows.at(-1)!.receivedAt.toISOString() : undefined
      });
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/office/cases/:id',
      response: OfficeCaseDetail(staffCommandTypes),
      group: 'office',
      access: 'staff',
      summary: '办件详情（含办理意见、监察提示、申请人选择的送达方式与快递取件单）',
      params: IdParam
    },
    async (c, { params, principal }) => {
      const view = await readCase(c, s, principal, params.id);
      const row = (await s.cases.load(s.db, params.id))!;
      const staff = principal as Staff;
      const by = {
        kind: 'staff' as const,
        id: staff.id,
        name: staff.name,
        department: staff.department ?? '',
        roles: staff.roles
      };
      // What this member of staff may do on the case now, from the one place the engine also asks.
      const actions = allowedCommands(await s.cases.definitionOf(row), row.state, by);
      return c.json({ ...view, actions, pickup: (await pickupOf(s.db, params.id)) ?? null });
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/office/cases/:id/commands',
      response: CaseView,
      group: 'office',
      access: 'staff',
      summary: '办理：预审、补正、受理、审查、并联、决定、送达……（支持 Idempotency-Key）',
      params: IdParam,
      body: StaffCommand,
      idempotent: true
    },
    async (c, { params, body, principal }) => {
      const staff = principal as Staff;
      const row = await caseForStaffCommand(s, staff, params.id, body.type, entry =>
        audit(s.db, { actor: staff, action: `case.${body.type}`, outcome: 'denied', ip: ip(c), ...entry })
      );
      const definition = await s.cases.definitionOf(row);
      const key = idempotencyKey(c.req.header('idempotency-key'));
      const hash = requestHash({ id: params.id, body });
      const command = {
        ...body,
        by: { kind: 'staff', id: staff.id, name: staff.name, department: staff.department!, roles: staff.roles }
      } as Command;
      const result = await once(s.db, staff.id, key, hash, async () => {
        let stored: { status: number; body: unknown } | undefined;
        const outcome = await s.cases.execute(
          params.id,
          command,
          s.now(),
          applied => {
            stored = { status: 200, body: caseView(applied.state, definition, 'staff', s.calendar()) };
            return [
              ...rememberPart(staff.id, key, hash, stored),
              auditPart({ actor: staff, action: `case.${body.type}`, outcome: 'ok', ip: ip(c) })
            ];
          },
          row
        );
        if (!outcome.ok) {
          await audit(s.db, {
            actor: staff,
            action: `case.${body.type}`,
            outcome: rejectionKinds[outcome.rejection.code] === 'forbidden' ? 'denied' : 'rejected',
            caseId: params.id,
            ip: ip(c),
            detail: { code: outcome.rejection.code }
          });
          throw rejectionError(outcome.rejection);
        }
        return stored!;
      });
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(result.body as object, 200);
    }
  );
}
