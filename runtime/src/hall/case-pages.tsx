/** @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import { audit } from '../platform/audit.ts';
import type { Applicant } from '../accounts/index.ts';
import { checkAnswers } from '@banshi/definition/answers';
import type { Definition } from '@banshi/definition';
import type { CaseState } from '../cases/index.ts';
import { Refusal } from '../platform/refusal.ts';
import { cleanFileName, storeUpload } from '../cases/index.ts';
import { uploadAudit } from '../cases/index.ts';
import type { AppEnv } from '../web/env.ts';
import { refusalStatus } from '../web/errors.ts';
import { peerAddress as ip } from '../web/peer.ts';
import { resubmitApplication, withdrawApplication, type MaterialFile } from '../cases/index.ts';
import { caseView, statusLabels, timeline } from '../cases/index.ts';
import type { Services } from '../cases/index.ts';
import { deleteDraft, myDrafts } from '../cases/index.ts';
import { pickupOf, type Pickup } from '../cases/index.ts';
import type { CaseRow } from '../cases/index.ts';
import { visibleCase } from '../cases/index.ts';
import { casesOfApplicant, filesOfCase, type CaseFile } from '../cases/index.ts';
import { accept, fieldId, materialId } from './apply.tsx';
import { Csrf, ErrorSummary, Field, described, type FieldErrors } from './form.tsx';
import { channels, when } from './labels.ts';
import { Layout } from './layout.tsx';
import { applicantOrSignIn, render, view, viewerOf, type HallContext, type Viewer } from './render.ts';
import { Progress } from './track.tsx';

const doneNotices: Record<string, string> = {
  resubmitted: '补正材料已提交，我们将尽快重新审核。',
  withdrawn: '申请已撤回。',
  deleted: '草稿已删除。',
  'not-deleted': '没有找到这份草稿（可能已删除或已提交），没有删除任何内容。',
  welcome: '注册成功，欢迎使用网上办事大厅。您可以在首页找到要办的事项，在线申请。'
};
type View = ReturnType<typeof caseView>;

/** The applicant's own case, or nothing (another's case is as absent as a missing one; both audited). */
const ownCase = (s: Services, c: HallContext, applicant: Applicant, id: string) => visibleCase(s, applicant, id, ip(c));

const notFoundPage = (c: HallContext) =>
  view(
    c,
    Layout,
    {
      title: '找不到办件',
      viewer: viewerOf(c),
      children: (
        <>
          <h1>找不到这个办件</h1>
          <p>
            它可能不存在，或不是您的办件。<a href="/hall/my">返回我的办件</a>
          </p>
        </>
      )
    },
    404
  );

