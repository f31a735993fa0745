/** @jsxImportSource hono/jsx */
import { Layout, type Viewer } from '../../components/layout.tsx';

/** The one answer for a case that is not there or not the viewer's: nothing tells the two apart. */
export function EvaluationCaseNotFoundPage(props: { viewer: Viewer | undefined }) {
  return (
    <Layout title="找不到办件" viewer={props.viewer}>
      <h1>找不到这个办件</h1>
      <p>没有找到这个办件，或者它不是您本人的办件。只能评价本人已办结的办件。</p>
      <p>
        <a href="/hall/my">查看我的办件</a>
      </p>
    </Layout>
  );
}
