import { randomUUID } from 'node:crypto';
import type { Staff } from '../accounts/index.ts';
import { auditPart, audit } from '../platform/audit.ts';
import { once, rememberPart, requestHash } from '../platform/idempotency.ts';
import { Refusal } from '../platform/refusal.ts';
import { checkedAnswers, checkFiles, linkFilesPart, type MaterialFile } from './applications.ts';
import { caseView } from './case-view.ts';
import type { Command } from './engine/index.ts';
import { rejectionError } from './rejections.ts';
import { refuseOverRepeatLimit } from './repeat-limit.ts';
import type { Services } from './services.ts';
import { storeUpload, type FileView } from './uploads.ts';
import { applicantById, asApplicant, refuseUnlessWindow, staffActor } from './window.ts';

function liveMatter(s: Services, code: string) {
  const live = s.registry.live(code);
  if (!live) throw new Refusal('notFound', 'matter.not-found', '该事项未发布或已停办。', { code });
  return live.definition;
}

/**
 * A scan the window uploads for an applicant's application (seeds/003 §四: the window scans for those without the
 * means): the same checks as the hall's uploads (size, type by the bytes, pages counted), owned by the applicant so
 * the file becomes their case's; the audit line names the clerk.
 */
export async function uploadAtWindow(
  s: Services,
  staff: Staff,
  input: { applicantId: string; matterCode: string; material: string; name: string; bytes: Uint8Array },
  ip: string | undefined
): Promise<FileView> {
  const definition = liveMatter(s, input.matterCode);
  refuseUnlessWindow(definition, staff);
  if (!definition.materials.some(m => m.id === input.material))
    throw new Refusal('invalid', 'material.unknown', `本事项没有这项材料：${input.material}。`, {
      materials: [input.material]
    });
  const applicant = await applicantById(s.db, input.applicantId, s.now());
  return storeUpload(
    s.db,
    s.blobs,
    { ownerId: applicant.id, name: input.name, material: input.material, bytes: input.bytes },
    s.now(),
    async (tx, f) => {
      await audit(tx, {
        actor: staff,
        action: 'window.file.upload',
        outcome: 'ok',
        target: f.id,
        ip,
        detail: {
          applicantId: applicant.id,
          mediaType: f.mediaType,
          size: f.size,
          pages: f.pages,
          material: input.material
        }
      });
    }
  );
}

/** An application the window enters on an applicant's behalf. */
export interface WindowApplication {
  applicantId: string;
  matterCode: string;
  answers: Record<string, string | number | boolean | null>;
  materials: MaterialFile[];
  delivery?: 'onSite' | 'express' | 'online' | undefined;
  inspectionMode?: 'written' | 'onSite' | undefined;
  commitmentSigned?: boolean | undefined;
}

/**
 * Submits on the applicant's behalf with the on-site channel (递交方式：现场), once per key: the window post of the
 * matter's accepting department only; the same answers and eligibility checks as online; the files the applicant's
 * own (uploaded here) within the page limits. The engine records the clerk as the one who entered it (who, when);
 * the case is the applicant's. The online blacklist does not stop the window (seeds/001 第二十五条 restricts 网上办事),
 * the repeat limit does.
 */
export async function submitAtWindow(
  s: Services,
  staff: Staff,
  input: WindowApplication,
  key: string | undefined,
  ip: string | undefined
): Promise<{ status: number; body: unknown; replayed: boolean; caseId: string }> {
  const hash = requestHash({ action: 'window.submit', input });
  const result = await once(s.db, staff.id, key, hash, async () => {
    const definition = liveMatter(s, input.matterCode);
    refuseUnlessWindow(definition, staff);
    const applicant = asApplicant(await applicantById(s.db, input.applicantId, s.now()));
    // Who the matter serves (个人 or 法人) is the engine's rule, the same for the hall and the window.
    await refuseOverRepeatLimit(s, applicant.id, definition);
    const answers = checkedAnswers(definition, input.answers, s.calendar().dateOf(s.now()));
    await checkFiles(s, applicant.id, input.materials, definition, undefined);
    const given = new Set(input.materials.map(m => m.material));
    const command: Extract<Command, { type: 'submit' }> = {
      type: 'submit',
      by: staffActor(staff),
      caseId: randomUUID(),
      caseNumber: '',
      applicant: { id: applicant.id, kind: applicant.kind, name: applicant.name, goodRecord: applicant.goodRecord },
      channel: 'onSite',
      answers,
      materials: definition.materials.map(m => m.id).filter(id => given.has(id)),
      ...(input.inspectionMode ? { inspectionMode: input.inspectionMode } : {}),
      ...(input.commitmentSigned !== undefined ? { commitmentSigned: input.commitmentSigned } : {}),
      ...(input.delivery ? { delivery: input.delivery } : {})
    };
    let stored: { status: number; body: unknown } | undefined;
    const outcome = await s.cases.submit(input.matterCode, command, s.now(), applied => {
      stored = { status: 201, body: caseView(applied.state, definition, 'staff', s.calendar()) };
      return [
        ...linkFilesPart(applicant.id, input.materials),
        ...rememberPart(staff.id, key, hash, stored),
        auditPart({
          actor: staff,
          action: 'window.submit',
          outcome: 'ok',
          target: input.matterCode,
          caseId: applied.state.id,
          ip,
          detail: { applicantId: applicant.id }
        })
      ];
    });
    if (!outcome.ok) throw rejectionError(outcome.rejection);
    return stored!;
  });
  return { ...result, caseId: (result.body as { id: string }).id };
}
