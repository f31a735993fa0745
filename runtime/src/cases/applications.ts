import { randomUUID } from 'node:crypto';
import { auditPart, audit } from '../platform/audit.ts';
import type { Applicant } from '../accounts/index.ts';
import {
  checkAnswers,
  eligibilityMessage,
  requiredUploads,
  unmetEligibility,
  type AnswerMap
} from '@banshi/definition/answers';
import type { Definition } from '@banshi/definition';
import type { Command } from './engine/index.ts';
import { part, type SqlPart } from '../platform/db/write-statement.ts';
import { caseView } from './case-view.ts';
import type { Services } from './services.ts';
import { once, rememberPart, requestHash } from '../platform/idempotency.ts';
import { rejectionError } from './rejections.ts';
import { refuseIfRestricted } from '../blacklist/index.ts';
import { Refusal } from '../platform/refusal.ts';
import { refuseOverRepeatLimit } from './repeat-limit.ts';
import { checkedUses, libraryMaterials, usesPart, type LicenceUse } from '../licences/index.ts';

export interface MaterialFile {
  material: string;
  fileId: string;
}

/** An application as the applicant sends it, through the API or the hall's form. */
export interface Application {
  matterCode: string;
  channel: 'online' | 'express' | 'onSite';
  answers: AnswerMap;
  materials: MaterialFile[];
  inspectionMode?: 'written' | 'onSite' | undefined;
  commitmentSigned?: boolean | undefined;
  delivery?: 'onSite' | 'express' | 'online' | undefined;
  /** Held licences the applicant consents to have taken from the e-licence library, by material. */
  licences?: LicenceUse[] | undefined;
}

export interface Submitted {
  status: number;
  body: unknown;
  replayed: boolean;
  caseId: string;
}

/**
 * Submits an application once per idempotency key: refused while the applicant is on the blacklist (403, saying
 * why and until when), the form's answers checked field by field (422 with the fields), an online application's
 * required materials present (422 naming them), the files the applicant's own uploads within the materials' page
 * limits, then the engine decides (an applicant never declares the window's channel) and the case, its files, the
 * idempotency key and the audit line are written in one statement.
 */
export async function submitApplication(
  s: Services,
  applicant: Applicant,
  input: Application,
  key: string | undefined,
  ip: string | undefined
): Promise<Submitted> {
  const hash = requestHash(input);
  const result = await once(s.db, applicant.id, key, hash, async () => {
    const live = s.registry.live(input.matterCode);
    if (!live) throw new Refusal('notFound', 'matter.not-found', '该事项未发布或已停办。', { code: input.matterCode });
    const definition = live.definition;
    // Licences taken from the library (seeds/001 第二十条): the applicant's own, in force, one per material.
    const uses = await checkedUses(s.db, definition, applicant.id, input.licences ?? [], s.calendar().dateOf(s.now()));
    const subject = definition.repeatLimit?.licence;
    const library = libraryMaterials(definition);
    await refuseOverRepeatLimit(
      s,
      applicant.id,
      definition,
      uses.find(u => library.find(m => m.material === u.material)?.licence === subject)?.licenceId
    );
    // The blacklist restricts applying through the hall, online or by express; the window still takes applications.
    await refuseIfRestricted(s.db, applicant, s.now());
    const answers = checkedAnswers(definition, input.answers, s.calendar().dateOf(s.now()));
    if (input.channel === 'online') requireUploads(definition, answers, input.materials);
    await checkFiles(s, applicant.id, input.materials, definition, undefined);
    const caseId = randomUUID();
    const command: Extract<Command, { type: 'submit' }> = {
      type: 'submit',
      by: { kind: 'applicant', id: applicant.id, name: applicant.name },
      caseId,
      caseNumber: '',
      applicant: { id: applicant.id, kind: applicant.kind, name: applicant.name, goodRecord: applicant.goodRecord },
      channel: input.channel,
      answers,
      materials: inOrder(
        definition,
        input.materials.map(m => m.material)
      ),
      ...(input.inspectionMode ? { inspectionMode: input.inspectionMode } : {}),
      ...(input.commitmentSigned !== undefined ? { commitmentSigned: input.commitmentSigned } : {}),
      ...(input.delivery ? { delivery: input.delivery } : {})
    };
    let stored: { status: number; body: unknown } | undefined;
    const outcome = await s.cases.submit(input.matterCode, command, s.now(), applied => {
      stored = { status: 201, body: caseView(applied.state, definition, 'applicant', s.calendar()) };
      return [
        ...linkFilesPart(applicant.id, input.materials),
        ...usesPart(applicant.id, definition.code, uses, s.now()),
        ...rememberPart(applicant.id, key, hash, stored),
        auditPart({ actor: applicant, action: 'case.submit', outcome: 'ok', target: input.matterCode, ip }),
        ...(uses.length > 0
          ? [
              auditPart({
                actor: applicant,
                action: 'licence.consent',
                outcome: 'ok',
                target: input.matterCode,
                ip,
                detail: { licences: uses.map(u => ({ material: u.material, number: u.number })) }
              })
            ]
          : [])
      ];
    });
    if (!outcome.ok) {
      await audit(s.db, {
        actor: applicant,
        action: 'case.submit',
        outcome: 'rejected',
        target: input.matterCode,
        ip,
        detail: { code: outcome.rejection.code }
      });
      throw rejectionError(outcome.rejection);
    }
    return stored!;
  });
  return { ...result, caseId: (result.body as { id: string }).id };
}

