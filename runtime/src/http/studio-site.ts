import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono, MiddlewareHandler } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { AppEnv } from '../web/env.ts';

/** Where `npm run build -w studio` writes the studio (SvelteKit, adapter-static). */
export const studioBuildDir = fileURLToPath(new URL('../../../studio/build', import.meta.url));

interface Page {
  html: string;
  /** The build's Brotli copy of the page, when it wrote one. */
  br?: Buffer;
}

interface Site {
  pages: Map<string, Page>;
  fallback: Page;
  csp: string;
}

/** Every HTML file of the build, by its path under /studio, and the CSP that lets exactly their inline scripts run. */
function readSite(dir: string): Site | undefined {
  const fallbackFile = join(dir, '200.html');
  if (!existsSync(fallbackFile)) return undefined;
  const pages = new Map<string, Page>();
  const hashes = new Set<string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '_app') walk(file);
        continue;
      }
      if (!entry.name.endsWith('.html')) continue;
      const html = readFileSync(file, 'utf8');
      for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g))
        hashes.add(`'sha256-${createHash('sha256').update(match[1]!).digest('base64')}'`);
      const path = relative(dir, file)
        .replace(/\\/g, '/')
        .replace(/\.html$/, '');
      pages.set(
        path === 'index' ? '' : path,
        existsSync(`${file}.br`) ? { html, br: readFileSync(`${file}.br`) } : { html }
      );
    }
  };
  walk(dir);
  const csp = [
    "default-src 'self'",
    `script-src 'self' ${[...hashes].join(' ')}`,
    // Monaco sets styles inline (microsoft/monaco-editor#271): there is no way around it.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'"
  ].join('; ');
  return { pages, fallback: pages.get('200')!, csp };
}

/**
 * Serves the studio under /studio: hashed assets cached for good (served compressed when the build has the
 * compressed copy), prerendered pages, and the single-page fallback for every other path, each page with a CSP
 * naming its inline bootstrap by hash. Without a build, /studio says how to make one.
 */
export function studioSite(app: Hono<AppEnv>, dir = studioBuildDir): void {
  let site: (Site & { stamp: number }) | undefined;
  // Read again when the build changes under a running server (`npm run build` beside `npm start`).
  const load = () => {
    const stamp = existsSync(join(dir, '200.html')) ? statSync(join(dir, '200.html')).mtimeMs : 0;
    if (site?.stamp !== stamp) {
      const read = readSite(dir);
      site = read && { ...read, stamp };
    }
    return site;
  };

  // Created at the first asset request: the build may be made after the app is.
  let assets: MiddlewareHandler<AppEnv> | undefined;
  app.get('/studio/_app/*', async (c, next) => {
    assets ??= serveStatic({ root: dir, precompressed: true, rewriteRequestPath: p => p.slice('/studio'.length) });
    const response = await assets(c, next);
    if (response?.status === 200 && c.req.path.startsWith('/studio/_app/immutable/'))
      response.headers.set('cache-control', 'public, max-age=31536000, immutable');
    return response;
  });
  app.get('/studio/_app/*', c => c.text('Not found', 404));

  app.get('/studio', c => c.redirect('/studio/', 301));
  app.get('/studio/*', c => {
    const built = load();
    if (!built)
      return c.text('工作台尚未构建。请在仓库根目录运行 npm run build（npm start 会自动构建）。', 503, {
        'cache-control': 'no-store'
      });
    const path = c.req.path.slice('/studio/'.length).replace(/\/$/, '');
    const page = built.pages.get(path) ?? built.fallback;
    const headers = {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'content-security-policy': built.csp,
      vary: 'Accept-Encoding'
    };
    if (page.br && /\bbr\b/.test(c.req.header('accept-encoding') ?? ''))
      return c.body(new Uint8Array(page.br), 200, { ...headers, 'content-encoding': 'br' });
    return c.body(page.html, 200, headers);
  });
}
