/** @jsxImportSource hono/jsx */
import type { WindowReceipt } from '../../../cases/index.ts';
import { Layout, type Viewer } from '../../components/layout.tsx';

/**
 * The window's receipt (受理凭证 / 收件回执) as a printable page: case number, materials received with their scans,
 * the Art. 32 date and how to track the case. The hall's print styles hide the site's header, footer and buttons.
 */
export function WindowReceiptPage(props: { viewer: Viewer | undefined; receipt: WindowReceipt }) {
  const r = props.receipt;
  return (
    <Layout title={`收件回执 ${r.caseNumber}`} viewer={props.viewer}>
      <article class="document receipt">
        <h1>申请材料收件回执</h1>
        <dl class="facts">
          <dt>办件编号</dt>
          <dd class="case-number">{r.caseNumber}</dd>
          <dt>事项</dt>
          <dd>{r.matter}</dd>
          <dt>申请人</dt>
          <dd>{r.applicant}</dd>
          <dt>办理部门</dt>
          <dd>{r.department}</dd>
          <dt>递交方式</dt>
          <dd>{r.channel}</dd>
          <dt>收件时间</dt>
          <dd>{r.receivedAt}</dd>
          {r.enteredBy && (
            <>
              <dt>窗口代为录入</dt>
              <dd>{r.enteredBy}</dd>
            </>
          )}
          {r.art32Date && (
            <>
              <dt>告知补正的最后期限</dt>
              <dd class="art32">
                {r.art32Date}（《中华人民共和国行政许可法》第三十二条：逾期不告知的，自收到申请材料之日起即为受理）
              </dd>
            </>
          )}
        </dl>
        <h2>收到的材料</h2>
        {r.materials.length === 0 ? (
          <p>（未收到需上传的材料）</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">材料</th>
                <th scope="col">扫描件</th>
                <th scope="col">纸质材料</th>
              </tr>
            </thead>
            <tbody>
              {r.materials.map(m => (
                <tr>
                  <td>{m.title}</td>
                  <td>
                    {m.files.length === 0
                      ? '—'
                      : m.files.map(f => `${f.name}${f.pages !== null ? `（${f.pages} 页）` : ''}`).join('；')}
                  </td>
                  <td>{m.paper ?? '无需纸质材料'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2>说明</h2>
        {r.lines.map(line => (
          <p>{line}</p>
        ))}
        <h2>查询办理进度</h2>
        <p>{r.tracking}</p>
        <p class="seal">{r.department}</p>
      </article>
      <p class="no-print">请使用浏览器的打印功能（Ctrl+P）打印本回执，交申请人留存。</p>
    </Layout>
  );
}