/** Resubmits a case under correction: changed answers and new files, once per key. */
export async function resubmitApplication(
  s: Services,
  applicant: Applicant,
  caseId: string,
  input: { answers?: AnswerMap | undefined; materials?: MaterialFile[] | undefined },
  key: string | undefined,
  ip: string | undefined
): Promise<{ status: number; body: unknown; replayed: boolean }> {
  const row = await s.cases.load(s.db, caseId);
  if (!row || row.applicantId !== applicant.id) {
    await audit(s.db, {
      actor: applicant,
      action: 'case.resubmit',
      outcome: 'denied',
      caseId: row ? caseId : undefined,
      ip
    });
    throw new Refusal('notFound', 'not-found', '找不到这个办件。');
  }
  const definition = await s.cases.definitionOf(row);
  const hash = requestHash({ action: 'resubmit', id: caseId, body: input });
  return once(s.db, applicant.id, key, hash, async () => {
    const materials = input.materials ?? [];
    await checkFiles(s, applicant.id, materials, definition, caseId);
    const answers = input.answers
      ? checkedAnswers(definition, { ...row.state.answers, ...input.answers }, s.calendar().dateOf(s.now()))
      : undefined;
    const command: Command = {
      type: 'resubmit',
      by: { kind: 'applicant', id: applicant.id, name: applicant.name },
      ...(answers ? { answers } : {}),
      ...(materials.length > 0
        ? { materials: inOrder(definition, [...row.state.materials, ...materials.map(m => m.material)]) }
        : {})
    };
    let stored: { status: number; body: unknown } | undefined;
    const outcome = await s.cases.execute(caseId, command, s.now(), applied => {
      stored = { status: 200, body: caseView(applied.state, definition, 'applicant', s.calendar()) };
      return [
        ...linkFilesPart(applicant.id, materials),
        ...rememberPart(applicant.id, key, hash, stored),
        auditPart({ actor: applicant, action: 'case.resubmit', outcome: 'ok', ip })
      ];
    });
    if (!outcome.ok) throw rejectionError(outcome.rejection);
    return stored!;
  });
}

/**
 * The answers as stored, or a 422 listing every wrong field (`details.fields`: name → message), or a 422 naming
 * the eligibility rules (申请条件) the answers fail (`details.eligibility`: the rules' names).
 */
export function checkedAnswers(
  definition: Definition,
  answers: AnswerMap,
  today: string
): Record<string, string | number | boolean> {
  const checked = checkAnswers(definition, answers, today);
  const wrong = Object.entries(checked.errors);
  if (wrong.length > 0) {
    throw new Refusal(
      'invalid',
      'form.invalid',
      `申请表有 ${wrong.length} 处需要更正：${wrong.map(([, m]) => m).join('；')}。`,
      { fields: checked.errors }
    );
  }
  const unmet = unmetEligibility(definition, checked.answers);
  if (unmet.length > 0) {
    throw new Refusal('invalid', 'eligibility.unmet', eligibilityMessage(unmet), {
      eligibility: unmet.map(rule => rule.name)
    });
  }
  return checked.answers;
}

/** An online application carries a file for every material its answers make required. */
export function requireUploads(definition: Definition, answers: AnswerMap, materials: MaterialFile[]): void {
  const given = new Set(materials.map(m => m.material));
  const missing = requiredUploads(definition, answers, given).filter(m => !given.has(m.id));
  if (missing.length > 0) {
    throw new Refusal(
      'invalid',
      'material.missing',
      `网上申请须上传以下材料：${missing.map(m => m.title).join('、')}。`,
      {
        materials: missing.map(m => m.id)
      }
    );
  }
}

