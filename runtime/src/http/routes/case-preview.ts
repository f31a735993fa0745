import { z } from 'zod';
import type { Staff } from '../../accounts/index.ts';
import { previewCommand, rejectionError, rejectionKinds, type Command, type Services } from '../../cases/index.ts';
import { audit, type AuditEntry } from '../../platform/audit.ts';
import type { Api } from '../api.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import { IdParam } from '../../web/schemas.ts';
import { StaffCommand } from './office.ts';
import { caseForStaffCommand } from './staff-command-gate.ts';
import { Notice } from './case-schemas.ts';

/** The answer of a preview: what the applicant would receive, or the engine's sentence why the command would fail. */
export const CommandPreview = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    notices: z.array(Notice).describe('the notices this command would add, as the applicant reads them'),
    results: z
      .array(
        z.object({
          kind: z.enum(['licence', 'document', 'other']),
          name: z.string(),
          issued: z.string().describe('YYYY-MM-DD'),
          until: z.string().nullable().describe('YYYY-MM-DD, the last day it is valid'),
          validity: z.string().nullable().describe('有效期 as the applicant reads it')
        })
      )
      .describe('for a decision that grants: the licence and documents the applicant would receive')
  }),
  z.object({ ok: z.literal(false), refusal: z.string().describe("the engine's sentence why it would not be done") })
]);

/**
 * The preview of a command (行政许可法第三十八条: the decision in writing; 第三十二条: the one-time correction notice):
 * what the applicant would read if the member of staff gave it now. Nothing is stored. Who may ask is who may give
 * the command, with the command route's denials (office.ts), audited the same way.
 */
export function casePreviewRoutes(api: Api, s: Services): void {
  api.route(
    {
      method: 'post',
      path: '/api/office/cases/:id/preview',
      group: 'office',
      access: 'staff',
      summary:
        '预览办理操作将向申请人发出的文书（决定书、补正通知书、不予受理通知书、特殊程序告知书……）及决定颁发的证照，不保存任何内容；引擎不予办理时返回其理由',
      params: IdParam,
      body: StaffCommand,
      response: CommandPreview
    },
    async (c, { params, body, principal }) => {
      const staff = principal as Staff;
      const denied = (entry: Partial<AuditEntry>) =>
        audit(s.db, {
          actor: staff,
          action: 'case.preview',
          outcome: 'denied',
          ip: ip(c),
          ...entry,
          detail: { command: body.type, ...entry.detail }
        });
      const row = await caseForStaffCommand(s, staff, params.id, body.type, denied);
      const command = {
        ...body,
        by: { kind: 'staff', id: staff.id, name: staff.name, department: staff.department!, roles: staff.roles }
      } as Command;
      const definition = await s.cases.definitionOf(row);
      const preview = previewCommand(s.engine, definition, row.state, command, s.now(), s.calendar());
      if (!preview.ok) {
        // A command this person may not give is denied as the command route denies it; any other refusal is the
        // preview's answer: what pressing the button would say.
        if (rejectionKinds[preview.rejection.code] === 'forbidden') {
          await denied({ caseId: params.id, detail: { code: preview.rejection.code } });
          throw rejectionError(preview.rejection);
        }
        return c.json({ ok: false as const, refusal: preview.rejection.message });
      }
      // The notices name the applicant and the case: reading them is a read of the case, audited as one.
      await audit(s.db, {
        actor: staff,
        action: 'case.preview',
        outcome: 'ok',
        caseId: params.id,
        ip: ip(c),
        detail: { command: body.type }
      });
      return c.json({ ok: true as const, notices: preview.notices, results: preview.results });
    }
  );
}
