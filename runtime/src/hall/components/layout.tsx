/** @jsxImportSource hono/jsx */
import { raw } from 'hono/html';
import { useContext, type Child } from 'hono/jsx';
import { PreviewBanner } from './preview.ts';

/** Who is looking at a hall page: shown in the header, and the CSRF token every form of theirs carries. */
export interface Viewer {
  name: string;
  kind: 'person' | 'organisation' | 'staff';
  csrf: string;
}

/**
 * Every hall page: Chinese first, one stylesheet, a skip link, the same header and footer. Complete without
 * script; `script` adds the hall's one small script (validation as you type, upload progress), loaded deferred.
 */
export function Layout(props: { title: string; viewer?: Viewer | undefined; script?: boolean; children: Child }) {
  // In the studio's preview nobody is signed in to the hall, and links open the live hall in a new tab.
  const preview = useContext(PreviewBanner);
  const viewer = preview ? undefined : props.viewer;
  if (preview || viewer) return <Page {...props} viewer={viewer} preview={preview} />;
  const [before, after] = visitorShell(props.title, props.script === true);
  return (
    <>
      {raw(before)}
      {props.children}
      {raw(after)}
    </>
  );
}

/**
 * The page around the content for a visitor (no one signed in, not the studio's preview), drawn once per title and
 * kept: the same for every visitor, and most of a page's elements. Drawing it with hono/jsx on each request was a
 * fifth of a tracking page's drawing time (43 µs against 33.5 alone), and more under load: 35 µs of the machine's
 * CPU a lookup at 200 connections. Bounded: past `keptShells` titles it starts again.
 */
const shells = new Map<string, [string, string]>();
const keptShells = 500;
const mainMark = '<!--banshi:main-->';

function visitorShell(title: string, script: boolean): [string, string] {
  const key = `${script ? 1 : 0}${title}`;
  let shell = shells.get(key);
  if (!shell) {
    const html = String(<Page title={title} script={script} preview={null} children={raw(mainMark)} />);
    const at = html.indexOf(mainMark);
    shell = [html.slice(0, at), html.slice(at + mainMark.length)];
    if (shells.size >= keptShells) shells.clear();
    shells.set(key, shell);
  }
  return shell;
}

/** The page drawn in full, every time: for a signed-in viewer and the studio's preview, and what `Layout` keeps. */
export function Page(props: {
  title: string;
  viewer?: Viewer | undefined;
  script?: boolean;
  preview: string | null;
  children: Child;
}) {
  const { viewer, preview } = props;
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} - 网上办事大厅`}</title>
        <link rel="stylesheet" href="/hall/hall.css" />
        {preview && <base target="_blank" />}
        {preview && <meta name="robots" content="noindex" />}
        {props.script && <script type="module" src="/hall/hall.js"></script>}
      </head>
      <body>
        <a class="skip" href="#main">
          跳到正文
        </a>
        <header class="site">
          <a href="/hall">网上办事大厅</a>
          <nav aria-label="主导航">
            <a href="/hall">首页</a>
            <a href="/hall/track">办件查询</a>
            <a href="/hall/consultations">咨询</a>
            <a href="/hall/complaints">投诉</a>
            {viewer && viewer.kind !== 'staff' && <a href="/hall/my">我的办件</a>}
            {viewer && viewer.kind !== 'staff' && <a href="/hall/licences">我的证照</a>}
            {viewer && <a href="/hall/inbox">消息</a>}
            {viewer && viewer.kind !== 'staff' && <a href="/hall/account">我的账号</a>}
            {!viewer && <a href="/hall/login">登录</a>}
            {!viewer && <a href="/hall/register">注册</a>}
          </nav>
          {viewer && (
            <form class="signout" method="post" action="/hall/logout">
              <span>{viewer.name}</span>
              <input type="hidden" name="_csrf" value={viewer.csrf} />
              <button type="submit" class="link">
                退出
              </button>
            </form>
          )}
        </header>
        {preview && (
          <p class="preview-banner" role="note">
            {preview}
          </p>
        )}
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
        <footer class="site">
          办事指南依据各部门发布的现行版本自动生成。<a href="/api/docs">开放接口</a>
        </footer>
      </body>
    </html>
  );
}
