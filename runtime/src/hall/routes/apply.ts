import type { Hono } from 'hono';
import {
  checkAnswers,
  eligibilityMessage,
  materialsFor,
  requiredUploads,
  unmetEligibility
} from '@banshi/definition/answers';
import { serves, type Definition } from '@banshi/definition';
import type { Applicant } from '../../accounts/index.ts';
import { identityOf, unverifiedRefusal } from '../../accounts/identity.ts';
import { refuseIfRestricted } from '../../blacklist/index.ts';
import {
  applicantChannels,
  carryDraftOver,
  carryOver,
  cleanFileName,
  createPickup,
  draftById,
  fileFacts,
  latestDraft,
  markSubmitted,
  saveDraft,
  storeUpload,
  submitApplication,
  uploadAudit,
  type Draft,
  type DraftChoices,
  type MaterialFile,
  type Services
} from '../../cases/index.ts';
import { audit } from '../../platform/audit.ts';
import { offers as licenceOffers } from '../../licences/index.ts';
import { consentedUses, tickedLicences } from './licence-consent.ts';
import { Refusal } from '../../platform/refusal.ts';
import type { AppEnv } from '../../web/env.ts';
import { refusalStatus } from '../../web/errors.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import { fieldId, materialId } from '../components/application-form.ts';
import type { FieldErrors } from '../components/form.tsx';
import { applicantOrSignIn, view, viewerOf, type HallContext } from '../render.ts';
import { ApplyPage } from '../views/apply/ApplyPage.tsx';
import { MatterNotFoundPage } from '../views/home-and-guide/MatterNotFoundPage.tsx';

const mobileOrLandline = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

/** Why this applicant cannot apply for this matter online at all. */
function blockedFor(definition: Definition, applicant: Applicant): string | undefined {
  if (!serves(definition, applicant.kind))
    return applicant.kind === 'person'
      ? '本事项面向企业和其他组织，请使用法人账号登录后申请。'
      : '本事项面向个人，请使用个人账号登录后申请。';
  if (applicantChannels(definition).length === 0)
    return '本事项须到服务大厅窗口递交申请，由窗口工作人员当场录入；可以先预约到窗口办理的时间。';
  return undefined;
}

/**
 * 在线申请 (/hall/matters/:code/apply): the form, its draft kept on every post, uploads sent with the form when there
 * is no script, and submission, which lands on the receipt. Every rule is reported on its field before the engine
 * sees the application.
 */