function CasePage(props: {
  viewer: Viewer;
  view: View;
  state: CaseState;
  definition: Definition;
  files: CaseFile[];
  pickup: Pickup | undefined;
  tracked: Parameters<typeof Progress>[0]['tracked'];
  calendar: ReturnType<Services['calendar']>;
  now: number;
  errors: FieldErrors;
  notice?: string | undefined;
  typed?: Record<string, string>;
}) {
  const { view: v, state, definition: d, errors, viewer } = props;
  const correcting = state.status === 'correcting';
  const withdrawable = ['submitted', 'correcting', 'awaitingPaper', 'preReviewed', 'inReview', 'paused'].includes(
    state.status
  );
  const licence = d.result?.kind === 'licence' && state.decision?.approve && !state.decision.conclusion;
  return (
    <Layout title={`${v.matter.name} ${v.caseNumber}`} viewer={viewer} script>
      <p class="muted no-print">
        <a href="/hall/my">我的办件</a> › {v.caseNumber}
      </p>
      <h1>{v.matter.name}</h1>
      <ErrorSummary errors={errors} />
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {correcting && v.correction && (
        <section aria-labelledby="correction" class="warn">
          <h2 id="correction">
            需要补正（第 {v.correction.round} 次补正通知，{when(v.correction.issuedAt)}）
          </h2>
          <p>
            请一次性补正以下全部内容，然后重新提交。
            {state.correction?.statusBefore === 'inReview'
              ? '补正期间办理时限暂停计算。'
              : '收到补正材料后重新预审，受理后开始计算办理时限。'}
          </p>
          <ol>
            {v.correction.items.map(item => (
              <li>{item}</li>
            ))}
          </ol>
        </section>
      )}
      <Progress tracked={props.tracked} calendar={props.calendar} now={props.now} title="办理进度" />

      {correcting && (
        <form method="post" action={`/hall/cases/${v.id}/resubmit`} enctype="multipart/form-data" data-apply>
          <h2 id="resubmit">补正并重新提交</h2>
          <Csrf token={viewer.csrf} />
          <p class="hint">只需修改需要补正的内容，其他内容保持不变。</p>
          {d.form.map((f, i) => {
            const id = fieldId(i);
            const value =
              props.typed?.[f.name] ??
              (state.answers[f.name] === true
                ? '是'
                : state.answers[f.name] === false
                  ? '否'
                  : String(state.answers[f.name] ?? ''));
            return (
              <Field id={id} label={f.name + (f.unit ? `（${f.unit}）` : '')} error={errors[id]} required={f.required}>
                {f.kind === 'choice' ? (
                  <select id={id} name={`answer.${f.name}`} {...described(id, undefined, errors[id])}>
                    {(f.options ?? []).map(o => (
                      <option value={o} selected={o === value}>
                        {o}
                      </option>
                    ))}
                  </select>
                ) : f.kind === 'yesNo' ? (
                  <select id={id} name={`answer.${f.name}`} {...described(id, undefined, errors[id])}>
                    <option value="是" selected={value === '是'}>
                      是
                    </option>
                    <option value="否" selected={value === '否'}>
                      否
                    </option>
                  </select>
                ) : (
                  <input
                    id={id}
                    name={`answer.${f.name}`}
                    type={f.kind === 'date' ? 'date' : f.kind === 'phone' ? 'tel' : 'text'}
                    value={value}
                    maxlength={500}
                    {...described(id, undefined, errors[id])}
                  />
                )}
              </Field>
            );
          })}
          <h3>补充或更换材料</h3>
          {d.materials
            .filter(m => m.origin.kind !== 'eLicence' && m.origin.kind !== 'onlineForm')
            .map(m => {
              const index = d.materials.indexOf(m);
              const id = materialId(index);
              return (
                <div class="field">
                  <label for={id}>
                    {m.title}
                    {m.scan?.maxPages ? `（扫描件最多 ${m.scan.maxPages} 页）` : ''}
                  </label>
                  {errors[id] && (
                    <span id={`${id}-error`} class="field-error">
                      {errors[id]}
                    </span>
                  )}
                  <input
                    type="file"
                    id={id}
                    name={`file.${m.id}`}
                    accept={accept}
                    multiple
                    data-upload={m.id}
                    aria-describedby={errors[id] ? `${id}-error` : undefined}
                  />
                  <progress hidden max={100} value={0} aria-label={`${m.title} 上传进度`}></progress>
                </div>
              );
            })}
          <div class="actions">
            <button type="submit">提交补正材料</button>
          </div>
        </form>
      )}

      {props.pickup && (
        <section aria-labelledby="pickup">
          <h2 id="pickup">快递取件</h2>
          <dl class="facts">
            <dt>寄件单号</dt>
            <dd>{props.pickup.orderNumber}</dd>
            <dt>取件地址</dt>
            <dd>
              {props.pickup.address}（{props.pickup.contact}）
            </dd>
            <dt>寄往</dt>
            <dd>{props.pickup.sendTo}</dd>
          </dl>
          <p>快递员将在 1 个工作日内联系您上门取件；请把纸质材料装入信封，并在封面写上寄件单号。</p>
        </section>
      )}
      {state.channel === 'onSite' && ['submitted', 'awaitingPaper', 'preReviewed'].includes(state.status) && (
        <p>
          <a class="button secondary" href={`/hall/appointments?matter=${d.code}&case=${v.caseNumber}`}>
            预约到大厅窗口提交材料
          </a>
        </p>
      )}
      {state.status === 'awaitingPaper' && (
        <p>
          <a href={`/hall/appointments?matter=${d.code}&case=${v.caseNumber}`}>预约到窗口递交纸质材料</a>，避免排队。
        </p>
      )}

      <h2 id="documents">文书与结果</h2>
      <ul>
        {v.notices.map((n, i) => (
          <li>
            <a href={`/hall/cases/${v.id}/notices/${i}`}>{n.title}</a>（{when(n.issuedAt)}）
          </li>
        ))}
        {licence && (
          <li>
            <a href={`/hall/cases/${v.id}/licence`}>{d.result!.name}（电子证照）</a>
          </li>
        )}
      </ul>
      {state.delivery && (
        <p>
          结果已于 {when(state.delivery.at)} 以“{channels[state.delivery.method]}”方式送达。
        </p>
      )}
      {!state.delivery && state.status === 'decided' && (
        <p>结果正在送达{state.preferredDelivery ? `（您选择了${channels[state.preferredDelivery]}送达）` : ''}。</p>
      )}
      {state.status === 'completed' && (
        <p>
          <a class="button" href={`/hall/cases/${v.id}/evaluation`}>
            评价本次服务
          </a>
        </p>
      )}

      <h2 id="files">已提交的材料</h2>
      {props.files.length === 0 ? (
        <p>没有上传的电子材料。</p>
      ) : (
        <ul>
          {props.files.map(f => (
            <li>
              <a href={`/api/hall/files/${f.id}`}>{f.name}</a>
              {f.material ? `（${d.materials.find(m => m.id === f.material)?.title ?? f.material}）` : ''}
            </li>
          ))}
        </ul>
      )}

      {withdrawable && (
        <form method="post" action={`/hall/cases/${v.id}/withdraw`} class="no-print">
          <h2 id="withdraw">撤回申请</h2>
          <Csrf token={viewer.csrf} />
          <Field id="reason" label="撤回原因（选填）" error={errors.reason}>
            <input id="reason" name="reason" maxlength={500} value={props.typed?.reason ?? ''} />
          </Field>
          <fieldset class={errors.confirm ? 'group field has-error' : 'group field'} id="confirm">
            <legend>确认</legend>
            {errors.confirm && <span class="field-error">{errors.confirm}</span>}
            <label>
              <input type="checkbox" name="confirm" value="yes" />
              我确认撤回这份申请（撤回后需重新申请）
            </label>
          </fieldset>
          <div class="actions">
            <button type="submit" class="secondary">
              撤回申请
            </button>
          </div>
        </form>
      )}
    </Layout>
  );
}

