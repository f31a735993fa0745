import { audit } from '../../platform/audit.ts';
import type { Staff } from '../../accounts/index.ts';
import { attachmentHeader, downloadName, visibleCase } from '../../cases/index.ts';
import type { Services } from '../../cases/index.ts';
import { caseFile, casePage } from '../../cases/case-page.ts';
import type { Api } from '../api.ts';
import { ApiError, notFound } from '../../web/errors.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import { IdParam, Uuid } from '../../web/schemas.ts';
import { CasePage } from './case-page-schemas.ts';

/** The staff's case page: its data in one answer, and the case's files for whoever may see the case. */
export function casePageRoutes(api: Api, s: Services): void {
  api.route(
    {
      method: 'get',
      path: '/api/office/cases/:id/page',
      group: 'office',
      access: 'staff',
      summary:
        '办件页：申请人、申请表、各轮材料文件、各环节意见、时间线、文书、监察记录、每个期限的推算过程、此刻可办的操作',
      params: IdParam,
      response: CasePage
    },
    async (c, { params, principal }) => {
      const found = await visibleCase(s, principal, params.id, ip(c));
      if (!found) throw notFound('找不到这个办件。');
      return c.json(await casePage(s, principal as Staff, found));
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/office/cases/:id/files/:fileId',
      group: 'office',
      access: 'staff',
      params: IdParam.extend({ fileId: Uuid }),
      produces: 'application/octet-stream',
      summary: '办件材料文件（PDF 与图片在页面中显示，其他下载）：仅可查看该办件的工作人员'
    },
    async (c, { params, principal }) => {
      const denied = async () => {
        await audit(s.db, {
          actor: principal,
          action: 'file.read',
          outcome: 'denied',
          target: params.fileId,
          ip: ip(c)
        });
        return notFound('找不到这个文件。');
      };
      const found = await visibleCase(s, principal, params.id, ip(c));
      if (!found) throw await denied();
      const file = await caseFile(s.db, params.id, params.fileId);
      if (!file) throw await denied();
      const content = await s.blobs.get(file.sha256);
      if (!content) {
        await audit(s.db, {
          actor: principal,
          action: 'file.read',
          outcome: 'error',
          target: params.fileId,
          caseId: params.id,
          ip: ip(c),
          detail: { code: 'file.content-missing' }
        });
        throw new ApiError(500, 'file.content-missing', '文件内容暂时无法读取，请稍后再试。');
      }
      await audit(s.db, {
        actor: principal,
        action: 'file.read',
        outcome: 'ok',
        target: params.fileId,
        caseId: params.id,
        ip: ip(c)
      });
      const mediaType = file.media_type as Parameters<typeof downloadName>[1];
      const inline = mediaType === 'application/pdf' || mediaType.startsWith('image/');
      const disposition = attachmentHeader(downloadName(file.name, mediaType));
      return c.body(content as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': mediaType,
        'Content-Length': String(content.length),
        // PDFs and images open in the page (pdf.js, <img>); the sandbox keeps a PDF opened on its own from running anything.
        'Content-Disposition': inline ? disposition.replace(/^attachment/, 'inline') : disposition,
        'Content-Security-Policy': "sandbox; default-src 'none'",
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store'
      });
    }
  );
}
