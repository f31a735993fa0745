/** @jsxImportSource hono/jsx */
import type { caseView, Pickup } from '../../../cases/index.ts';
import { when } from '../../components/labels.ts';
import { Layout, type Viewer } from '../../components/layout.tsx';

type CaseNotice = ReturnType<typeof caseView>['notices'][number];

/**
 * A notice of the case as a printable document (the receipt, a correction notice, the decision…), with the pickup
 * order on the receipt; `receipt` when the applicant has just submitted and lands here.
 */
export function NoticePage(props: {
  viewer: Viewer | undefined;
  caseId: string;
  /** The notice's place in the case's list: its sealed PDF's address. */
  index: number;
  notice: CaseNotice;
  pickup: Pickup | undefined;
  receipt: boolean;
}) {
  const { notice, pickup } = props;
  return (
    <Layout title={notice.title} viewer={props.viewer}>
      {props.receipt && (
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
        <a href={`/hall/cases/${props.caseId}`}>查看办理进度</a>
        <a href={`/hall/cases/${props.caseId}/notices/${props.index}/pdf`}>下载 PDF（电子签章）</a>
      </p>
    </Layout>
  );
}
