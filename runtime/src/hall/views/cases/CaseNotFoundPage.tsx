/** @jsxImportSource hono/jsx */
import { Layout, type Viewer } from '../../components/layout.tsx';

/** A case that is not there or not the applicant's: the two answers are the same. */
export function CaseNotFoundPage(props: { viewer: Viewer | undefined }) {
  return (
    <Layout title="找不到办件" viewer={props.viewer}>
      <h1>找不到这个办件</h1>
      <p>
        它可能不存在，或不是您的办件。<a href="/hall/my">返回我的办件</a>
      </p>
    </Layout>
  );
}
