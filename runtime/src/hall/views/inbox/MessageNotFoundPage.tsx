/** @jsxImportSource hono/jsx */
import { Layout, type Viewer } from '../../components/layout.tsx';

/** A message that is not there or not the viewer's: the two answers are the same. */
export function MessageNotFoundPage(props: { viewer: Viewer | undefined }) {
  return (
    <Layout title="找不到消息" viewer={props.viewer}>
      <h1>找不到这条消息</h1>
      <p>这条消息不存在，或者不是发给您的。</p>
      <p>
        <a href="/hall/inbox">返回站内消息</a>
      </p>
    </Layout>
  );
}
