/** @jsxImportSource hono/jsx */
import { restrictionPolicy, type RestrictionOverview } from '../../../blacklist/index.ts';
import { ErrorSummary, Notice } from '../../components/form.tsx';
import { when } from '../../components/labels.ts';
import { Layout, type Viewer } from '../../components/layout.tsx';
import type { AppealForm } from './Appeal.tsx';
import { RestrictionSection } from './RestrictionSection.tsx';

/** 网上申请限制: whether the applicant is restricted, why, until when, and their appeals. Complete without script. */
export function BlacklistPage(props: {
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
        <RestrictionSection
          r={r}
          csrf={props.viewer?.csrf}
          form={props.form}
          provisional={r.state === 'inForce' && props.provisional(Date.parse(r.startedAt), Date.parse(r.appealBy))}
        />
      ))}
    </Layout>
  );
}
