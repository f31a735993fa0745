import { randomUUID } from 'node:crypto';
import { shanghaiTime, type WorkCalendar } from '@banshi/definition/calendar';
import { hasDuty, type Staff } from '../accounts/index.ts';
import { notifyPost } from '../cases/index.ts';
import type { Db, Sql } from '../platform/db/db.ts';
import { Refusal } from '../platform/refusal.ts';
import { deadline, iso } from '../platform/time.ts';
import { cancelTimer, scheduleTimer } from '../platform/worker/schedule.ts';
import {
  availableActions,
  handlingActionLabels,
  handlingStateLabels,
  mayHandle,
  mayRead,
  nextState,
  sectionChief,
  type Addressee,
  type HandlingAction,
  type HandlingActor,
  type HandlingState,
  type HandlingSubject
} from './handling-rules.ts';

/** The measures of accountability seeds/000 (责任追究) names for an office that breaks the rules. */
export const accountabilityMeasures = {
  education: '教育帮助',
  criticism: '通报批评',
  rectification: '责令限期改正',
  discipline: '依照法纪追究责任'
} as const;
export type AccountabilityMeasure = keyof typeof accountabilityMeasures;

/** What each step asks for, as the routes pass it on. */
export type StepInput =
  | {
      action: 'requestExplanation';
      to: 'responsible' | { person: string } | { role: string };
      deadline: { workdays: number } | { at: string };
      question: string;
    }
  | { action: 'explain'; text: string }
  | { action: 'correct'; text: string }
  | { action: 'close'; receipt: string }
  | { action: 'reexamine'; upheld: true; findings?: string }
  | { action: 'reexamine'; upheld: false; findings: string }
  | {
      action: 'accountability';
      persons: Array<{ name: string; post?: string; staffId?: string }>;
      grounds: string;
      measure: AccountabilityMeasure;
    };

interface EventRow {
  id: number;
  subject_id: string;
  case_id: string | null;
  key: string;
  rule: string;
  level: string;
  department: string;
  record: { message?: string; deadline?: number; responsible?: Record<string, unknown>; about?: number };
  at: Date;
  handling: HandlingState;
  handling_steps: number;
  case_number: string | null;
}

interface StepRow {
  seq: number;
  kind: string;
  actor_id: string;
  actor_name: string;
  detail: Record<string, unknown>;
  at: Date;
}

/** The timer that raises the card of an explanation not made in time. */
export const explanationTimerKind = 'supervisionExplanation';
const explanationTimerKey = 'explanationDue';

export const actorOf = (principal: Staff): HandlingActor => ({
  id: principal.id,
  department: principal.department,
  roles: principal.roles,
  supervisor: hasDuty(principal, 'supervisor'),
  bureau: hasDuty(principal, 'bureau')
});

/** The person or post a record names as responsible, as the rules read it (records of requests name no one). */
function responsibleOf(record: EventRow['record']): Addressee {
  const r = record.responsible ?? {};
  const person = r.person as { id?: unknown; name?: unknown } | undefined;
  return {
    ...(typeof r.role === 'string' && r.role ? { role: r.role } : {}),
    ...(person && typeof person.id === 'string' && typeof person.name === 'string'
      ? { person: { id: person.id, name: person.name } }
      : {})
  };
}

const subjectOf = (row: EventRow, steps: StepRow[]): HandlingSubject => ({
  department: row.department,
  state: row.handling,
  responsible: responsibleOf(row.record),
  asked: steps.filter(s => s.kind === 'explanationRequested').map(s => s.detail.to as Addressee)
});

const eventColumns = `e.id::int as id, e.subject_id, e.case_id, e.key, e.rule, e.level, e.department, e.record, e.at,
  e.handling, e.handling_steps, c.case_number`;

