/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';

/** Every hall page: Chinese first, one stylesheet, a skip link, the same header and footer. No script needed. */
export function Layout(props: { title: string; children: Child }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} - 网上办事大厅`}</title>
        <link rel="stylesheet" href="/hall/hall.css" />
      </head>
      <body>
        <a class="skip" href="#main">跳到正文</a>
        <header class="site">
          <a href="/hall">网上办事大厅</a>
          <nav aria-label="主导航">
            <a href="/hall">首页</a>
            <a href="/hall#departments">按部门</a>
            <a href="/hall/track">办件查询</a>
            <a href="/api/docs">开放接口</a>
          </nav>
        </header>
        <main id="main">{props.children}</main>
        <footer class="site">办事指南依据各部门发布的现行版本自动生成。</footer>
      </body>
    </html>
  );
}
