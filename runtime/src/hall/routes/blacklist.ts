import type { Hono } from 'hono';
import { appealRestriction, restrictionOverview } from '../../blacklist/index.ts';
import type { Services } from '../../cases/index.ts';
import { audit } from '../../platform/audit.ts';
import { Refusal } from '../../platform/refusal.ts';
import type { AppEnv } from '../../web/env.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import { applicantOrSignIn, formOf, view, viewerOf, doneNotice } from '../render.ts';
import { maxReason, reasonField, type AppealForm } from '../views/blacklist/Appeal.tsx';
import { BlacklistPage } from '../views/blacklist/BlacklistPage.tsx';

const notices: Record<string, string> = { appealed: '您的申诉已提交。审改办将核实处理，结果会通过站内消息通知您。' };

/**
 * 网上申请限制与申诉, the blacklist (/hall/restriction): whether the applicant may apply online, why not, until when,
 * and an appeal against each restriction (/hall/restriction/appeal).
 */
export function blacklistRoutes(app: Hono<AppEnv>, s: Services): void {
  app.get('/hall/restriction', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const overview = await restrictionOverview(s.db, applicant.id, s.now());
    return view(c, BlacklistPage, {
      viewer: viewerOf(c),
      overview,
      notice: doneNotice(notices, c.req.query('done')),
      provisional: (a, b) => s.calendar().isProvisional(a, b)
    });
  });

  app.post('/hall/restriction/appeal', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const fields = await formOf(c, maxReason + 100);
    const restrictionId = fields.restrictionId ?? '';
    const form: AppealForm = { restrictionId, reason: fields.reason ?? '', errors: {} };
    const field = reasonField(restrictionId);
    const reason = form.reason.trim();
    if (!reason) form.errors[field] = '请写明申诉理由';
    else if (reason.length > maxReason) form.errors[field] = `申诉理由不能超过 ${maxReason} 个字`;
    const again = async (status: number) =>
      view(
        c,
        BlacklistPage,
        {
          viewer: viewerOf(c),
          overview: await restrictionOverview(s.db, applicant.id, s.now()),
          form,
          provisional: (a, b) => s.calendar().isProvisional(a, b)
        },
        status
      );
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(restrictionId)) {
      form.errors = { main: '找不到要申诉的限制，请从本页重新提交。' };
      return again(400);
    }
    if (Object.keys(form.errors).length > 0) return again(400);
    try {
      await appealRestriction(s.db, { userId: applicant.id, restrictionId, reason }, s.now(), (tx, a) =>
        audit(tx, {
          actor: applicant,
          action: 'restriction.appeal',
          outcome: 'ok',
          target: restrictionId,
          ip: ip(c),
          detail: { appealId: a.id, via: 'page' }
        })
      );
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      const denied = error.kind === 'notFound' || error.kind === 'forbidden';
      await audit(s.db, {
        actor: applicant,
        action: 'restriction.appeal',
        outcome: denied ? 'denied' : 'rejected',
        target: restrictionId,
        ip: ip(c),
        detail: { code: error.code, via: 'page' }
      });
      // The form is gone once the appeal is late, made or moot: the message goes to the top of the page.
      form.errors = { main: error.message };
      return again(denied ? 404 : 409);
    }
    return c.redirect('/hall/restriction?done=appealed', 303);
  });
}
