import { z } from 'zod';
import type { Services } from '../../cases/index.ts';
import { attachmentHeader, cleanFileName } from '../../cases/index.ts';
import {
  listMaterialFiles,
  maxTemplateBytes,
  readMaterialFile,
  removeMaterialFile,
  templateDownloadName,
  uploadMaterialFile
} from '../../publishing/index.ts';
import type { Api } from '../api.ts';
import { refuseUnstorableFields } from '../../web/clean-input.ts';
import { ApiError } from '../../web/errors.ts';
import { MatterCode } from '../../web/schemas.ts';
import { studioGate } from './publishing.ts';
import { MaterialFile, MaterialFileList } from './studio-schemas.ts';

const VersionParams = z.object({ code: MatterCode, version: z.coerce.number().int().min(1).max(1_000_000) });
const FileParams = VersionParams.extend({
  material: z.string().trim().min(1, '请注明申请材料').max(100, '申请材料的名称过长'),
  kind: z.enum(['template', 'sample'], { error: '文件种类应为 template（空白表格）或 sample（填写样本）' })
});
const base = '/api/studio/matters/:code/versions/:version/material-files';
/** The path the upload's own body limit applies to (app.ts): 10 MB of file and the multipart envelope. */
export const materialFileUploadPath = /^\/api\/studio\/matters\/[^/]+\/versions\/\d+\/material-files\/[^/]+\/[^/]+$/;
export const maxMaterialFileRequestBytes = maxTemplateBytes + 1024 * 1024;
/** The refusal of a body over that limit, naming the file's limit (the envelope's room is not the author's). */
export const materialFileTooLarge = () =>
  new ApiError(
    413,
    'material-file.too-large',
    `文件过大：样表和示例文件不能超过 ${maxTemplateBytes / 1024 / 1024} MB。`,
    {
      maxBytes: maxTemplateBytes
    }
  );

/**
 * Templates and samples of a matter's materials in the studio: listed for a version, uploaded, replaced and removed
 * in an editable draft by an author of the matter's department, downloaded by staff who may read the matter (also
 * from the studio's preview of a draft's guide, whose links point here).
 */
export function materialFileRoutes(api: Api, s: Services): void {
  const gate = studioGate(s);

  api.route(
    {
      method: 'get',
      path: base,
      group: 'studio',
      access: 'staff',
      summary: '某一版本各申请材料的空白表格与填写样本',
      params: VersionParams,
      response: MaterialFileList
    },
    async (c, { params, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await listMaterialFiles(s, staff, params.code, params.version, meta));
    }
  );

  api.route(
    {
      method: 'put',
      path: `${base}/:material/:kind`,
      group: 'studio',
      access: 'staff',
      multipart: true,
      params: FileParams,
      response: MaterialFile,
      summary: `上传或替换申请材料的空白表格（template）或填写样本（sample）（multipart/form-data：file；docx、xlsx、PDF、OFD，不超过 ${maxTemplateBytes / 1024 / 1024} MB；仅可修改的草稿）`
    },
    async (c, { params, principal }) => {
      const { staff, meta } = await gate(c, principal);
      let form: FormData;
      try {
        form = await c.req.formData();
      } catch {
        throw new ApiError(400, 'request.not-multipart', '请以 multipart/form-data 方式上传文件。');
      }
      refuseUnstorableFields(form);
      const file = form.get('file');
      if (!(file instanceof Blob)) throw new ApiError(400, 'request.invalid', '请选择要上传的文件（字段名 file）。');
      const name = cleanFileName((file as Blob & { name?: string }).name);
      const stored = await uploadMaterialFile(
        s,
        staff,
        params,
        { name, bytes: new Uint8Array(await file.arrayBuffer()) },
        meta
      );
      return c.json(stored, 200);
    }
  );

  api.route(
    {
      method: 'delete',
      path: `${base}/:material/:kind`,
      group: 'studio',
      access: 'staff',
      params: FileParams,
      response: z.object({ removed: z.boolean() }),
      summary: '删除草稿中申请材料的空白表格或填写样本（现行版本不受影响）'
    },
    async (c, { params, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await removeMaterialFile(s, staff, params, meta));
    }
  );

  api.route(
    {
      method: 'get',
      path: `${base}/:material/:kind`,
      group: 'studio',
      access: 'staff',
      params: FileParams,
      produces: 'application/octet-stream',
      response: z.string().meta({ format: 'binary', description: '文件内容' }),
      summary: '下载某一版本申请材料的空白表格或填写样本（可查看该事项的工作人员）'
    },
    async (c, { params, principal }) => {
      const { staff, meta } = await gate(c, principal);
      const { file, content } = await readMaterialFile(s, staff, params, meta);
      return c.body(content as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': file.mediaType,
        'Content-Length': String(content.length),
        'Content-Disposition': attachmentHeader(templateDownloadName(file.name, file.type)),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store'
      });
    }
  );
}