/** 我的办件, a case's page (progress, corrections, documents, results), receipts and notices. */
export function casePages(app: Hono<AppEnv>, s: Services): void {
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
            : done
              ? doneNotices[done]
              : undefined
      },
      status
    );
  };

  app.get('/hall/my', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const cases = await casesOfApplicant(s.db, applicant.id, { before: null, limit: 100 });
    const drafts = await myDrafts(s.db, applicant.id);
    const viewer = viewerOf(c)!;
    const name = (code: string) => s.registry.live(code)?.definition.name ?? code;
    const done = c.req.query('done');
    return render(
      c,
      <Layout title="我的办件" viewer={viewer}>
        <h1>我的办件</h1>
        {done && doneNotices[done] && (
          <p class="notice" role="status">
            {doneNotices[done]}
          </p>
        )}
        <h2>办件</h2>
        {cases.length === 0 ? (
          <p>
            您还没有办件。<a href="/hall">去首页找事项</a>
          </p>
        ) : (
          <div class="table-wrap">
            <table class="cards">
              <thead>
                <tr>
                  <th scope="col">事项</th>
                  <th scope="col">办件编号</th>
                  <th scope="col">状态</th>
                  <th scope="col">申请时间</th>
                </tr>
              </thead>
              <tbody>
                {cases.map(r => (
                  <tr>
                    <td data-label="事项">
                      <a href={`/hall/cases/${r.caseId}`}>{name(r.matterCode)}</a>
                    </td>
                    <td data-label="编号" class="code">
                      {r.caseNumber}
                    </td>
                    <td data-label="状态">
                      {statusText(r.status)}
                      {r.status === 'correcting' ? '（请补正）' : ''}
                    </td>
                    <td data-label="申请时间">{when(r.receivedAt.getTime())}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <h2>草稿</h2>
        {drafts.length === 0 ? (
          <p>没有未提交的草稿。</p>
        ) : (
          <ul>
            {drafts.map(dr => (
              <li>
                <a href={`/hall/matters/${dr.matterCode}/apply?draft=${dr.id}`}>{name(dr.matterCode)}</a>（
                {when(dr.updatedAt)} 保存）
                <form method="post" action={`/hall/drafts/${dr.id}/delete`} class="inline">
                  <Csrf token={viewer.csrf} />
                  <button type="submit" class="secondary" aria-label={`删除草稿：${name(dr.matterCode)}`}>
                    删除
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href="/hall/appointments">我的预约</a> · <a href="/hall/consultations">我的咨询</a> ·{' '}
          <a href="/hall/complaints">我的投诉</a> · <a href="/hall/restriction">信用与申诉</a>
        </p>
      </Layout>
    );
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
    return found ? showCase(c, applicant, found) : notFoundPage(c);
  });

  // The receipt is the first notice; its own address so the apply form can land on it.
  app.get('/hall/cases/:id/receipt', c => {
    const id = c.req.param('id');
    return /^[0-9a-f-]{36}$/i.test(id) ? c.redirect(`/hall/cases/${id}/notices/0?receipt=1`, 303) : notFoundPage(c);
  });

  app.get('/hall/cases/:id/notices/:index', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const found = await ownCase(s, c, applicant, c.req.param('id'));
    if (!found) return notFoundPage(c);
    const v = caseView(found.row.state, found.definition, 'applicant', s.calendar());
    const notice = v.notices[Number(c.req.param('index'))];
    if (!notice || !/^\d{1,3}$/.test(c.req.param('index'))) return notFoundPage(c);
    const pickup = notice.kind === 'receipt' ? await pickupOf(s.db, found.row.caseId) : undefined;
    const download = c.req.query('download') === '1';
    const response = render(
      c,
      <Layout title={notice.title} viewer={viewerOf(c)}>
        {c.req.query('receipt') && (
          <p class="notice" role="status">
            申请已提交。请保存或打印这份收件回执，凭办件编号和证件号码可随时查询进度。
          </p>
        )}
        <article class="document">
          <h1>{notice.title}</h1>
          <dl class="facts">
            <dt>办件编号</dt>
            <dd>{notice.caseNumber}</dd>
            <dt>事项</dt>
            <dd>{notice.matter}</dd>
            <dt>申请人</dt>
            <dd>{notice.applicant}</dd>
            <dt>办理部门</dt>
            <dd>{notice.department}</dd>
            <dt>日期</dt>
            <dd>{when(notice.issuedAt)}</dd>
          </dl>
          {notice.lines.map(line => (
            <p>{line}</p>
          ))}
          {pickup && (
            <p>
              快递寄件单号 {pickup.orderNumber}：快递员将到 {pickup.address} 取件，寄往 {pickup.sendTo}。
            </p>
          )}
          <p class="seal">{notice.department}</p>
        </article>
        <p class="no-print actions">
          <a href={`/hall/cases/${v.id}`}>查看办理进度</a>
          <a href={`?download=1`}>下载</a>
        </p>
      </Layout>
    );
    if (download)
      response.headers.set(
        'content-disposition',
        `attachment; filename="${v.caseNumber}-${Number(c.req.param('index')) + 1}.html"`
      );
    return response;
  });

  app.get('/hall/cases/:id/licence', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const found = await ownCase(s, c, applicant, c.req.param('id'));
    const state = found?.row.state;
    const d = found?.definition;
    if (!found || !state || !d || d.result?.kind !== 'licence' || !state.decision?.approve || state.decision.conclusion)
      return notFoundPage(c);
    const issued = s.calendar().dateOf(state.decision.at);
    const validity = d.result.validity;
    const until = validity && validity !== 'indefinite' ? addPeriod(issued, validity) : undefined;
    const response = render(
      c,
      <Layout title={d.result.name} viewer={viewerOf(c)}>
        <article class="document">
          <h1>{d.result.name}</h1>
          <p class="muted">电子证照 · 与纸质证照具有同等效力</p>
          <dl class="facts">
            <dt>证照编号</dt>
            <dd>{state.caseNumber}</dd>
            <dt>持证主体</dt>
            <dd>{state.applicant.name}</dd>
            {d.form
              .filter(
                f => ['text', 'address', 'choice', 'number'].includes(f.kind) && state.answers[f.name] !== undefined
              )
              .slice(0, 6)
              .map(f => (
                <>
                  <dt>{f.name}</dt>
                  <dd>
                    {String(state.answers[f.name])}
                    {f.unit ? ` ${f.unit}` : ''}
                  </dd>
                </>
              ))}
            <dt>发证日期</dt>
            <dd>{issued}</dd>
            <dt>有效期</dt>
            <dd>{validity === 'indefinite' ? '长期有效' : until ? `${issued} 至 ${until}` : '见发证机关规定'}</dd>
            <dt>发证机关</dt>
            <dd>{d.department.name}</dd>
          </dl>
        </article>
        <p class="no-print actions">
          <a href={`/hall/cases/${state.id}`}>返回办件</a>
          <a href="?download=1">下载</a>
        </p>
      </Layout>
    );
    if (c.req.query('download') === '1')
      response.headers.set('content-disposition', `attachment; filename="licence-${state.caseNumber}.html"`);
    return response;
  });

  app.post('/hall/cases/:id/resubmit', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const found = await ownCase(s, c, applicant, c.req.param('id'));
    if (!found) return notFoundPage(c);
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
    if (!found) return notFoundPage(c);
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

const statusText = (status: string) => statusLabels[status as keyof typeof statusLabels] ?? status;

/** YYYY-MM-DD plus years, months or days, the day before (a licence of 4 years issued 2026-10-12 runs to 2030-10-11). */
function addPeriod(day: string, validity: { amount: number; unit: 'years' | 'months' | 'days' }): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (validity.unit === 'years') d.setUTCFullYear(d.getUTCFullYear() + validity.amount);
  else if (validity.unit === 'months') d.setUTCMonth(d.getUTCMonth() + validity.amount);
  else d.setUTCDate(d.getUTCDate() + validity.amount);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
