import { paperFormLabels, type Definition } from '@banshi/definition';
import type { Staff } from '../accounts/index.ts';
import { caseFalseMaterials, falseMaterialsPart } from '../blacklist/index.ts';
import { partInCase } from './access.ts';
import { pageActions, windowResubmitForm } from './case-page-actions.ts';
import type { CaseRow } from './case-store.ts';
import { caseView, timeline } from './case-view.ts';
import { explainCaseDeadlines, routeOf, type CaseState, type Opinion } from './engine/index.ts';
import type { Services } from './services.ts';
import type { Sql } from '../platform/db/db.ts';

const iso = (ms: number) => new Date(ms).toISOString();

const verdictLabels: Record<Opinion['verdict'], string> = {
  pass: '通过',
  return: '退回',
  agree: '同意',
  disagree: '不同意',
  approve: '准予许可',
  deny: '不予许可',
  accept: '受理',
  refuse: '不予受理',
  correct: '补正告知',
  handOff: '报送上级',
  consolidate: '汇总',
  conclude: '年检结论',
  requestExtension: '申请延期',
  approveExtension: '批准延期',
  refuseExtension: '不批准延期'
};

/** A case file as the page lists it, with the correction round it came with and whether a later round replaced it. */
export interface PageFile {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  pages: number | null;
  round: number;
  superseded: boolean;
  /** Shown in the page (pdf.js, <img>) or only downloaded. */
  inline: boolean;
  url: string;
}

interface FileRow {
  id: string;
  name: string;
  material: string | null;
  media_type: string;
  size: number | string;
  pages: number | null;
  round: number | null;
  created_at: Date;
}

/** A file's round: as recorded when it was linked, or (files linked before rounds were kept) the notices before it. */
function roundOf(row: FileRow, state: CaseState): number {
  if (row.round !== null) return row.round;
  const at = new Date(row.created_at).getTime();
  return state.opinions.filter(o => o.verdict === 'correct' && o.at < at).length;
}

/** The case's files by material, each round's kept; a file is superseded when a later round brought one for its material. */
async function materialsOf(s: Services, caseId: string, definition: Definition, state: CaseState) {
  const rows = await s.db.query<FileRow>(
    `select id, name, material, media_type, size, pages, round, created_at from files where case_id = $1 order by created_at, id`,
    [caseId]
  );
  const files = rows.map(r => ({ row: r, round: roundOf(r, state) }));
  const latest = new Map<string, number>();
  for (const f of files) latest.set(f.row.material ?? '', Math.max(latest.get(f.row.material ?? '') ?? 0, f.round));
  const view = (f: (typeof files)[number]): PageFile => ({
    id: f.row.id,
    name: f.row.name,
    mediaType: f.row.media_type,
    size: Number(f.row.size),
    pages: f.row.pages,
    round: f.round,
    superseded: f.round < latest.get(f.row.material ?? '')!,
    inline: f.row.media_type === 'application/pdf' || f.row.media_type.startsWith('image/'),
    url: `/api/office/cases/${caseId}/files/${f.row.id}`
  });
  const known = new Set(definition.materials.map(m => m.id));
  const checked = new Map((state.paperCheck?.items ?? []).map(i => [i.material, i]));
  const paperCheck = (id: string) => {
    const item = checked.get(id);
    return item && state.paperCheck
      ? {
          form: item.form,
          formLabel: paperFormLabels[item.form],
          copies: item.copies,
          matchesUpload: item.matchesUpload,
          ...(item.note ? { note: item.note } : {}),
          at: iso(state.paperCheck.at),
          by: state.paperCheck.by
        }
      : null;
  };
  return [
    ...definition.materials.map(m => ({
      id: m.id,
      title: m.title,
      necessity: m.necessity,
      given: state.materials.includes(m.id),
      paper: m.paper ?? null,
      paperCheck: paperCheck(m.id),
      files: files.filter(f => f.row.material === m.id).map(view)
    })),
    // Files for a material a later version of the matter no longer lists stay with the case.
    ...[...new Set(files.filter(f => !known.has(f.row.material ?? '')).map(f => f.row.material ?? ''))].map(id => ({
      id,
      title: id || '（未注明材料）',
      necessity: 'optional' as const,
      given: true,
      paper: null,
      paperCheck: null,
      files: files.filter(f => (f.row.material ?? '') === id).map(view)
    }))
  ];
}

/** The applicant as the case records them, and the account holder who applied (their contact for the staff). */
async function holderOf(s: Services, row: CaseRow) {
  const [u] = await s.db.query<{
    kind: string;
    name: string;
    contact_name: string | null;
    phone: string | null;
    email: string | null;
  }>('select kind, name, contact_name, phone, email from users where id = $1', [row.applicantId]);
  return u ? { kind: u.kind, name: u.name, contactName: u.contact_name, phone: u.phone, email: u.email } : null;
}

async function supervisionOf(s: Services, caseId: string) {
  const rows = await s.db.query<{
    key: string;
    rule: string;
    level: string;
    department: string;
    record: { message?: string; deadline?: number };
    at: Date;
  }>('select key, rule, level, department, record, at from supervision_events where case_id = $1 order by at, id', [
    caseId
  ]);
  return rows.map(r => ({
    key: r.key,
    rule: r.rule,
    level: r.level,
    department: r.department,
    message: r.record.message ?? '',
    ...(r.record.deadline !== undefined ? { deadline: iso(r.record.deadline) } : {}),
    at: new Date(r.at).toISOString()
  }));
}

