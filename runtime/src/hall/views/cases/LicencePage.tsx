/** @jsxImportSource hono/jsx */
import type { Definition } from '@banshi/definition';
import type { CaseState } from '../../../cases/index.ts';
import { Layout, type Viewer } from '../../components/layout.tsx';

/** What the matter says of the licence it yields: its name and how long it is valid. */
type Licence = NonNullable<Definition['result']>;

/**
 * 电子证照: the licence a granted case yields, with its holder, up to six of the answers, and how long it is valid.
 * `issued` is the day of the decision (Shanghai), `until` the last day of its validity.
 */
export function LicencePage(props: {
  viewer: Viewer | undefined;
  definition: Definition;
  licence: Licence;
  state: CaseState;
  issued: string;
  /** The last day it is valid, when the matter gives a period. */
  until: string | undefined;
  /** The licence as the e-licence library holds it (its own number, its status); absent for one issued before it. */
  library?: { number: string; status: string } | undefined;
}) {
  const { definition: d, licence, state, issued, until } = props;
  const validity = licence.validity;
  return (
    <Layout title={licence.name} viewer={props.viewer}>
      <article class="document">
        <h1>{licence.name}</h1>
        <p class="muted">电子证照 · 与纸质证照具有同等效力</p>
        <dl class="facts">
          <dt>证照编号</dt>
          <dd>{props.library?.number ?? state.caseNumber}</dd>
          {props.library && (
            <>
              <dt>状态</dt>
              <dd>{props.library.status}</dd>
            </>
          )}
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
        <a href={`/hall/cases/${state.id}/licence/pdf`}>下载 PDF（电子签章）</a>
      </p>
    </Layout>
  );
}
