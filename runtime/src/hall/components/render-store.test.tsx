/** @jsxImportSource hono/jsx */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { Layout } from './layout.tsx';
import { PreviewBanner } from './preview.ts';
import { keepRendersOffAsyncHooks } from './render-store.ts';

// Each test file runs in a process of its own (the forks pool, isolated), so hono/jsx has not drawn anything yet.
describe('hono/jsx kept off async hooks', () => {
  it('draws pages, the preview banner from its context included, without ever entering AsyncLocalStorage.run', () => {
    const run = vi.spyOn(AsyncLocalStorage.prototype, 'run');
    onTestFinished(() => run.mockRestore());
    const getBuiltinModule = process.getBuiltinModule;
    keepRendersOffAsyncHooks();
    expect(process.getBuiltinModule).toBe(getBuiltinModule);

    const visitor = String(<Layout title="办件查询">正文</Layout>);
    const preview = String(
      <PreviewBanner.Provider value="草稿预览 · 尚未发布">
        <Layout title="办件查询" viewer={{ name: '张三', kind: 'person', csrf: 't' }}>
          正文
        </Layout>
      </PreviewBanner.Provider>
    );
    const after = String(
      <Layout title="办件查询" viewer={{ name: '张三', kind: 'person', csrf: 't' }}>
        正文
      </Layout>
    );

    expect(visitor).toContain('<main id="main" tabindex="-1">正文</main>');
    expect(visitor).not.toContain('草稿预览');
    expect(preview).toContain('<p class="preview-banner" role="note">草稿预览 · 尚未发布</p>');
    expect(preview).not.toContain('张三');
    // The provider's value ends with its render: the next page is not a preview.
    expect(after).toContain('<span>张三</span>');
    expect(after).not.toContain('草稿预览');
    expect(run).not.toHaveBeenCalled();
  });

  it('is what hono/jsx would do otherwise: a fresh AsyncLocalStorage.run per page (the control)', async () => {
    // A module instance of hono/jsx of its own (its file under another URL), not yet probed, in the same process.
    const own = `${pathToFileURL(createRequire(import.meta.url).resolve('hono/jsx')).href}?control`;
    const run = vi.spyOn(AsyncLocalStorage.prototype, 'run');
    onTestFinished(() => run.mockRestore());
    const { jsx } = (await import(own)) as typeof import('hono/jsx');
    String(jsx('p', {}, 'x'));
    expect(run).toHaveBeenCalled();
  });
});
