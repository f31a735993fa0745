/** @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import { z } from 'zod';
import { Definition } from '@banshi/definition';
import type { Staff } from '../../accounts/index.ts';
import type { Services } from '../../cases/index.ts';
import { listMaterialFiles, usesStudio } from '../../publishing/index.ts';
import { Refusal } from '../../platform/refusal.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import { linksOf, studioFileHref } from '../components/material-downloads.tsx';
import type { AppEnv } from '../../web/env.ts';
import { hallErrorPage } from '../errors.ts';
import { PreviewBanner } from '../components/preview.ts';
import { render, type HallContext } from '../render.ts';
import { GuidePage } from '../views/home-and-guide/GuidePage.tsx';
import { ApplyPage } from '../views/apply/ApplyPage.tsx';

const PreviewRequest = z.object({
  definition: Definition,
  /** The version being drafted, printed on the guide. */
  version: z.number().int().min(1).max(1_000_000).optional()
});

/**
 * The studio's previews of a matter not live yet, drawn by the hall's own pages from the Definition the studio's
 * compiler just produced: `POST /hall/preview/guide` (办事指南 exactly as the hall prints it) and
 * `POST /hall/preview/form` (the application form, whose script shows the materials the answers require).
 * For staff who author matters; each page carries a banner saying it is a preview, and nothing on it can be sent.
 */
export function previewRoutes(app: Hono<AppEnv>, s: Services): void {
  app.post('/hall/preview/:page{guide|form}', async c => {
    const principal = c.get('principal');
    if (!principal) return hallErrorPage(c, 401, '请先登录工作台。', 'auth.required');
    if (principal.kind !== 'staff' || !usesStudio(principal as Staff))
      return hallErrorPage(c, 403, '预览仅供事项编写、审批人员使用。', 'auth.forbidden');
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return hallErrorPage(c, 400, '预览请求不是有效的 JSON。', 'request.not-json');
    }
    const parsed = PreviewRequest.safeParse(body);
    if (!parsed.success)
      return hallErrorPage(c, 400, '事项定义不完整，暂时无法预览。请先改正编辑器中的错误。', 'request.invalid');
    const { definition, version } = parsed.data;
    const now = s.now();
    const page =
      c.req.param('page') === 'guide' ? (
        <GuidePage
          definition={definition}
          version={version ?? 1}
          publishedAt={now}
          files={await draftFiles(s, principal as Staff, definition.code, version, ip(c))}
          departmentPlaces={s.registry.catalog().departments.find(d => d.name === definition.department.name)?.places}
        />
      ) : (
        <ApplyPage
          viewer={{ name: '预览', kind: 'person', csrf: '' }}
          definition={definition}
          draft={{
            id: 'preview',
            matterCode: definition.code,
            answers: {},
            materials: [],
            choices: {},
            caseId: null,
            updatedAt: ''
          }}
          files={new Map()}
          offers={[]}
          chosen={{}}
          errors={{}}
          today={s.calendar().dateOf(now)}
        />
      );
    const banner = `草稿预览 · 尚未发布 · ${c.req.param('page') === 'guide' ? '办事指南' : '申请表'}`;
    const response = render(c as HallContext, <PreviewBanner.Provider value={banner}>{page}</PreviewBanner.Provider>);
    response.headers.set('cache-control', 'no-store');
    return response;
  });
}

/**
 * The templates and samples of the version being previewed, linked to the studio's own download (staff who may read
 * the matter): a draft's files are never offered by the hall. Nothing for a version the viewer may not read.
 */
async function draftFiles(s: Services, staff: Staff, code: string, version: number | undefined, at?: string) {
  if (version === undefined) return [];
  try {
    const { items } = await listMaterialFiles(s, staff, code, version, { ip: at });
    return linksOf(items, f => studioFileHref(code, version, f));
  } catch (error) {
    if (error instanceof Refusal) return [];
    throw error;
  }
}
