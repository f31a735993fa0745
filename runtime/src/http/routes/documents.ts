import { z } from 'zod';
import { audit } from '../../platform/audit.ts';
import { attachmentHeader, visibleCase, type Services } from '../../cases/index.ts';
import {
  configuredBaseUrl,
  documentKinds,
  documentPdf,
  documentsOfCase,
  issueDocuments,
  kindLabels,
  verifyUrl
} from '../../documents/index.ts';
import type { Api } from '../api.ts';
import { notFound } from '../../web/errors.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import { IdParam, Uuid } from '../../web/schemas.ts';

const DocumentItem = z.object({
  id: z.string(),
  number: z.string(),
  kind: z.enum(documentKinds as [string, ...string[]]),
  kindLabel: z.string(),
  title: z.string(),
  issuedAt: z.string(),
  sealedAt: z.string(),
  digest: z.string(),
  keyId: z.string(),
  bytes: z.number(),
  /** The public verification page (电子文书核验). */
  verifyUrl: z.string()
});

/**
 * The workbench's view of a case's sealed documents (电子文书): the list, sealing what is not sealed yet, and each
 * PDF, for whoever may see the case; reads audited as the case's other reads are.
 */
export function documentRoutes(api: Api, s: Services): void {
  api.route(
    {
      method: 'get',
      path: '/api/office/cases/:id/documents',
      group: 'office',
      access: 'staff',
      summary: '办件的电子文书（加盖电子签章的 PDF）：文号、种类、签发日期、SM3 摘要、核验地址',
      params: IdParam,
      response: z.object({ items: z.array(DocumentItem) })
    },
    async (c, { params, principal }) => {
      const found = await visibleCase(s, principal, params.id, ip(c));
      if (!found) throw notFound('找不到这个办件。');
      const baseUrl = configuredBaseUrl() ?? new URL(c.req.url).origin;
      await issueDocuments(s, params.id, { baseUrl });
      const items = (await documentsOfCase(s.db, params.id)).map(d => ({
        ...d,
        kindLabel: kindLabels[d.kind],
        verifyUrl: verifyUrl(baseUrl, d.id)
      }));
      return c.json({ items });
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/office/cases/:id/documents/:documentId',
      group: 'office',
      access: 'staff',
      params: IdParam.extend({ documentId: Uuid }),
      produces: 'application/pdf',
      summary: '电子文书 PDF（下载）：仅可查看该办件的工作人员'
    },
    async (c, { params, principal }) => {
      const found = await visibleCase(s, principal, params.id, ip(c));
      const doc = found && (await documentPdf(s.db, params.documentId));
      if (!doc || doc.caseId !== params.id) {
        await audit(s.db, {
          actor: principal,
          action: 'document.read',
          outcome: 'denied',
          target: params.documentId,
          ip: ip(c)
        });
        throw notFound('找不到这份文书。');
      }
      await audit(s.db, {
        actor: principal,
        action: 'document.read',
        outcome: 'ok',
        target: params.documentId,
        caseId: params.id,
        ip: ip(c)
      });
      return c.body(doc.pdf as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/pdf',
        'Content-Length': String(doc.pdf.length),
        'Content-Disposition': attachmentHeader(`${kindLabels[doc.kind]}-${doc.number}.pdf`),
        'Content-Security-Policy': "sandbox; default-src 'none'",
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store'
      });
    }
  );
}
