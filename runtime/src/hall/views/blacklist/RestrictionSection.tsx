/** @jsxImportSource hono/jsx */
import { lastDay, restrictionPolicy, type RestrictionView } from '../../../blacklist/index.ts';
import { when } from '../../components/labels.ts';
import { Appeal, type AppealForm } from './Appeal.tsx';

const stateLabels: Record<RestrictionView['state'], string> = { inForce: '限制中', lifted: '已解除', ended: '已到期' };

/** The grounds counted towards a restriction, each with its date, department and evidence. */
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
/**
 * One restriction: why, from when to when, the last day to appeal (marked when that day may still move), its
 * grounds and its appeal.
 */
export function RestrictionSection(props: {
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