async function eventRow(sql: Sql, id: number, lock: boolean): Promise<EventRow | undefined> {
  // Locked alone (PostgreSQL locks no row of the outer join's nullable side), then read with its case number.
  if (lock) await sql.query('select 1 from supervision_events where id = $1 for update', [id]);
  const [row] = await sql.query<EventRow>(
    `select ${eventColumns} from supervision_events e left join cases c on c.case_id = e.case_id where e.id = $1`,
    [id]
  );
  return row;
}

const stepsOf = (sql: Sql, id: number) =>
  sql.query<StepRow>(
    `select seq, kind, actor_id::text as actor_id, actor_name, detail, at from supervision_steps where event_id = $1 order by seq`,
    [id]
  );

const notFound = () => new Refusal('notFound', 'supervision.not-found', '找不到这条监察信息。');

/** An addressee in words: 陈承办（承办人） or 承办人岗位. */
export function addresseeText(to: Addressee): string {
  if (to.person) return to.role ? `${to.person.name}（${to.role}）` : to.person.name;
  return to.role ? `${to.role}岗位` : '本部门经办人员';
}

function view(row: EventRow, steps: StepRow[], actor: HandlingActor, now: number) {
  const subject = subjectOf(row, steps);
  const request = [...steps].reverse().find(s => s.kind === 'explanationRequested');
  const pending =
    row.handling === 'explanationRequested' && request
      ? {
          requestId: request.detail.requestId as string,
          to: request.detail.to as Addressee,
          question: request.detail.question as string,
          deadline: request.detail.deadline as string,
          overdue: now >= Date.parse(request.detail.deadline as string)
        }
      : null;
  return {
    id: row.id,
    caseId: row.case_id,
    caseNumber: row.case_number,
    subjectId: row.subject_id,
    key: row.key,
    rule: row.rule,
    level: row.level,
    department: row.department,
    message: row.record.message,
    deadline: row.record.deadline ? iso(row.record.deadline) : undefined,
    responsible: subject.responsible,
    about: row.record.about,
    at: iso(row.at),
    handling: {
      state: row.handling,
      stateLabel: handlingStateLabels[row.handling],
      pendingExplanation: pending,
      actions: availableActions(actor, subject),
      steps: steps.map(s => ({
        seq: s.seq,
        kind: s.kind,
        by: { id: s.actor_id, name: s.actor_name },
        at: iso(s.at),
        detail: s.detail
      }))
    }
  };
}

export type SupervisionEventView = ReturnType<typeof view>;

/** One event with its whole handling, for whoever may read it (see `mayRead`); others are told it does not exist. */
export async function supervisionEvent(db: Db, id: number, principal: Staff, now: number) {
  const row = await eventRow(db, id, false);
  const actor = actorOf(principal);
  if (!row) throw notFound();
  const steps = await stepsOf(db, id);
  if (!mayRead(actor, subjectOf(row, steps))) throw notFound();
  return view(row, steps, actor, now);
}

/** Resolves whom an explanation is asked of: the record's responsible, a staff member of the department, or a post. */
async function addresseeFor(
  tx: Sql,
  row: EventRow,
  to: Extract<StepInput, { action: 'requestExplanation' }>['to']
): Promise<Addressee> {
  if (to === 'responsible') {
    const responsible = responsibleOf(row.record);
    if (!responsible.person && !responsible.role)
      throw new Refusal(
        'invalid',
        'supervision.no-responsible',
        '这条监察信息没有记录责任人或岗位，请指明要求谁作出说明。'
      );
    return responsible;
  }
  if ('person' in to) {
    const [user] = await tx.query<{ name: string; roles: string[] }>(
      `select name, roles from users where id::text = $1 and kind = 'staff' and department = $2 and disabled_at is null`,
      [to.person, row.department]
    );
    if (!user) throw new Refusal('invalid', 'supervision.unknown-person', `${row.department}没有这名在岗工作人员。`);
    return { person: { id: to.person, name: user.name }, ...(user.roles[0] ? { role: user.roles[0] } : {}) };
  }
  const [holder] = await tx.query(
    `select 1 from users where kind = 'staff' and department = $1 and disabled_at is null and roles @> jsonb_build_array($2::text) limit 1`,
    [row.department, to.role]
  );
  if (!holder)
    throw new Refusal('invalid', 'supervision.unknown-post', `${row.department}没有人担任“${to.role}”岗位。`);
  return { role: to.role };
}