/**
 * Everything the staff's case page shows, read for a member of staff who may see the case (the caller checked):
 * the view and timeline, the applicant and holder, answers with the form's labels, materials with every round's
 * files, every opinion, every notice, supervision on the case, every deadline with its derivation, the co-approval,
 * a pending extension request, the false-materials proposals about the case and whether this person may propose (or
 * report) one, and the commands this person may give now with what their forms need.
 */
export async function casePage(s: Services, staff: Staff, found: { row: CaseRow; definition: Definition }) {
  const { row, definition } = found;
  const state = row.state;
  const calendar = s.calendar();
  const route = routeOf(definition);
  const by = {
    kind: 'staff' as const,
    id: staff.id,
    name: staff.name,
    department: staff.department ?? '',
    roles: staff.roles
  };
  const [materials, holder, supervision, events, part] = [
    await materialsOf(s, row.caseId, definition, state),
    await holderOf(s, row),
    await supervisionOf(s, row.caseId),
    await s.cases.events(row.caseId, row.version),
    await partInCase(s.db, staff, row)
  ];
  const view = caseView(state, definition, 'staff', calendar);
  const step = route.steps.find(s => s.id === state.stepId);
  return {
    ...view,
    timeline: timeline(events, 'staff'),
    part: part ?? null,
    holder,
    answers: definition.form.map(f => ({
      name: f.name,
      kind: f.kind,
      ...(f.unit ? { unit: f.unit } : {}),
      value: (state.answers[f.name] ?? null) as string | number | boolean | null
    })),
    materials,
    correctionRounds: state.correctionRounds,
    opinions: state.opinions.map(o => ({
      stepId: o.stepId,
      label: o.label,
      by:
        o.by.kind === 'staff'
          ? { kind: 'staff' as const, name: o.by.name, department: o.by.department, post: o.by.roles.join('、') }
          : { kind: o.by.kind, name: o.by.kind === 'applicant' ? '申请人' : '系统', department: null, post: null },
      at: iso(o.at),
      verdict: o.verdict,
      verdictLabel: verdictLabels[o.verdict],
      text: o.text
    })),
    supervision,
    deadlineDerivations: explainCaseDeadlines(definition, state, calendar).map(e => ({
      key: e.key,
      label: e.label,
      basis: e.basis,
      start: { at: iso(e.start.at), date: e.start.date, text: e.start.text },
      limit: e.limit,
      pauses: e.pauses.map(p => ({
        from: iso(p.from),
        to: p.to !== undefined ? iso(p.to) : null,
        reason: p.reason,
        label: p.label,
        remaining: p.remaining ?? null,
        movedTo: p.movedTo !== undefined ? iso(p.movedTo) : null
      })),
      extension: e.extension
        ? {
            at: iso(e.extension.at),
            amount: e.extension.amount,
            approvedBy: e.extension.approvedBy,
            requestedBy: e.extension.requestedBy ?? null,
            reason: e.extension.reason,
            movedTo: iso(e.extension.movedTo)
          }
        : null,
      holidays: e.holidays,
      adjustedWorkdays: e.adjustedWorkdays,
      at: e.at !== undefined ? iso(e.at) : null,
      stored: e.stored !== undefined ? iso(e.stored) : null,
      provisional: e.provisional,
      lines: e.lines
    })),
    coApproval:
      state.coApproval && step?.kind === 'parallel'
        ? {
            stepId: state.coApproval.stepId,
            distributedAt: iso(state.coApproval.distributedAt),
            coApprovers: step.coApprovers.map(c => {
              const a = state.coApproval!.answers[c.department];
              const due = state.deadlines?.coApprovers?.[c.department];
              return {
                department: c.department,
                limit: c.limit,
                deadline: due !== undefined ? iso(due) : null,
                answer: a ? { agree: a.agree, reasons: a.reasons, at: iso(a.at), late: a.late } : null
              };
            })
          }
        : null,
    extensionRequest: state.extensionRequest
      ? {
          at: iso(state.extensionRequest.at),
          reason: state.extensionRequest.reason,
          amount: state.extensionRequest.amount,
          by: state.extensionRequest.by
        }
      : null,
    extension: state.extension
      ? {
          at: iso(state.extension.at),
          reason: state.extension.reason,
          amount: state.extension.amount,
          approvedBy: state.extension.approvedBy,
          requestedBy: state.extension.requestedBy ?? null,
          opinion: state.extension.opinion ?? null
        }
      : null,
    falseMaterials: {
      may: falseMaterialsPart(part, staff.roles) ?? null,
      proposals: await caseFalseMaterials(s.db, row.caseId)
    },
    actions: pageActions(s.engine, definition, state, by, part, s.now()),
    windowResubmit: part === 'lead' ? windowResubmitForm(s.engine, definition, state, by, s.now()) : null
  };
}

/** A file of a case's application or its corrections, by id: what the staff download route serves. */
export async function caseFile(
  sql: Sql,
  caseId: string,
  fileId: string
): Promise<{ name: string; media_type: string; sha256: string } | undefined> {
  const [file] = await sql.query<{ name: string; media_type: string; sha256: string }>(
    'select name, media_type, sha256 from files where id = $1 and case_id = $2',
    [fileId, caseId]
  );
  return file;
}
