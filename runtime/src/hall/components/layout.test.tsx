/** @jsxImportSource hono/jsx */
import { describe, expect, it } from 'vitest';
import { Layout, Page } from './layout.tsx';
import { PreviewBanner } from './preview.ts';

const draw = (node: unknown) => String(node);

describe("a hall page's layout", () => {
  it('is, for a visitor, the page drawn in full, from the kept shell too, each title its own', () => {
    for (const title of ['办件查询', '建筑工程施工许可证核发 办事指南', '<script>alert(1)</script>'])
      for (const script of [false, true]) {
        const full = draw(
          <Page title={title} script={script} preview={null}>
            <p>正文 {title}</p>
          </Page>
        );
        const first = draw(
          <Layout title={title} script={script}>
            <p>正文 {title}</p>
          </Layout>
        );
        const again = draw(
          <Layout title={title} script={script}>
            <p>正文 {title}</p>
          </Layout>
        );
        expect(first).toBe(full);
        expect(again).toBe(full);
      }
    const tracking = draw(<Layout title="办件查询">x</Layout>);
    expect(tracking).toContain('<title>办件查询 - 网上办事大厅</title>');
    expect(tracking).toContain('<main id="main" tabindex="-1">x</main>');
    expect(tracking).toContain('<a href="/hall/login">登录</a>');
    expect(draw(<Layout title="<b>">x</Layout>)).toContain('<title>&lt;b&gt; - 网上办事大厅</title>');
  });

  it("draws a signed-in viewer's own name and token each time, never a visitor's shell", () => {
    const page = (name: string, csrf: string) =>
      draw(
        <Layout title="办件查询" viewer={{ name, kind: 'person', csrf }}>
          x
        </Layout>
      );
    draw(<Layout title="办件查询">x</Layout>);
    const a = page('张三', 'token-a');
    const b = page('李四', 'token-b');
    expect(a).toContain('<span>张三</span>');
    expect(a).toContain('value="token-a"');
    expect(a).not.toContain('/hall/login');
    expect(b).toContain('<span>李四</span>');
    expect(b).not.toContain('张三');
  });

  it("draws the studio's preview in full, with its banner, links opening the live hall", () => {
    draw(<Layout title="办件查询">x</Layout>);
    const preview = draw(
      <PreviewBanner.Provider value="预览：尚未发布">
        <Layout title="办件查询" viewer={{ name: '张三', kind: 'person', csrf: 't' }}>
          x
        </Layout>
      </PreviewBanner.Provider>
    );
    expect(preview).toContain('<base target="_blank"/>');
    expect(preview).toContain('预览：尚未发布');
    expect(preview).not.toContain('张三');
  });
});
