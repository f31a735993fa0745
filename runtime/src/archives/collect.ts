import { caseView, timeline, validUntil, type CaseRow, type Services } from '../cases/index.ts';
import {
  documentForNotice,
  documentPdf,
  documentsOfCase,
  issueDocuments,
  type IssueOptions
} from '../documents/index.ts';
import { licenceForCase } from '../licences/index.ts';
import type { ArchivedNotice, CaseRecord } from './package.ts';

/** The statuses a case closes in: 办结, 不予受理, 撤回 (seed 001 第二十二条 “办结后……自动归档”). */
export const closedStatuses = ['completed', 'refused', 'withdrawn'] as const;
export type ClosedStatus = (typeof closedStatuses)[number];
export const isClosed = (status: string): status is ClosedStatus =>
  (closedStatuses as readonly string[]).includes(status);

/**
 * Reads what a closed case's package is made of: its record, its files from the blob store, its notices. With
 * `documents` (the site's address, as the documents chore has it) the case's documents not sealed yet are sealed
 * first; then each notice is its sealed PDF (documents/, migration 024) where there is one, else the engine's
 * notice as JSON and text, and the sealed licence PDF joins the licence.
 */
export async function collectCase(s: Services, row: CaseRow, documents?: IssueOptions): Promise<CaseRecord> {
  if (documents) await issueDocuments(s, row.caseId, documents);
  const definition = await s.cases.definitionOf(row);
  const events = await s.cases.events(row.caseId, row.version);
  const closing = [...events].reverse().find(e => ['Completed', 'Refused', 'Withdrawn'].includes(e.event.type));
  const status: ClosedStatus | undefined = isClosed(row.status)
    ? row.status
    : closing &&
      ({ Completed: 'completed', Refused: 'refused', Withdrawn: 'withdrawn' } as const)[
        closing.event.type as 'Completed' | 'Refused' | 'Withdrawn'
      ];
  if (!status) throw new Error(`办件 ${row.caseNumber} 状态为 ${row.status}，尚未办结，不能归档。`);
  const labelled = timeline(events, 'staff');
  const files = await s.db.query<{
    id: string;
    material: string | null;
    name: string;
    media_type: string;
    sha256: string;
    size: string | number;
    round: number | null;
  }>(
    'select id, material, name, media_type, sha256, size, round from files where case_id = $1 order by created_at, id',
    [row.caseId]
  );
  const materials = [];
  for (const f of files) {
    const bytes = await s.blobs.get(f.sha256);
    if (!bytes || bytes.byteLength !== Number(f.size))
      throw new Error(`办件 ${row.caseNumber} 的材料“${f.name}”不在文件库中（${f.sha256}）：不能归档。`);
    materials.push({
      id: f.id,
      material: f.material,
      name: f.name,
      mediaType: f.media_type,
      round: f.round ?? 0,
      bytes
    });
  }
  const [holder] = await s.db.query<{ identifier: string | null }>(
    'select coalesce(id_number, credit_code) as identifier from users where id::text = $1',
    [row.state.applicant.id]
  );
  const notices: ArchivedNotice[] = [];
  for (const n of caseView(row.state, definition, 'staff', s.calendar()).notices) {
    const id = await documentForNotice(s.db, row.caseId, n.kind, Date.parse(n.issuedAt));
    const sealed = id ? await documentPdf(s.db, id) : undefined;
    notices.push({
      kind: n.kind,
      title: n.title,
      issuedAt: n.issuedAt,
      lines: n.lines,
      ...(sealed ? { pdf: sealed.pdf, number: sealed.number } : {})
    });
  }
  const licenceDocument = (await documentsOfCase(s.db, row.caseId)).find(d => d.kind === 'licence');
  const licencePdf = licenceDocument && (await documentPdf(s.db, licenceDocument.id));
  const decision = row.state.decision;
  const result = definition.result;
  // The e-licence library's licence (its own number, 001 第二十条) where it issued one; else as the case states it.
  const library = await licenceForCase(s.db, row.caseId, s.now());
  const licence: CaseRecord['licence'] = library
    ? { ...library, source: '电子证照库' }
    : result?.kind === 'licence' && decision?.approve && !decision.conclusion && status === 'completed'
      ? (() => {
          const issuedOn = s.calendar().dateOf(decision.at);
          return {
            name: result.name,
            number: row.caseNumber,
            holderName: row.state.applicant.name,
            department: row.department,
            issuedOn,
            validUntil: validUntil(issuedOn, result.validity) ?? null,
            source: '办件决定'
          };
        })()
      : undefined;
  return {
    caseId: row.caseId,
    caseNumber: row.caseNumber,
    department: row.department,
    applicantIdentifier: holder?.identifier ?? null,
    status,
    state: row.state,
    definition,
    events: events.map((e, i) => ({ ...e, label: labelled[i]!.label, by: labelled[i]!.by })),
    materials,
    notices,
    ...(licence ? { licence } : {}),
    ...(licencePdf && licenceDocument
      ? { licencePdf: { title: licenceDocument.title, number: licencePdf.number, pdf: licencePdf.pdf } }
      : {})
  };
}
