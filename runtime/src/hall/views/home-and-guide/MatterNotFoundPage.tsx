/** @jsxImportSource hono/jsx */
import { Layout, type Viewer } from '../../components/layout.tsx';

/** A matter that is not published (never, or no longer): its guide and its application form both answer this. */
export function MatterNotFoundPage(props: { viewer?: Viewer | undefined }) {
  return (
    <Layout title="找不到事项" viewer={props.viewer}>
      <p>
        没有找到这个事项，它可能尚未发布或已经停办。<a href="/hall">返回首页</a>
      </p>
    </Layout>
  );
}
