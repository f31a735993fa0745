/** @jsxImportSource hono/jsx */
import { statusLabels, type Licence, type LicenceChange } from '../../../licences/index.ts';
import { when } from '../../components/labels.ts';
import { Layout, type Viewer } from '../../components/layout.tsx';

/** The words of a history line: what happened to the licence. */
const changeWords: Record<LicenceChange['status'], string> = {
  valid: '核发',
  changed: '变更',
  extended: '延期',
  revoked: '撤销或吊销'
};

/**
 * 我的证照: the holder's licences in the e-licence library, newest first, each with its number, status, validity,
 * where it came from, its history (every change: when, by whom, why, through which case) and a link to the licence
 * itself. A licence past its last day reads as expired (已过期); only licences in force are offered when applying.
 */
export function MyLicencesPage(props: {
  viewer: Viewer | undefined;
  licences: Array<{ licence: Licence; history: LicenceChange[] }>;
}) {
  return (
    <Layout title="我的证照" viewer={props.viewer}>
      <h1>我的证照</h1>
      <p class="hint">
        这里是在本平台核发给您的电子证照，与纸质证照具有同等效力。办理需要这些证照的事项时，经您同意即从电子证照库调取，无需再上传。
      </p>
      {props.licences.length === 0 && <p>您还没有电子证照。事项批准后核发的证照会出现在这里。</p>}
      {props.licences.map(({ licence: l, history }) => (
        <section class="licence" id={`licence-${l.number}`} aria-labelledby={`licence-${l.number}-name`}>
          <h2 id={`licence-${l.number}-name`}>{l.name}</h2>
          <dl class="facts">
            <dt>证照编号</dt>
            <dd>{l.number}</dd>
            <dt>状态</dt>
            <dd>
              <strong class={l.status === 'revoked' || l.status === 'expired' ? 'tag warn' : 'tag'}>
                {statusLabels[l.status]}
              </strong>
              {l.extensions > 0 ? `（已延期 ${l.extensions} 次）` : ''}
            </dd>
            <dt>有效期</dt>
            <dd>{l.validUntil ? `${l.issuedOn} 至 ${l.validUntil}` : `${l.issuedOn} 起长期有效`}</dd>
            <dt>发证机关</dt>
            <dd>{l.department}</dd>
            <dt>来源办件</dt>
            <dd>
              <a href={`/hall/cases/${l.caseId}`}>{l.caseNumber}</a>
            </dd>
          </dl>
          <p class="actions">
            <a href={`/hall/cases/${l.caseId}/licence`}>查看证照</a>
            <a href={`/hall/cases/${l.caseId}/licence/pdf`}>下载证照 PDF（电子签章）</a>
          </p>
          <details>
            <summary>证照历史（{history.length} 条）</summary>
            <table>
              <caption>
                {l.name}（{l.number}）的历史
              </caption>
              <thead>
                <tr>
                  <th scope="col">时间</th>
                  <th scope="col">事项</th>
                  <th scope="col">有效期至</th>
                  <th scope="col">办理人</th>
                  <th scope="col">原因</th>
                </tr>
              </thead>
              <tbody>
                {history.map(h => (
                  <tr>
                    <td>{when(h.at)}</td>
                    <td>{changeWords[h.status]}</td>
                    <td>{h.validUntil ?? '长期'}</td>
                    <td>{h.actorName}</td>
                    <td>{h.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </section>
      ))}
    </Layout>
  );
}
