/** @jsxImportSource hono/jsx */
import type { WorkCalendar } from '@banshi/definition/calendar';
import type { Definition } from '@banshi/definition';
import {
  deadlineText,
  type CaseFile,
  type caseView,
  type CaseState,
  type Pickup,
  type Tracked
} from '../../../cases/index.ts';
import { ErrorSummary, type FieldErrors } from '../../components/form.tsx';
import { channels, when } from '../../components/labels.ts';
import { Layout, type Viewer } from '../../components/layout.tsx';
import { Progress } from '../../components/progress.tsx';
import { ResubmitForm } from './ResubmitForm.tsx';
import { WithdrawForm } from './WithdrawForm.tsx';

/** 办件详情: a case's progress, what to correct, the pickup, documents and results, the files sent, withdrawal. */
export function CasePage(props: {
  viewer: Viewer;
  view: ReturnType<typeof caseView>;
  state: CaseState;
  definition: Definition;
  files: CaseFile[];
  pickup: Pickup | undefined;
  tracked: Tracked;
  calendar: WorkCalendar;
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
          {state.correction?.dueAt !== undefined && (
            <p>
              补正期限：请于 {deadlineText(state.correction.dueAt)}前提交补正材料
              {d.correction?.deemedWithdrawn ? '；逾期未补正的，视为撤回申请' : ''}。
            </p>
          )}
          <ol>
            {v.correction.items.map(item => (
              <li>{item}</li>
            ))}
          </ol>
        </section>
      )}
      <Progress tracked={props.tracked} calendar={props.calendar} now={props.now} title="办理进度" />

      {correcting && (
        <ResubmitForm
          caseId={v.id}
          csrf={viewer.csrf}
          definition={d}
          answers={state.answers}
          errors={errors}
          typed={props.typed}
        />
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
      {/* Rated while completed or archived; the rating and the department's rectification stay one link away. */}
      {(state.status === 'completed' || state.status === 'archived') && (
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
        <WithdrawForm caseId={v.id} csrf={viewer.csrf} errors={errors} reason={props.typed?.reason ?? ''} />
      )}
    </Layout>
  );
}
