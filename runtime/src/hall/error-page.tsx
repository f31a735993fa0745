/** @jsxImportSource hono/jsx */
import { Layout } from './layout.tsx';
import { render, viewerOf, type HallContext } from './render.ts';

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
export function hallErrorPage(c: HallContext, status: number, message: string, code?: string): Response {
  const title = titles[status] ?? '出错了';
  return render(
    c,
    <Layout title={title} viewer={viewerOf(c)}>
      <h1>{title}</h1>
      <p>{message}</p>
      {code === 'auth.csrf' && (
        <p>为了您的账号安全，表单在一段时间后或重新登录后会失效。请返回上一页，刷新后再提交。</p>
      )}
      <p>
        <a href="/hall">返回首页</a>
        {viewerOf(c) && (
          <>
            {' '}
            · <a href="/hall/my">我的办件</a>
          </>
        )}
      </p>
    </Layout>,
    status
  );
}

/** Whether a request is for a hall page (an HTML answer), not its script or stylesheet. */
export const isHallPage = (path: string) =>
  (path === '/hall' || path.startsWith('/hall/')) && !/\.(js|css)$/.test(path);
