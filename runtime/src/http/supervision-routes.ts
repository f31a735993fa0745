import { z } from 'zod';
import { audit } from '../platform/audit.ts';
import type { Definition } from '@banshi/definition';
import type { CaseState } from '../cases/engine/index.ts';
import { supervisedDepartment } from '../cases/access.ts';
import type { Services } from '../cases/services.ts';
import { performance, type Rating } from '../supervision/performance.ts';
import type { Api } from './api.ts';
import { forbidden } from '../web/errors.ts';
import { peerAddress as ip } from '../web/peer.ts';
import { Day } from '../web/schemas.ts';

const ratingOf: Record<number, Rating> = {
  5: 'verySatisfied',
  4: 'satisfied',
  3: 'basicallySatisfied',
  2: 'dissatisfied',
  1: 'veryDissatisfied'
};

/** Supervision: warnings, cards and anomalies, and performance figures; a department's own, or all for the bureau. */
export function supervisionRoutes(api: Api, s: Services): void {
  api.route(
    {
      method: 'get',
      path: '/api/supervision/events',
      group: 'supervision',
      access: 'staff',
      summary: '预警、黄牌、红牌与异常（本部门；效能督查局可看全部）',
      query: z.object({
        department: z.string().max(50).optional(),
        level: z.enum(['warning', 'yellowCard', 'redCard', 'anomaly']).optional(),
        before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100)
      })
    },
    async (c, { query, principal }) => {
      const scope = supervisedDepartment(principal);
      if (!scope) throw forbidden('只有监察人员可以查看监察信息。');
      if (scope !== 'all' && query.department && query.department !== scope)
        throw forbidden('只能查看本部门的监察信息。');
      const department = scope === 'all' ? (query.department ?? null) : scope;
      const rows = await s.db.query<{
        id: number;
        subject_id: string;
        case_id: string | null;
        key: string;
        rule: string;
        level: string;
        department: string;
        record: { message?: string; deadline?: number; responsible?: unknown };
        at: Date;
        case_number: string | null;
      }>(
        `select e.id, e.subject_id, e.case_id, e.key, e.rule, e.level, e.department, e.record, e.at, c.case_number
       from supervision_events e left join cases c on c.case_id = e.case_id
       where ($1::text is null or e.department = $1) and ($2::text is null or e.level = $2) and ($3::bigint is null or e.id < $3)
       order by e.id desc limit $4`,
        [department, query.level ?? null, query.before ?? null, query.limit]
      );
      await audit(s.db, {
        actor: principal,
        action: 'supervision.read',
        outcome: 'ok',
        target: department ?? 'all',
        ip: ip(c)
      });
      return c.json({
        items: rows.map(r => ({
          id: r.id,
          caseId: r.case_id,
          subjectId: r.subject_id,
          caseNumber: r.case_number,
          key: r.key,
          rule: r.rule,
          level: r.level,
          department: r.department,
          message: r.record.message,
          deadline: r.record.deadline ? new Date(r.record.deadline).toISOString() : undefined,
          responsible: r.record.responsible,
          at: r.at.toISOString()
        })),
        next: rows.length === query.limit ? rows.at(-1)!.id : undefined
      });
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/supervision/performance',
      group: 'supervision',
      access: 'staff',
      summary: '绩效测评：按部门统计受理、按时办结、超期、满意度',
      query: z.object({ from: Day.optional(), to: Day.optional() })
    },
    async (c, { query, principal }) => {
      const scope = supervisedDepartment(principal);
      if (!scope) throw forbidden('只有监察人员可以查看绩效测评。');
      const rows = await s.db.query<{ state: CaseState; matter_code: string; matter_version: number }>(
        `select c.state, c.matter_code, c.matter_version from cases c
       where ($1::text is null or c.department = $1) and ($2::date is null or c.received_at >= $2::date) and ($3::date is null or c.received_at < $3::date + 1)`,
        [scope === 'all' ? null : scope, query.from ?? null, query.to ?? null]
      );
      const definitions = new Map<string, Definition>();
      for (const row of rows) {
        if (!definitions.has(row.matter_code)) {
          const d = await s.registry.version(row.matter_code, row.matter_version);
          if (d) definitions.set(row.matter_code, d);
        }
      }
      const ratings = await s.db.query<{ case_id: string; level: number }>(
        `select case_id, level from evaluations where ($1::text is null or department = $1)`,
        [scope === 'all' ? null : scope]
      );
      const figures = performance(
        rows.map(r => r.state),
        definitions,
        s.calendar(),
        ratings.map(r => ({ caseId: r.case_id, rating: ratingOf[r.level]! }))
      );
      await audit(s.db, {
        actor: principal,
        action: 'supervision.performance',
        outcome: 'ok',
        target: scope,
        ip: ip(c)
      });
      return c.json({ items: figures });
    }
  );
}
