import type { Hono } from 'hono';
import { attachmentHeader, type Services } from '../../cases/index.ts';
import { templateDownloadName, versionMaterialFile } from '../../publishing/index.ts';
import type { AppEnv } from '../../web/env.ts';
import { hallErrorPage } from '../errors.ts';

/**
 * Downloads of a material's 空白表格 and 填写样本 from the guide (/hall/matters/:code/materials/:material/:kind/:sha256):
 * for everyone, the live version's only. The address names the content's hash, so the answer is kept for a year
 * (`immutable`); an address whose hash is not the live version's file (a draft's, a replaced one) is not found.
 */
export function materialFileRoutes(app: Hono<AppEnv>, s: Services): void {
  app.get('/hall/matters/:code/materials/:material/:kind/:sha256', async c => {
    const { code, material, kind, sha256 } = c.req.param();
    const live = s.registry.live(code);
    const gone = () =>
      hallErrorPage(
        c,
        404,
        '找不到这个文件。它可能已随办事指南更新而替换，请回到办事指南下载最新的样表。',
        'material-file.not-found'
      );
    if (!live || (kind !== 'template' && kind !== 'sample') || !/^[0-9a-f]{64}$/.test(sha256)) return gone();
    const file = await versionMaterialFile(s.reads, code, live.version, material, kind);
    if (!file || file.sha256 !== sha256) return gone();
    if (c.req.header('if-none-match') === `"${sha256}"`) return c.body(null, 304, { ETag: `"${sha256}"` });
    const content = await s.blobs.get(sha256);
    if (!content)
      return hallErrorPage(c, 500, '文件暂时无法读取，请稍后再试或到办理窗口领取。', 'file.content-missing');
    return c.body(content as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': file.mediaType,
      'Content-Length': String(content.length),
      'Content-Disposition': attachmentHeader(templateDownloadName(file.name, file.type)),
      'X-Content-Type-Options': 'nosniff',
      ETag: `"${sha256}"`,
      'Cache-Control': 'public, max-age=31536000, immutable'
    });
  });
}