/**
 * Files named in an application must be the applicant's own uploads, not yet part of another case, for materials
 * the matter lists, within each material's page limit for scans.
 */
export async function checkFiles(
  s: Services,
  ownerId: string,
  materials: MaterialFile[],
  definition: Definition,
  caseId: string | undefined
): Promise<void> {
  const known = new Map(definition.materials.map(m => [m.id, m]));
  const unknown = materials.filter(m => !known.has(m.material));
  if (unknown.length > 0)
    throw new Refusal(
      'invalid',
      'material.unknown',
      `本事项没有这些材料：${unknown.map(m => m.material).join('、')}。`,
      {
        materials: unknown.map(m => m.material)
      }
    );
  if (materials.length === 0) return;
  const ids = [...new Set(materials.map(m => m.fileId))];
  if (ids.length !== materials.length)
    throw new Refusal('invalid', 'file.reused', '同一个文件只能作为一项材料提交，请为每项材料分别上传。');
  const rows = await s.db.query<{ id: string; pages: number | null; name: string }>(
    `select id, pages, name from files where owner_id = $1 and id in (select value::uuid from jsonb_array_elements_text($2::jsonb)) and (case_id is null or case_id = $3)`,
    [ownerId, JSON.stringify(ids), caseId ?? null]
  );
  if (rows.length !== ids.length)
    throw new Refusal('invalid', 'file.unknown', '有附件不存在，或不属于您。请重新上传。');
  const pages = new Map(rows.map(r => [r.id, r]));
  for (const m of materials) {
    const limit = known.get(m.material)!.scan?.maxPages;
    const file = pages.get(m.fileId)!;
    if (limit && file.pages !== null && file.pages > limit) {
      throw new Refusal(
        'invalid',
        'file.pages',
        `“${known.get(m.material)!.title}”的扫描件最多 ${limit} 页，“${file.name}”有 ${file.pages} 页。`,
        { material: m.material, maxPages: limit, pages: file.pages }
      );
    }
  }
}

/** Files named in the application become the case's, as part of the command's write. */
export function linkFilesPart(ownerId: string, materials: MaterialFile[]): SqlPart[] {
  if (materials.length === 0) return [];
  return [
    part(
      // The round: the case's correction rounds before this write (0 for a new case; n when answering the n-th notice).
      `update files f set case_id = t.case_id, material = m.material,
       round = coalesce((select (c.state->>'correctionRounds')::int from cases c where c.case_id = t.case_id), 0)
     from target t, jsonb_to_recordset($2::jsonb) as m(material text, "fileId" uuid)
     where f.id = m."fileId" and f.owner_id = $1`,
      ownerId,
      JSON.stringify(materials)
    )
  ];
}

/** Withdraws the applicant's own case, once per key. */
export async function withdrawApplication(
  s: Services,
  applicant: Applicant,
  caseId: string,
  reason: string | undefined,
  key: string | undefined,
  ip: string | undefined
) {
  const row = await s.cases.load(s.db, caseId);
  if (!row || row.applicantId !== applicant.id) {
    await audit(s.db, {
      actor: applicant,
      action: 'case.withdraw',
      outcome: 'denied',
      caseId: row ? caseId : undefined,
      ip
    });
    throw new Refusal('notFound', 'not-found', '找不到这个办件。');
  }
  const definition = await s.cases.definitionOf(row);
  const hash = requestHash({ action: 'withdraw', id: caseId, body: { reason } });
  const command: Command = {
    type: 'withdraw',
    by: { kind: 'applicant', id: applicant.id, name: applicant.name },
    ...(reason ? { reason } : {})
  };
  return once(s.db, applicant.id, key, hash, async () => {
    let stored: { status: number; body: unknown } | undefined;
    const outcome = await s.cases.execute(caseId, command, s.now(), applied => {
      stored = { status: 200, body: caseView(applied.state, definition, 'applicant', s.calendar()) };
      return [
        ...rememberPart(applicant.id, key, hash, stored),
        auditPart({ actor: applicant, action: 'case.withdraw', outcome: 'ok', ip })
      ];
    });
    if (!outcome.ok) throw rejectionError(outcome.rejection);
    return stored!;
  });
}

/** Material ids once each, in the order the matter lists them (the receipt reads as the guide does). */
export function inOrder(definition: Definition, ids: string[]): string[] {
  const given = new Set(ids);
  return definition.materials.map(m => m.id).filter(id => given.has(id));
}
