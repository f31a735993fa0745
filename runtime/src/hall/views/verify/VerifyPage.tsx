/** @jsxImportSource hono/jsx */
import type { PublicDocument, Verification } from '../../../documents/index.ts';
import { Csrf } from '../../components/form.tsx';
import { Layout, type Viewer } from '../../components/layout.tsx';

/**
 * 电子文书核验: a document's verification result (by its address, from the QR code, or for an uploaded copy) and
 * the form to upload a copy; for anyone, without signing in and without JavaScript.
 */
export function VerifyPage(props: {
  viewer: Viewer | undefined;
  /** What was checked and how it came out; nothing before a copy is uploaded. */
  result?: Verification | undefined;
  /** Whether the result is of an uploaded copy (else of the document the platform keeps). */
  uploaded?: boolean;
  /** Why the upload could not be checked (no file, too many uploads). */
  error?: string | undefined;
}) {
  const { result } = props;
  return (
    <Layout title="电子文书核验" viewer={props.viewer}>
      <h1>电子文书核验</h1>
      {props.error && (
        <div class="error-summary" role="alert" tabindex={-1} id="error-summary">
          <h2>无法核验</h2>
          <ul>
            <li>
              <a href="#file">{props.error}</a>
            </li>
          </ul>
        </div>
      )}
      {result && (
        <section aria-labelledby="result">
          <h2 id="result">验证结果：{result.ok ? '验证通过' : `验证失败（${result.reason}）`}</h2>
          <p class={result.ok ? 'notice' : 'warn'} role="status">
            {result.ok
              ? `${props.uploaded ? '上传的文件' : '该文书'}与本平台签发时完全一致，电子签章有效${result.retiredKey ? '（签章密钥已轮换，签发时有效）' : ''}。`
              : result.detail}
          </p>
          {result.document && <Facts document={result.document} />}
        </section>
      )}
      <section aria-labelledby="upload">
        <h2 id="upload">上传文书副本核验</h2>
        <p class="hint">
          选择从本平台下载的 PDF 文书（不超过 10
          MB），核验其电子签章和内容是否与签发时一致。文件只用于本次核验，不会保存。
        </p>
        <form method="post" action="/hall/verify" enctype="multipart/form-data">
          <Csrf token={props.viewer?.csrf} />
          <div class="field">
            <label for="file">PDF 文书</label>
            <input id="file" name="file" type="file" accept="application/pdf,.pdf" required />
          </div>
          <button type="submit">核验</button>
        </form>
      </section>
      <p class="muted">
        本平台签发的电子文书以 SM2 签名算法和 SM3
        杂凑算法加盖电子签章，签章与书面签章具有同等效力；各部门的签章公钥由本平台公布，可用任何国密算法工具独立核验。
      </p>
    </Layout>
  );
}

function Facts(props: { document: PublicDocument }) {
  const d = props.document;
  return (
    <>
      <dl class="facts">
        <dt>文书编号</dt>
        <dd>{d.number}</dd>
        <dt>文书类型</dt>
        <dd>{d.kindLabel}</dd>
        <dt>标题</dt>
        <dd>{d.title}</dd>
        <dt>签发部门</dt>
        <dd>{d.department}</dd>
        <dt>签发日期</dt>
        <dd>{d.date}</dd>
        <dt>持有人</dt>
        <dd>{d.holder}</dd>
        {d.holderId && (
          <>
            <dt>证件号码</dt>
            <dd>{d.holderId}</dd>
          </>
        )}
        {d.licence && (
          <>
            <dt>证照编号</dt>
            <dd>{d.licence.number}</dd>
            <dt>有效期至</dt>
            <dd>{d.licence.validUntil ?? '长期有效'}</dd>
            <dt>证照状态</dt>
            <dd>{d.licence.valid ? `有效（${d.licence.status}）` : `无效（${d.licence.status}）`}</dd>
          </>
        )}
      </dl>
      <details>
        <summary>签章信息</summary>
        <dl class="facts">
          <dt>签章密钥编号</dt>
          <dd>{d.keyId}</dd>
          {d.publicKey && (
            <>
              <dt>签章公钥（SM2）</dt>
              <dd>
                <code>{d.publicKey}</code>
              </dd>
            </>
          )}
          <dt>SM3 摘要</dt>
          <dd>
            <code>{d.digest}</code>
          </dd>
        </dl>
      </details>
    </>
  );
}
