/** @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import { audit } from '../platform/audit.ts';
import { Refusal } from '../platform/refusal.ts';
import type { AppEnv } from '../web/env.ts';
import { peerAddress as ip } from '../web/peer.ts';
import type { Services } from '../cases/index.ts';
import {
  appealRestriction,
  lastDay,
  restrictionOverview,
  restrictionPolicy,
  type RestrictionOverview,
  type RestrictionView
} from '../blacklist/index.ts';
import { Csrf, ErrorSummary, Field, Notice, described, type FieldErrors } from './form.tsx';
import { when } from './labels.ts';
import { Layout } from './layout.tsx';
import { applicantOrSignIn, formOf, view, viewerOf, type Viewer } from './render.ts';

const stateLabels: Record<RestrictionView['state'], string> = { inForce: '限制中', lifted: '已解除', ended: '已到期' };
const notices: Record<string, string> = { appealed: '您的申诉已提交。审改办将核实处理，结果会通过站内消息通知您。' };
const maxReason = 2000;

/** What was typed into one appeal form, kept to be shown again with its errors. */
interface AppealForm {
  restrictionId: string;
  reason: string;
  errors: FieldErrors;
}

const reasonField = (restrictionId: string) => `reason-${restrictionId}`;

function Grounds(props: { r: RestrictionView }) {
  return (
    <div class="table-wrap">
      <table>
        <caption>计入本次限制的情形</caption>
        <thead>
          <tr>
            <th scope="col">时间</th>
            <th scope="col">情形</th>
            <th scope="col">说明</th>
          </tr>
        </thead>
        <tbody>
          {props.r.grounds.map(g => (
            <tr>
              <td>{when(g.occurredAt)}</td>
              <td>{g.label}</td>
              <td>
                {g.department && <>{g.department}认定</>}
                {g.caseNumber && <>，办件编号 {g.caseNumber}</>}
                {g.materials.length > 0 && <>；涉及：{g.materials.join('、')}</>}
                {g.reason && <>；{g.reason}</>}
                {g.evidence && <>；依据：{g.evidence}</>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Appeal(props: { r: RestrictionView; csrf: string | undefined; form: AppealForm | undefined }) {
  const { r } = props;
  if (r.appeal) {
    return (
      <>
        <h3>申诉</h3>
        <dl class="facts">
          <dt>提交时间</dt>
          <dd>{when(r.appeal.createdAt)}</dd>
          <dt>申诉理由</dt>
          <dd>{r.appeal.reason}</dd>
          <dt>状态</dt>
          <dd>
            <strong>{r.appeal.statusLabel}</strong>
          </dd>
          {r.appeal.decidedAt && (
            <>
              <dt>决定时间</dt>
              <dd>{when(r.appeal.decidedAt)}</dd>
            </>
          )}
          {r.appeal.decision && (
            <>
              <dt>核实意见</dt>
              <dd>{r.appeal.decision}</dd>
            </>
          )}
        </dl>
      </>
    );
  }
  if (!r.canAppeal) {
    return r.state === 'inForce' ? (
      <p class="muted">申诉期限已于{lastDay(Date.parse(r.appealBy))}届满，不能再提出申诉。</p>
    ) : null;
  }
  const id = reasonField(r.id);
  const mine = props.form?.restrictionId === r.id ? props.form : undefined;
  const error = mine?.errors[id];
  const hint = `请说明理由并附上能证实的情况；能证实并非故意的，经核实后解除限制。不超过 ${maxReason} 字。`;
  return (
    <form method="post" action="/hall/restriction/appeal">
      <h3>提出申诉</h3>
      <Csrf token={props.csrf} />
      <input type="hidden" name="restrictionId" value={r.id} />
      <Field id={id} label="申诉理由" hint={hint} error={error} required>
        <textarea id={id} name="reason" rows={6} maxlength={maxReason} required {...described(id, hint, error)}>
          {mine?.reason ?? ''}
        </textarea>
      </Field>
      <div class="actions">
        <button type="submit">提交申诉</button>
      </div>
    </form>
  );
}

function Restriction(props: {
  r: RestrictionView;
  csrf: string | undefined;
  form: AppealForm | undefined;
  provisional: boolean;
}) {
  const { r } = props;
  return (
    <section aria-labelledby={`r-${r.id}`}>
      <h2 id={`r-${r.id}`}>
        {r.groundLabel}（{stateLabels[r.state]}）
      </h2>
      <dl class="facts">
        <dt>原因</dt>
        <dd>{r.summary}</dd>
        <dt>限制期间</dt>
        <dd>
          {when(r.startedAt)} 至 {when(r.endsAt)}
        </dd>
        <dt>申诉期限</dt>
        <dd>
          {lastDay(Date.parse(r.appealBy))}前（收到通知之日起 {restrictionPolicy.appealWorkdays} 个工作日内）
          {props.provisional ? '（暂定：该期限涉及的年度节假日安排尚未公布，公布后只会顺延，不会提前）' : ''}
        </dd>
        {r.liftedAt && (
          <>
            <dt>解除时间</dt>
            <dd>{when(r.liftedAt)}</dd>
          </>
        )}
      </dl>
      <Grounds r={r} />
      <Appeal r={r} csrf={props.csrf} form={props.form} />
    </section>
  );
}

/** 网上申请限制: whether the applicant is restricted, why, until when, and their appeals. Complete without script. */
export function RestrictionPage(props: {
  viewer: Viewer | undefined;
  overview: RestrictionOverview;
  form?: AppealForm | undefined;
  notice?: string | undefined;
  /** Whether a period runs through a year counted on the provisional rule. */
  provisional: (from: number, to: number) => boolean;
}) {
  const { overview } = props;
  const months = Math.round(restrictionPolicy.windowDays / 30.4);
  return (
    <Layout title="网上申请限制与申诉" viewer={props.viewer}>
      <h1>网上申请限制与申诉</h1>
      <Notice text={props.notice} />
      {props.form && <ErrorSummary errors={props.form.errors} />}
      {overview.restricted ? (
        <p class="warn" role="status">
          <strong>您已被列入网上办事黑名单，{when(overview.until!)}前不能在网上提出办事申请。</strong>
          限制期间仍可到服务大厅窗口办理。
        </p>
      ) : (
        <p class="notice" role="status">
          您目前没有被限制网上申请。
        </p>
      )}
      <p>
        {`${months} 个月内计入的预约失约 ${overview.counting.noShows} 次、与事实不符的投诉 ${overview.counting.falseComplaints} 次；任一项超过 ${overview.counting.threshold} 次，` +
          '或办理事项时提供虚假申请材料、信息的，将被限制使用网上办事申请功能。不能按时到场的，请在预约时段开始前取消预约。'}
      </p>
      {overview.restrictions.map(r => (
        <Restriction
          r={r}
          csrf={props.viewer?.csrf}
          form={props.form}
          provisional={r.state === 'inForce' && props.provisional(Date.parse(r.startedAt), Date.parse(r.appealBy))}
        />
      ))}
    </Layout>
  );
}

export function restrictionPages(app: Hono<AppEnv>, s: Services): void {
  app.get('/hall/restriction', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const overview = await restrictionOverview(s.db, applicant.id, s.now());
    return view(c, RestrictionPage, {
      viewer: viewerOf(c),
      overview,
      notice: notices[c.req.query('done') ?? ''],
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
        RestrictionPage,
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
