import { departmentPackage } from '../../archives/index.ts';
import { attachmentHeader } from '../../cases/index.ts';
import type { Services } from '../../cases/index.ts';
import type { Api } from '../api.ts';
import { acting } from '../../web/acting.ts';
import { IdParam } from '../../web/schemas.ts';

/** The electronic archive of a case (seed 001 第二十二条): its sealed package, for the department that keeps it. */
export function archiveRoutes(api: Api, s: Services): void {
  api.route(
    {
      method: 'get',
      path: '/api/office/cases/:id/archive',
      group: 'office',
      access: 'staff',
      params: IdParam,
      produces: 'application/zip',
      summary: '下载已归档办件的电子档案包（zip：文件、SM3 清单、部门电子签章与说明；立档部门的工作人员）'
    },
    async (c, { params, principal }) => {
      const found = await acting(c, s, principal, 'archive.download', params.id, async done => {
        const p = await departmentPackage(s, principal.kind === 'staff' ? principal : { department: null }, params.id);
        await done(s.db, {
          caseId: params.id,
          target: p.caseNumber,
          detail: { files: p.files, bytes: p.zip.byteLength }
        });
        return p;
      });
      return c.body(found.zip as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/zip',
        'Content-Length': String(found.zip.byteLength),
        'Content-Disposition': attachmentHeader(`电子档案-${found.caseNumber}.zip`),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store'
      });
    }
  );
}
