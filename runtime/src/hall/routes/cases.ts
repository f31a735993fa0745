import type { Hono } from 'hono';
import { checkAnswers } from '@banshi/definition/answers';
import type { Definition } from '@banshi/definition';
import type { Applicant } from '../../accounts/index.ts';
import {
  caseView,
  casesOfApplicant,
  cleanFileName,
  deleteDraft,
  filesOfCase,
  myDrafts,
  pickupOf,
  resubmitApplication,
  storeUpload,
  timeline,
  uploadAudit,
  visibleCase,
  withdrawApplication,
  type CaseRow,
  type MaterialFile,
  type Services,
  validUntil
} from '../../cases/index.ts';
import { audit } from '../../platform/audit.ts';
import { licenceForCase, statusLabels } from '../../licences/index.ts';
import { Refusal } from '../../platform/refusal.ts';
import type { AppEnv } from '../../web/env.ts';
import { refusalStatus } from '../../web/errors.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import { fieldId, materialId } from '../components/application-form.ts';
import type { FieldErrors } from '../components/form.tsx';
import { applicantOrSignIn, view, viewerOf, type HallContext, doneNotice } from '../render.ts';
import { CaseNotFoundPage } from '../views/cases/CaseNotFoundPage.tsx';
import { CasePage } from '../views/cases/CasePage.tsx';
import { LicencePage } from '../views/cases/LicencePage.tsx';
import { MyCasesPage } from '../views/cases/MyCasesPage.tsx';
import { NoticePage } from '../views/cases/NoticePage.tsx';

/** What 我的办件 and a case's page say after `?done=`: fixed texts, so nothing from the address is shown. */
const doneNotices: Record<string, string> = {
  resubmitted: '补正材料已提交，我们将尽快重新审核。',
  withdrawn: '申请已撤回。',
  deleted: '草稿已删除。',
  'not-deleted': '没有找到这份草稿（可能已删除或已提交），没有删除任何内容。',
  welcome:
    '注册成功，欢迎使用网上办事大厅。您的账号现为“已注册”，可以咨询、投诉、预约和查询办件；完成实名核验后即可在网上提交申请（见“我的账号”）。'
};

/** The applicant's own case, or nothing (another's case is as absent as a missing one; both audited). */
const ownCase = (s: Services, c: HallContext, applicant: Applicant, id: string) => visibleCase(s, applicant, id, ip(c));

const notFound = (c: HallContext) => view(c, CaseNotFoundPage, { viewer: viewerOf(c) }, 404);

/**
 * 我的办件 (/hall/my) with its drafts (deleted at /hall/drafts/:id/delete), and each case (/hall/cases/:id): its
 * progress, the correction (resubmit), withdrawal, its notices and receipt as documents, and its e-licence.
 */
