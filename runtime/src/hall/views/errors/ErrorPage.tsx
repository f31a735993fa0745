/** @jsxImportSource hono/jsx */
import { Layout, type Viewer } from '../../components/layout.tsx';

const titles: Record<number, string> = {
  400: '请求有误',
  401: '请先登录',
  403: '无法完成操作',
  404: '找不到页面',
  409: '操作冲突',
  413: '内容过大',
  422: '无法完成操作',
  429: '操作过于频繁',
  503: '暂时无法办理'
};

/**
 * An error on a hall page as a page, not the API's JSON: what went wrong in the user's words and the ways on (back,
 * home, refresh for an expired form).
 */
export function ErrorPage(props: {
  viewer: Viewer | undefined;
  status: number;
  message: string;
  code: string | undefined;
}) {
  const title = titles[props.status] ?? '出错了';
  return (
    <Layout title={title} viewer={props.viewer}>
      <h1>{title}</h1>
      <p>{props.message}</p>
      {props.code === 'auth.csrf' && (
        <p>为了您的账号安全，表单在一段时间后或重新登录后会失效。请返回上一页，刷新后再提交。</p>
      )}
      <p>
        <a href="/hall">返回首页</a>
        {props.viewer && (
          <>
            {' '}
            · <a href="/hall/my">我的办件</a>
          </>
        )}
      </p>
    </Layout>
  );
}