export function applyRoutes(app: Hono<AppEnv>, s: Services): void {
  const page = async (
    c: HallContext,
    applicant: Applicant,
    definition: Definition,
    draft: Draft,
    errors: FieldErrors,
    status = 200,
    notice?: string
  ) => {
    const files = await fileFacts(
      s.db,
      applicant.id,
      draft.materials.map(m => m.fileId)
    );
    // The e-licence library's offers, and what was ticked when the page comes back from a post.
    const offers = await licenceOffers(s.db, definition, applicant.id, s.calendar().dateOf(s.now()));
    const ticked = await tickedLicences(c, offers);
    const chosen = Object.fromEntries(Object.entries(ticked).map(([m, ids]) => [m, ids[0]!]));
    let restricted: string | undefined;
    try {
      await refuseIfRestricted(s.db, applicant, s.now());
    } catch (error) {
      if (!(error instanceof Refusal) || error.code !== 'applicant.restricted') throw error;
      restricted = error.message;
    }
    const verified = (await identityOf(s.db, applicant.id)).level === 'verified';
    return view(
      c,
      ApplyPage,
      {
        viewer: viewerOf(c)!,
        definition,
        draft,
        files,
        offers,
        chosen,
        errors,
        notice,
        restricted,
        ...(verified ? {} : { unverified: unverifiedRefusal(applicant.kind).message }),
        today: s.calendar().dateOf(s.now()),
        blocked: blockedFor(definition, applicant)
      },
      status
    );
  };
  const missing = (c: HallContext) => view(c, MatterNotFoundPage, { viewer: viewerOf(c) }, 404);
  const versionOf = (code: string, version: number) => s.registry.version(code, version);

  app.get('/hall/matters/:code/apply', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const live = s.registry.live(c.req.param('code'));
    if (!live) return missing(c);
    const asked = c.req.query('draft');
    const found =
      (asked ? await draftById(s.db, applicant.id, asked) : undefined) ??
      (await latestDraft(s.db, applicant.id, live.code));
    if (found?.caseId) return c.redirect(`/hall/cases/${found.caseId}`, 303);
    // A draft written under an older version moves to the live one, and the page says what changed.
    const draft = found && (await carryDraftOver(s.db, versionOf, applicant.id, found, live));
    const empty: Draft = {
      id: crypto.randomUUID(),
      matterCode: live.code,
      answers: {},
      materials: [],
      choices: {},
      caseId: null,
      updatedAt: ''
    };
    const notice =
      c.req.query('done') === 'saved'
        ? '草稿已保存。您可以随时从“我的办件”继续填写。'
        : draft
          ? '已为您打开上次保存的草稿。'
          : undefined;
    return page(c, applicant, live.definition, draft ?? empty, {}, 200, notice);
  });

  // Its size limit (100 MB: files come with the form when there is no script) is set in app.ts.
  app.post('/hall/matters/:code/apply', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const live = s.registry.live(c.req.param('code'));
    if (!live) return missing(c);
    const definition = live.definition;
    let body: Record<string, unknown>;
    try {
      body = await c.req.parseBody({ all: true });
    } catch {
      body = {};
    }
    const text = (name: string, max = 500) => {
      const v = body[name];
      const last = Array.isArray(v) ? v.at(-1) : v;
      return typeof last === 'string' ? last.replace(/\0/g, '').slice(0, max) : '';
    };
    const list = (name: string) => {
      const v = body[name];
      return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
    };
    const files = (name: string) => {
      const v = body[name];
      return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
        (x): x is File => typeof x === 'object' && x !== null && 'arrayBuffer' in x && x.size > 0
      );
    };

    // What was typed, as typed: kept in the draft whatever happens next.
    let answers: Record<string, string> = {};
    for (const f of definition.form) {
      const v = text(`answer.${f.name}`);
      if (v !== '') answers[f.name] = v;
    }
    const removed = new Set(list('remove'));
    const known = new Set(definition.materials.map(m => m.id));
    let materials: MaterialFile[] = [];
    for (const entry of [...list('keep'), ...list('add')]) {
      const at = entry.lastIndexOf(':');
      const material = entry.slice(0, at);
      const fileId = entry.slice(at + 1);
      if (
        known.has(material) &&
        /^[0-9a-f-]{36}$/i.test(fileId) &&
        !removed.has(fileId) &&
        !materials.some(m => m.fileId === fileId)
      )
        materials.push({ material, fileId });
    }
    const choices: DraftChoices = {
      ...(text('channel') ? { channel: text('channel') } : {}),
      ...(text('delivery') ? { delivery: text('delivery') } : {}),
      ...(text('inspectionMode') ? { inspectionMode: text('inspectionMode') } : {}),
      commitmentSigned: text('commitment') === 'yes',
      ...(text('pickup.address') || text('pickup.contact') || text('pickup.phone')
        ? {
            pickup: {
              address: text('pickup.address', 200),
              contact: text('pickup.contact', 50),
              phone: text('pickup.phone', 20)
            }
          }
        : {})
    };

    // Files sent with the form (no script): checked by their bytes and stored one by one.
    const errors: FieldErrors = {};
    for (const [index, m] of definition.materials.entries()) {
      for (const file of files(`file.${m.id}`)) {
        try {
          const stored = await storeUpload(
            s.db,
            s.blobs,
            {
              ownerId: applicant.id,
              name: cleanFileName(file.name),
              material: m.id,
              bytes: new Uint8Array(await file.arrayBuffer())
            },
            s.now(),
            uploadAudit(applicant, ip(c), m.id)
          );
          if (m.scan?.maxPages && stored.pages !== null && stored.pages > m.scan.maxPages) {
            errors[materialId(index)] =
              `“${m.title}”的扫描件最多 ${m.scan.maxPages} 页，“${stored.name}”有 ${stored.pages} 页，请删减后重新上传。`;
          } else {
            materials.push({ material: m.id, fileId: stored.id });
          }
        } catch (error) {
          if (!(error instanceof Refusal)) throw error;
          errors[materialId(index)] = `“${m.title}”：${error.message}`;
        }
      }
    }

    const asked = text('draft', 36);
    const existing = asked ? await draftById(s.db, applicant.id, asked) : undefined;
    if (existing?.caseId) return c.redirect(`/hall/cases/${existing.caseId}/receipt`, 303);
    // The form was filled under an older version (a new one went live meanwhile): carried over, and not submitted
    // before the applicant has seen what changed.
    const older = existing?.matterVersion ? await versionOf(live.code, existing.matterVersion) : undefined;
    const carried =
      older && existing?.matterVersion && existing.matterVersion < live.version
        ? carryOver(older, definition, { answers, materials }, { from: existing.matterVersion, to: live.version })
        : undefined;
    if (carried) ({ answers, materials } = carried);
    const id = await saveDraft(
      s.db,
      applicant.id,
      {
        ...(existing || /^[0-9a-f-]{36}$/i.test(asked) ? { id: existing?.id ?? asked } : {}),
        matterCode: live.code,
        answers,
        materials,
        choices,
        matterVersion: live.version
      },
      s.now()
    );
    const saved = (await draftById(s.db, applicant.id, id))!;
    const draft = carried ? { ...saved, carriedOver: carried.changes } : saved;
    const intent = text('intent');
    if (Object.keys(errors).length > 0) return page(c, applicant, definition, draft, errors, 422);
    if (carried) return page(c, applicant, definition, draft, {}, 409);
    if (intent === 'save') return c.redirect(`/hall/matters/${live.code}/apply?draft=${id}&done=saved`, 303);
    if (intent !== 'submit') return page(c, applicant, definition, draft, {}, 200, '已根据您填写的内容更新材料清单。');

    // Submission: every rule the server has, reported field by field, before the engine sees it.
    const blocked = blockedFor(definition, applicant);
    if (blocked) return page(c, applicant, definition, draft, {}, 403);
    // Only a verified account applies online (seeds/001 第七条); what was typed is in the draft already.
    if ((await identityOf(s.db, applicant.id)).level !== 'verified') {
      await audit(s.db, {
        actor: applicant,
        action: 'hall.apply',
        outcome: 'denied',
        target: live.code,
        ip: ip(c),
        detail: { code: 'identity.unverified' }
      });
      const refusal = unverifiedRefusal(applicant.kind);
      return page(c, applicant, definition, draft, { identity: `${refusal.message}您填写的内容已保存为草稿。` }, 403);
    }
    const checked = checkAnswers(definition, answers, s.calendar().dateOf(s.now()));
    definition.form.forEach((f, i) => {
      if (checked.errors[f.name]) errors[fieldId(i)] = checked.errors[f.name]!;
    });
    // Eligibility (申请条件) on answers that are otherwise right: the summary names the rules and leads to the form.
    const unmet = Object.keys(checked.errors).length === 0 ? unmetEligibility(definition, checked.answers) : [];
    if (unmet.length > 0) errors.form = eligibilityMessage(unmet);
    const channel = applicantChannels(definition).find(x => x === choices.channel);
    if (!channel) errors.channel = '请选择递交方式';
    const delivery = (['onSite', 'express', 'online'] as const).find(
      x => x === choices.delivery && definition.delivery.includes(x)
    );
    if (definition.delivery.some(x => x !== 'announcement') && !delivery) errors.delivery = '请选择结果送达方式';
    if (channel === 'online') {
      const given = new Set(materials.map(m => m.material));
      for (const m of requiredUploads(definition, checked.answers, given)) {
        if (!given.has(m.id)) errors[materialId(definition.materials.indexOf(m))] = `请上传“${m.title}”`;
      }
    }
    if (channel === 'express') {
      if (!choices.pickup?.address) errors.pickupAddress = '请填写取件地址';
      if (!choices.pickup?.contact) errors.pickupContact = '请填写取件联系人';
      if (!mobileOrLandline.test((choices.pickup?.phone ?? '').replace(/\s/g, '')))
        errors.pickupPhone = '取件联系电话请填写 11 位手机号码或带区号的固定电话';
    }
    const mode = definition.annualInspection?.modes.find(m => m.kind === choices.inspectionMode)?.kind;
    if (definition.annualInspection && !mode) errors.inspectionMode = '请选择年检方式';
    if (definition.declaration && !choices.commitmentSigned) errors.commitment = '请阅读并签署承诺';
    // Held licences are taken from the library with the applicant's consent, never uploaded again.
    const offers = await licenceOffers(s.db, definition, applicant.id, s.calendar().dateOf(s.now()));
    const needs = materialsFor(definition, checked.answers, new Set(materials.map(m => m.material)));
    const consent = consentedUses(offers, await tickedLicences(c, offers), material =>
      needs.some(n => n.material.id === material && n.need !== 'notNeeded')
    );
    Object.assign(errors, consent.errors);
    if (Object.keys(errors).length > 0) return page(c, applicant, definition, draft, errors, 422);

    try {
      // The draft's id is the idempotency key: a double click or a retried post makes one case.
      const result = await submitApplication(
        s,
        applicant,
        {
          matterCode: live.code,
          channel: channel!,
          answers: checked.answers,
          materials,
          ...(mode ? { inspectionMode: mode } : {}),
          ...(definition.declaration ? { commitmentSigned: true } : {}),
          ...(delivery ? { delivery } : {}),
          ...(consent.uses.length > 0 ? { licences: consent.uses } : {})
        },
        `draft:${id}`,
        ip(c)
      );
      await markSubmitted(s.db, applicant.id, id, result.caseId, s.now());
      if (channel === 'express' && choices.pickup)
        await createPickup(
          s.db,
          result.caseId,
          choices.pickup,
          definition.places[0] ?? definition.department.name,
          s.now()
        );
      return c.redirect(`/hall/cases/${result.caseId}/receipt`, 303);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      const fields = error.details.fields as Record<string, string> | undefined;
      if (fields)
        definition.form.forEach((f, i) => {
          if (fields[f.name]) errors[fieldId(i)] = fields[f.name]!;
        });
      else if (error.code === 'material.missing')
        (error.details.materials as string[]).forEach(mid => {
          errors[materialId(definition.materials.findIndex(m => m.id === mid))] =
            `请上传“${definition.materials.find(m => m.id === mid)?.title}”`;
        });
      else if (error.code === 'eligibility.unmet') errors.form = error.message;
      else if (error.code === 'file.pages')
        errors[materialId(definition.materials.findIndex(m => m.id === error.details.material))] = error.message;
      else errors.applicant = error.message;
      await audit(s.db, {
        actor: applicant,
        action: 'hall.apply',
        outcome: 'rejected',
        target: live.code,
        ip: ip(c),
        detail: { code: error.code }
      });
      return page(c, applicant, definition, draft, errors, refusalStatus[error.kind] === 403 ? 403 : 422);
    }
  });
}