export function caseRoutes(app: Hono<AppEnv>, s: Services): void {
  const showCase = async (
    c: HallContext,
    applicant: Applicant,
    found: { row: CaseRow; definition: Definition },
    errors: FieldErrors = {},
    status = 200,
    typed?: Record<string, string>
  ) => {
    const { row, definition } = found;
    const v = caseView(row.state, definition, 'applicant', s.calendar());
    const files = await filesOfCase(s.db, row.caseId, applicant.id);
    const tracked = { ...v, timeline: timeline(await s.cases.events(row.caseId, row.version), 'applicant') };
    const done = c.req.query('done');
    return view(
      c,
      CasePage,
      {
        viewer: viewerOf(c)!,
        view: v,
        state: row.state,
        definition,
        files,
        pickup: await pickupOf(s.db, row.caseId),
        tracked,
        calendar: s.calendar(),
        now: s.now(),
        errors,
        ...(typed ? { typed } : {}),
        notice:
          done === 'resubmitted' && row.state.deadlines
            ? '补正材料已提交，办理时限从现在起继续计算。'
            : doneNotice(doneNotices, done)
      },
      status
    );
  };

  app.get('/hall/my', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const cases = await casesOfApplicant(s.db, applicant.id, { before: null, limit: 100 });
    const drafts = await myDrafts(s.db, applicant.id);
    const done = c.req.query('done');
    return view(c, MyCasesPage, {
      viewer: viewerOf(c)!,
      cases,
      drafts,
      matterName: code => s.registry.live(code)?.definition.name ?? code,
      notice: doneNotice(doneNotices, done)
    });
  });

  app.post('/hall/drafts/:id/delete', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const id = c.req.param('id');
    const deleted = await deleteDraft(s.db, applicant.id, id);
    // Said only when it happened, and audited either way (security-audit §1.14).
    await audit(s.db, {
      actor: applicant,
      action: 'draft.delete',
      outcome: deleted ? 'ok' : 'denied',
      target: id,
      ip: ip(c)
    });
    return c.redirect(`/hall/my?done=${deleted ? 'deleted' : 'not-deleted'}`, 303);
  });

  app.get('/hall/cases/:id', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const found = await ownCase(s, c, applicant, c.req.param('id'));
    return found ? showCase(c, applicant, found) : notFound(c);
  });

  // The receipt is the first notice; its own address so the apply form can land on it.
  app.get('/hall/cases/:id/receipt', c => {
    const id = c.req.param('id');
    return /^[0-9a-f-]{36}$/i.test(id) ? c.redirect(`/hall/cases/${id}/notices/0?receipt=1`, 303) : notFound(c);
  });

  app.get('/hall/cases/:id/notices/:index', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const found = await ownCase(s, c, applicant, c.req.param('id'));
    if (!found) return notFound(c);
    const v = caseView(found.row.state, found.definition, 'applicant', s.calendar());
    const notice = v.notices[Number(c.req.param('index'))];
    if (!notice || !/^\d{1,3}$/.test(c.req.param('index'))) return notFound(c);
    // The download is the sealed PDF (hall/routes/documents.ts), not this page with its navigation and token.
    if (c.req.query('download') === '1')
      return c.redirect(`/hall/cases/${v.id}/notices/${Number(c.req.param('index'))}/pdf`, 303);
    const pickup = notice.kind === 'receipt' ? await pickupOf(s.db, found.row.caseId) : undefined;
    return view(c, NoticePage, {
      viewer: viewerOf(c),
      caseId: v.id,
      index: Number(c.req.param('index')),
      notice,
      pickup,
      receipt: Boolean(c.req.query('receipt'))
    });
  });

  app.get('/hall/cases/:id/licence', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const found = await ownCase(s, c, applicant, c.req.param('id'));
    const state = found?.row.state;
    const d = found?.definition;
    if (!found || !state || !d || d.result?.kind !== 'licence' || !state.decision?.approve || state.decision.conclusion)
      return notFound(c);
    if (c.req.query('download') === '1') return c.redirect(`/hall/cases/${state.id}/licence/pdf`, 303);
    // The library's licence: its own number, and its last day as extensions moved it.
    const library = await licenceForCase(s.db, found.row.caseId, s.now());
    const issued = library?.issuedOn ?? s.calendar().dateOf(state.decision.at);
    const response = view(c, LicencePage, {
      viewer: viewerOf(c),
      definition: d,
      licence: d.result,
      state,
      issued,
      until: library ? library.validUntil : validUntil(issued, d.result.validity),
      library: library && { number: library.number, status: statusLabels[library.status] }
    });
    return response;
  });

  app.post('/hall/cases/:id/resubmit', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const found = await ownCase(s, c, applicant, c.req.param('id'));
    if (!found) return notFound(c);
    const { row, definition } = found;
    let body: Record<string, unknown>;
    try {
      body = await c.req.parseBody({ all: true });
    } catch {
      body = {};
    }
    const typed: Record<string, string> = {};
    for (const f of definition.form) {
      const v = body[`answer.${f.name}`];
      const last = Array.isArray(v) ? v.at(-1) : v;
      if (typeof last === 'string') typed[f.name] = last.replace(/\0/g, '').slice(0, 500);
    }
    const errors: FieldErrors = {};
    const materials: MaterialFile[] = [];
    for (const entry of [body.add].flat()) {
      if (typeof entry !== 'string') continue;
      const at = entry.lastIndexOf(':');
      const fileId = entry.slice(at + 1);
      if (
        definition.materials.some(m => m.id === entry.slice(0, at)) &&
        /^[0-9a-f-]{36}$/i.test(fileId) &&
        !materials.some(m => m.fileId === fileId)
      ) {
        materials.push({ material: entry.slice(0, at), fileId });
      }
    }
    for (const [index, m] of definition.materials.entries()) {
      for (const file of [body[`file.${m.id}`]].flat()) {
        if (typeof file !== 'object' || file === null || !('arrayBuffer' in file) || (file as File).size === 0)
          continue;
        try {
          const stored = await storeUpload(
            s.db,
            s.blobs,
            {
              ownerId: applicant.id,
              name: cleanFileName((file as File).name),
              material: m.id,
              bytes: new Uint8Array(await (file as File).arrayBuffer())
            },
            s.now(),
            uploadAudit(applicant, ip(c), m.id)
          );
          materials.push({ material: m.id, fileId: stored.id });
        } catch (error) {
          if (!(error instanceof Refusal)) throw error;
          errors[materialId(index)] = `“${m.title}”：${error.message}`;
        }
      }
    }
    const checked = checkAnswers(definition, { ...row.state.answers, ...typed }, s.calendar().dateOf(s.now()));
    definition.form.forEach((f, i) => {
      if (checked.errors[f.name]) errors[fieldId(i)] = checked.errors[f.name]!;
    });
    if (Object.keys(errors).length > 0) return showCase(c, applicant, found, errors, 422, typed);
    try {
      await resubmitApplication(
        s,
        applicant,
        row.caseId,
        { answers: checked.answers, materials },
        `resubmit:${row.caseId}:${row.state.correctionRounds}`,
        ip(c)
      );
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      if (error.code === 'file.pages')
        errors[materialId(definition.materials.findIndex(m => m.id === error.details.material))] = error.message;
      else errors.resubmit = error.message;
      return showCase(c, applicant, found, errors, refusalStatus[error.kind], typed);
    }
    return c.redirect(`/hall/cases/${row.caseId}?done=resubmitted`, 303);
  });

  app.post('/hall/cases/:id/withdraw', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const found = await ownCase(s, c, applicant, c.req.param('id'));
    if (!found) return notFound(c);
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const reason = typeof body.reason === 'string' ? body.reason.replace(/\0/g, '').slice(0, 500) : '';
    if (body.confirm !== 'yes')
      return showCase(c, applicant, found, { confirm: '请勾选确认后再撤回' }, 422, { reason });
    try {
      await withdrawApplication(
        s,
        applicant,
        found.row.caseId,
        reason || undefined,
        `withdraw:${found.row.caseId}`,
        ip(c)
      );
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      return showCase(c, applicant, found, { withdraw: error.message }, refusalStatus[error.kind], { reason });
    }
    return c.redirect(`/hall/cases/${found.row.caseId}?done=withdrawn`, 303);
  });
}
