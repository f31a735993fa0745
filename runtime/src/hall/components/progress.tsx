/** @jsxImportSource hono/jsx */
import type { WorkCalendar } from '@banshi/definition/calendar';
import type { Tracked } from '../../cases/index.ts';
import { when } from './labels.ts';

const pauseReasons = { specialProcedure: '特殊程序', correction: '等待补正' } as const;

/** A case's progress as its applicant reads it: status, deadlines with workdays left, pauses, the timeline. */
export function Progress(props: { tracked: Tracked; calendar: WorkCalendar; now: number; title?: string }) {
  const { tracked } = props;
  const left =
    tracked.deadlines && !tracked.paused && tracked.status === 'inReview'
      ? props.calendar.remaining(props.now, Date.parse(tracked.deadlines.promised), 'workdays').amount
      : undefined;
  return (
    <section aria-labelledby="result">
      <h2 id="result">{props.title ?? tracked.matter.name}</h2>
      <dl class="facts">
        <dt>办件编号</dt>
        <dd>{tracked.caseNumber}</dd>
        <dt>当前状态</dt>
        <dd>
          <strong>{tracked.statusLabel}</strong>
        </dd>
        <dt>收件时间</dt>
        <dd>{when(tracked.receivedAt)}</dd>
        {tracked.deadlines && (
          <>
            <dt>承诺办结</dt>
            <dd>
              {when(tracked.deadlines.promised)} 前{left !== undefined ? `（还剩 ${left} 个工作日）` : ''}
              {tracked.deadlines.provisional ? '（暂定）' : ''}
            </dd>
          </>
        )}
        {tracked.deadlines && (
          <>
            <dt>法定期限</dt>
            <dd>
              {when(tracked.deadlines.legal)} 前{tracked.deadlines.provisional ? '（暂定）' : ''}
            </dd>
          </>
        )}
        {tracked.next && (
          <>
            <dt>您需要做的</dt>
            <dd>{tracked.next}</dd>
          </>
        )}
      </dl>
      {tracked.provisional && (
        <p class="notice provisional" role="note">
          标有“暂定”的日期涉及 {tracked.provisional.years.join('、')} 年：{tracked.provisional.note}
        </p>
      )}
      {tracked.pauses.length > 0 && (
        <>
          <h2>暂停计时</h2>
          <ul>
            {tracked.pauses.map(p => (
              <li>
                {pauseReasons[p.reason]}：{when(p.from)} 至 {p.to ? when(p.to) : '现在'}，这段时间不计入办理时限。
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>办理过程</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">时间</th>
              <th scope="col">环节</th>
              <th scope="col">办理</th>
            </tr>
          </thead>
          <tbody>
            {tracked.timeline.map(e => (
              <tr>
                <td>{when(e.at)}</td>
                <td>
                  {e.label}
                  {e.detail ? (
                    <>
                      <br />
                      {e.detail}
                    </>
                  ) : (
                    ''
                  )}
                </td>
                <td>{e.by}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
