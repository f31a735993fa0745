import { createHash } from 'node:crypto';
import { z } from 'zod';
import { audit } from '../../platform/audit.ts';
import { acceptedTypes, maxUploadBytes } from '../../platform/files/inspect.ts';
import {
  attachmentHeader,
  checkUploadSize,
  cleanFileName,
  downloadName,
  readableFile,
  storeUpload
} from '../../cases/index.ts';
import type { Services } from '../../cases/index.ts';
import { idempotencyKey, once, remember, requestHash } from '../../platform/idempotency.ts';
import type { Api } from '../api.ts';
import { refuseUnstorableFields } from '../../web/clean-input.ts';
import { ApiError } from '../../web/errors.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import { IdParam } from '../../web/schemas.ts';
import { acting } from '../../web/acting.ts';
import { parseWith } from '../../web/validate.ts';
import { UploadedFile } from './case-schemas.ts';

const Fields = z.object({
  material: z.string({ error: '请注明这份文件是哪项申请材料' }).trim().min(1, '请注明这份文件是哪项申请材料').max(100)
});

/**
 * Uploads and downloads of application materials. The type is judged by the bytes, never by the name or the
 * browser's claim; a download is always an attachment with the real type and `nosniff`, so nothing uploaded can
 * run in the hall's origin.
 */
export function fileRoutes(api: Api, s: Services): void {
  api.route(
    {
      method: 'post',
      path: '/api/hall/files',
      response: UploadedFile,
      group: 'hall',
      access: 'applicant',
      multipart: true,
      idempotent: true,
      summary: `上传申请材料（multipart/form-data：file、material；${acceptedTypes.join('、')}，不超过 ${maxUploadBytes / 1024 / 1024} MB）`
    },
    async (c, { principal }) => {
      let form: FormData;
      try {
        form = await c.req.formData();
      } catch {
        throw new ApiError(400, 'request.not-multipart', '请以 multipart/form-data 方式上传文件。');
      }
      refuseUnstorableFields(form);
      const file = form.get('file');
      if (!(file instanceof Blob)) throw new ApiError(400, 'request.invalid', '请选择要上传的文件（字段名 file）。');
      const { material } = parseWith(Fields, { material: form.get('material') ?? undefined }, '请求');
      const name = cleanFileName((file as Blob & { name?: string }).name);
      // A retried upload with the same Idempotency-Key (and the same file) answers the first upload: one file, not two.
      const key = idempotencyKey(c.req.header('idempotency-key'));
      const result = await acting(c, s, principal, 'file.upload', name, async done => {
        checkUploadSize(file.size);
        const bytes = new Uint8Array(await file.arrayBuffer());
        const hash = requestHash({ material, name, sha256: createHash('sha256').update(bytes).digest('hex') });
        return once(s.db, principal.id, key, hash, async () => ({
          status: 201,
          body: await storeUpload(
            s.db,
            s.blobs,
            { ownerId: principal.id, name, material, bytes },
            s.now(),
            async (tx, f) => {
              await remember(tx, principal.id, key, hash, { status: 201, body: f });
              await done(tx, {
                target: f.id,
                detail: { mediaType: f.mediaType, size: f.size, pages: f.pages, material }
              });
            }
          )
        }));
      });
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(result.body as object, 201);
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/hall/files/:id',
      group: 'hall',
      access: 'signedIn',
      params: IdParam,
      produces: 'application/octet-stream',
      summary: '下载文件（上传者本人，或可查看所属办件的工作人员）'
    },
    async (c, { params, principal }) => {
      const file = await acting(c, s, principal, 'file.read', params.id, () =>
        readableFile(s.db, principal, params.id)
      );
      const content = await s.blobs.get(file.sha256);
      if (!content) {
        await audit(s.db, {
          actor: principal,
          action: 'file.read',
          outcome: 'error',
          target: params.id,
          ip: ip(c),
          ...(file.caseId ? { caseId: file.caseId } : {}),
          detail: { code: 'file.content-missing' }
        });
        throw new ApiError(500, 'file.content-missing', '文件内容暂时无法读取，请稍后再试或联系窗口。');
      }
      await audit(s.db, {
        actor: principal,
        action: 'file.read',
        outcome: 'ok',
        target: params.id,
        ip: ip(c),
        ...(file.caseId ? { caseId: file.caseId } : {})
      });
      return c.body(content as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': file.mediaType,
        'Content-Length': String(content.length),
        'Content-Disposition': attachmentHeader(downloadName(file.name, file.mediaType)),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store'
      });
    }
  );
}
