/** @jsxImportSource hono/jsx */
import { statusLabels, type casesOfApplicant, type Draft } from '../../../cases/index.ts';
import { Csrf } from '../../components/form.tsx';
import { when } from '../../components/labels.ts';
import { Layout, type Viewer } from '../../components/layout.tsx';

const statusText = (status: string) => statusLabels[status as keyof typeof statusLabels] ?? status;

/** 我的办件: the applicant's cases with their status, the drafts not yet submitted, the ways to their other records. */
export function MyCasesPage(props: {
  viewer: Viewer;
  cases: Awaited<ReturnType<typeof casesOfApplicant>>;
  drafts: Draft[];
  /** A matter's name by its code (the code itself once the matter is no longer published). */
  matterName: (code: string) => string;
  notice: string | undefined;
}) {
  const { viewer, cases, drafts } = props;
  return (
    <Layout title="我的办件" viewer={viewer}>
      <h1>我的办件</h1>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
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
                    <a href={`/hall/cases/${r.caseId}`}>{props.matterName(r.matterCode)}</a>
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
              <a href={`/hall/matters/${dr.matterCode}/apply?draft=${dr.id}`}>{props.matterName(dr.matterCode)}</a>（
              {when(dr.updatedAt)} 保存）
              <form method="post" action={`/hall/drafts/${dr.id}/delete`} class="inline">
                <Csrf token={viewer.csrf} />
                <button type="submit" class="secondary" aria-label={`删除草稿：${props.matterName(dr.matterCode)}`}>
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
}