/** Tells the person or post asked, and the department's section chief, of something they must see. */
async function tell(
  tx: Sql,
  row: Pick<EventRow, 'department' | 'case_id'>,
  to: Addressee,
  notice: { subject: string; body: string; payload: Record<string, unknown> },
  now: number,
  exclude?: string
): Promise<void> {
  await notifyPost(
    tx,
    { department: row.department, role: to.role ?? '', person: to.person?.id ?? null, caseId: row.case_id, ...notice },
    now,
    exclude
  );
  // No one named and no post: every post of the department was told, the chief among them.
  if (to.person || (to.role && to.role !== sectionChief))
    await notifyPost(
      tx,
      { department: row.department, role: sectionChief, person: null, caseId: row.case_id, ...notice },
      now,
      exclude
    );
}

const eventText = (row: EventRow) => `监察信息 #${row.id}${row.case_number ? `（办件 ${row.case_number}）` : ''}`;

/**
 * Takes one step of an event's handling: checks who and when (handling-rules.ts), appends the step, moves the
 * event's handling state, and does what the step brings along (the explanation's deadline timer and the notice to
 * the person asked and their section chief), all in one transaction with the audit line `done` writes.
 */
export async function handleEvent(
  db: Db,
  s: { calendar: WorkCalendar },
  input: { eventId: number; principal: Staff; step: StepInput },
  now: number,
  done: (tx: Sql, entry: { caseId?: string | null; detail?: Record<string, unknown> }) => Promise<void>
) {
  const actor = actorOf(input.principal);
  const action: HandlingAction = input.step.action;
  return db.transaction(async tx => {
    const row = await eventRow(tx, input.eventId, true);
    if (!row) throw notFound();
    const steps = await stepsOf(tx, row.id);
    const subject = subjectOf(row, steps);
    if (!mayRead(actor, subject)) throw notFound();
    const verdict = mayHandle(action, actor, subject);
    if (!verdict.ok) throw new Refusal(verdict.kind, verdict.code, verdict.message);

    const step = input.step;
    let detail: Record<string, unknown>;
    let kind: string;
    switch (step.action) {
      case 'requestExplanation': {
        const to = await addresseeFor(tx, row, step.to);
        const due =
          'workdays' in step.deadline
            ? deadline(s.calendar, now, { amount: step.deadline.workdays, unit: 'workdays' })
            : Date.parse(step.deadline.at);
        if (due <= now) throw new Refusal('invalid', 'supervision.deadline-past', '说明期限应晚于现在。');
        const requestId = randomUUID();
        detail = { requestId, to, question: step.question, deadline: iso(due) };
        kind = 'explanationRequested';
        await tx.query(`update supervision_events set asked_person = $2, asked_role = $3 where id = $1`, [
          row.id,
          to.person?.id ?? null,
          to.role ?? null
        ]);
        await scheduleTimer(tx, {
          subjectId: requestId,
          key: explanationTimerKey,
          kind: explanationTimerKind,
          dueAt: due
        });
        await tell(
          tx,
          row,
          to,
          {
            subject: `【要求说明】${eventText(row)}`,
            body: `${row.department}监察人员要求${addresseeText(to)}就“${row.record.message ?? row.rule}”于 ${shanghaiTime(due)} 前作出说明：${step.question}`,
            payload: { kind: 'supervisionExplanation', eventId: row.id, requestId, caseNumber: row.case_number }
          },
          now,
          actor.id
        );
        break;
      }
      case 'explain': {
        // mayHandle let only the addressee of the open request through: the latest request is the one answered.
        const request = [...steps].reverse().find(s => s.kind === 'explanationRequested')!;
        const requestId = request.detail.requestId as string;
        detail = { requestId, text: step.text };
        kind = 'explained';
        await cancelTimer(tx, requestId, explanationTimerKey, now);
        break;
      }
      case 'correct':
        detail = { text: step.text };
        kind = 'corrected';
        break;
      case 'close':
        detail = { receipt: step.receipt };
        kind = 'closed';
        break;
      case 'reexamine':
        detail = { upheld: step.upheld, ...(step.findings ? { findings: step.findings } : {}) };
        kind = 'reexamined';
        break;
      case 'accountability':
        detail = {
          persons: step.persons,
          grounds: step.grounds,
          measure: step.measure,
          measureLabel: accountabilityMeasures[step.measure]
        };
        kind = 'accountability';
        break;
    }
    const state = nextState(row.handling, action, step.action === 'reexamine' ? step.upheld : undefined);
    const seq = row.handling_steps + 1;
    await tx.query(
      `insert into supervision_steps (event_id, seq, kind, actor_id, actor_name, detail, at) values ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
      [row.id, seq, kind, actor.id, input.principal.name, JSON.stringify(detail), iso(now)]
    );
    await tx.query(`update supervision_events set handling = $2, handling_steps = $3 where id = $1`, [
      row.id,
      state,
      seq
    ]);
    await done(tx, {
      caseId: row.case_id,
      detail: { eventId: row.id, step: kind, label: handlingActionLabels[action], from: row.handling, to: state, seq }
    });
    const after = (await eventRow(tx, row.id, false))!;
    return view(after, await stepsOf(tx, row.id), actor, now);
  });
}

/**
 * The timer of an explanation request: when its deadline passes with no explanation made, a yellow card of its own
 * for the same department (rule `explanationOverdue`), raised once (the request's id is the card's subject), told to
 * the person or post asked and their section chief.
 */
export const supervisionTimerHandlers = {
  async [explanationTimerKind](tx: Sql, timer: { subjectId: string; dueAt: number }, now: number) {
    const [request] = await tx.query<{ event_id: number; to: Addressee }>(
      `select event_id::int as event_id, detail->'to' as to from supervision_steps where kind = 'explanationRequested' and detail->>'requestId' = $1`,
      [timer.subjectId]
    );
    if (!request) return;
    const answered = await tx.query(
      `select 1 from supervision_steps where event_id = $1 and kind = 'explained' and detail->>'requestId' = $2`,
      [request.event_id, timer.subjectId]
    );
    if (answered.length > 0) return;
    const row = (await eventRow(tx, request.event_id, false))!;
    const message = `${eventText(row)}要求${addresseeText(request.to)}作出的说明超过期限（${shanghaiTime(timer.dueAt)}）未作出，亮黄牌。`;
    const record = {
      key: 'explanationOverdue',
      rule: 'explanationOverdue',
      level: 'yellowCard',
      department: row.department,
      message,
      responsible: request.to,
      deadline: timer.dueAt,
      about: row.id
    };
    const raised = await tx.query<{ id: number }>(
      `insert into supervision_events (subject_id, key, case_id, rule, level, department, record, at)
       values ($1, 'explanationOverdue', $2, 'explanationOverdue', 'yellowCard', $3, $4::jsonb, $5)
       on conflict (subject_id, key) do nothing returning id::int as id`,
      [timer.subjectId, row.case_id, row.department, JSON.stringify(record), iso(now)]
    );
    if (raised[0])
      await tell(
        tx,
        row,
        request.to,
        {
          subject: `【黄牌】${eventText(row)}的说明超期`,
          body: message,
          payload: {
            kind: 'staffSupervision',
            level: 'yellowCard',
            rule: 'explanationOverdue',
            eventId: raised[0].id,
            about: row.id
          }
        },
        now
      );
  }
};
