import type { Hono } from 'hono';
import { jsx } from 'hono/jsx';
import type { AppEnv } from '../../web/env.ts';
import { mostUsedMatters, type Services } from '../../cases/index.ts';
import { matterTypes } from '../components/labels.ts';
import { hallFileHref, linksOf, type MaterialFileLink } from '../components/material-downloads.tsx';
import { versionMaterialFiles } from '../../publishing/index.ts';
import { weakTag } from '../../platform/observability/http.ts';
import { render, view, viewerOf } from '../render.ts';
import { GuidePage } from '../views/home-and-guide/GuidePage.tsx';
import { HomePage, type HomeQuery } from '../views/home-and-guide/HomePage.tsx';
import { MatterNotFoundPage } from '../views/home-and-guide/MatterNotFoundPage.tsx';

/**
 * The home page (/hall: search, themes, departments, the most used matters) and each matter's guide
 * (/hall/matters/:code), both from the live definitions: a publication shows on the next request. The site's root
 * sends visitors to the home page. A guide's cached page is kept per published version and catalogue version.
 */
export function homeAndGuideRoutes(app: Hono<AppEnv>, s: Services): void {
  app.get('/', c => c.redirect('/hall'));

  // Counting cases is not work for every page view: the list of most used matters is kept for a minute.
  let usageCache: { at: number; codes: string[] } | undefined;
  const mostUsedCodes = async () => {
    if (!usageCache || s.now() - usageCache.at > 60_000 || s.now() < usageCache.at)
      usageCache = { at: s.now(), codes: await mostUsedMatters(s.reads, s.now() - 90 * 86_400_000) };
    return usageCache.codes;
  };

  app.get('/hall', async c => {
    const raw = c.req.query();
    const query: HomeQuery = {
      ...(typeof raw.q === 'string' && raw.q.trim() ? { q: raw.q.slice(0, 50) } : {}),
      ...(typeof raw.department === 'string' && raw.department ? { department: raw.department.slice(0, 50) } : {}),
      ...(raw.for === 'person' || raw.for === 'organisation' ? { for: raw.for } : {}),
      ...(raw.type && Object.hasOwn(matterTypes, raw.type) ? { type: raw.type as HomeQuery['type'] } : {})
    };
    const definitions = s.registry
      .all()
      .map(m => m.definition)
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const usage = await mostUsedCodes();
    const byCode = new Map(definitions.map(d => [d.code, d]));
    const used = usage.map(code => byCode.get(code)).filter(d => d !== undefined);
    const mostUsed = [...used, ...definitions.filter(d => !used.includes(d))].slice(0, 10);
    const departments = [...new Set(definitions.map(d => d.department.name))].sort();
    return view(c, HomePage, { definitions, departments, mostUsed, query, viewer: viewerOf(c) });
  });

  // A department's places come from the live catalogue, so a department's new window shows without republishing.
  const placesOf = (department: string) => s.registry.catalog().departments.find(d => d.name === department)?.places;
  const guides = new Map<string, { version: number; catalogVersion: number; html: string; etag: string }>();
  // A published version's templates and samples never change (only a draft's do): read once per version.
  const liveFiles = new Map<string, { version: number; links: MaterialFileLink[] }>();
  const filesOf = async (code: string, version: number) => {
    let known = liveFiles.get(code);
    if (!known || known.version !== version) {
      const files = await versionMaterialFiles(s.reads, code, version);
      known = { version, links: linksOf(files, f => hallFileHref(code, f)) };
      liveFiles.set(code, known);
    }
    return known.links;
  };
  app.get('/hall/matters/:code', async c => {
    const live = s.registry.live(c.req.param('code'));
    if (!live) return view(c, MatterNotFoundPage, { viewer: viewerOf(c) }, 404);
    const viewer = viewerOf(c);
    const files = await filesOf(live.code, live.version);
    if (viewer)
      return render(
        c,
        jsx(GuidePage, {
          definition: live.definition,
          version: live.version,
          publishedAt: live.publishedAt,
          viewer,
          files,
          departmentPlaces: placesOf(live.definition.department.name)
        }),
        200
      );
    // The same guide for every visitor who is not signed in: rendered once per published version.
    let cached = guides.get(live.code);
    const catalogVersion = s.registry.catalogVersion();
    if (!cached || cached.version !== live.version || cached.catalogVersion !== catalogVersion) {
      const departmentPlaces = placesOf(live.definition.department.name);
      const html = `<!DOCTYPE html>${String(jsx(GuidePage, { definition: live.definition, version: live.version, publishedAt: live.publishedAt, files, departmentPlaces }))}`;
      cached = { version: live.version, catalogVersion, html, etag: weakTag(html) };
      guides.set(live.code, cached);
    }
    return c.body(cached.html, 200, { 'content-type': 'text/html; charset=utf-8', etag: cached.etag });
  });
}
