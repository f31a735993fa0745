import type { Hono } from 'hono';
import type { Applicant } from '../../accounts/index.ts';
import { caseView, visibleCase, type Services } from '../../cases/index.ts';
import {
  configuredBaseUrl,
  documentForNotice,
  documentPdf,
  issueDocuments,
  verifyDocument,
  verifyUpload,
  type DocumentKind
} from '../../documents/index.ts';
import { Refusal } from '../../platform/refusal.ts';
import type { AppEnv } from '../../web/env.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import { applicantOrSignIn, view, viewerOf, type HallContext } from '../render.ts';
import { CaseNotFoundPage } from '../views/cases/CaseNotFoundPage.tsx';
import { VerifyPage } from '../views/verify/VerifyPage.tsx';
import { hallErrorPage } from '../errors.ts';

/** An uploaded copy may be this large: our documents are some tens of kilobytes. */
export const maxVerifyUploadBytes = 10 * 1024 * 1024;

/** The address documents sealed on this request point their QR code to: the configured one, else this site's. */
const baseUrlOf = (c: HallContext) => configuredBaseUrl() ?? new URL(c.req.url).origin;

/** A sealed PDF as a download: the file name in ASCII and, for browsers that read it, in Chinese. */
function pdfResponse(pdf: Uint8Array, asciiName: string, title: string): Response {
  return new Response(pdf as BodyInit, {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(`${title}.pdf`)}`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff'
    }
  });
}

/**
 * The documents' hall pages: the applicant's sealed PDFs of a case's notices and its licence (sealed now if the
 * worker has not yet), and the public verification page (电子文书核验) for a document's address and for an
 * uploaded copy.
 */
export function documentRoutes(app: Hono<AppEnv>, s: Services): void {
  const notFound = (c: HallContext) => view(c, CaseNotFoundPage, { viewer: viewerOf(c) }, 404);

  /** The sealed document of one of the applicant's case's documents, sealing the case's documents if needed. */
  async function sealed(
    c: HallContext,
    applicant: Applicant,
    caseId: string,
    pick: (v: ReturnType<typeof caseView>) => { kind: DocumentKind; at: number } | undefined
  ) {
    const found = await visibleCase(s, applicant, caseId, ip(c));
    if (!found) return undefined;
    const v = caseView(found.row.state, found.definition, 'applicant', s.calendar());
    const which = pick(v);
    if (!which) return undefined;
    let id = await documentForNotice(s.db, found.row.caseId, which.kind, which.at);
    if (!id) {
      await issueDocuments(s, found.row.caseId, { baseUrl: baseUrlOf(c) });
      id = await documentForNotice(s.db, found.row.caseId, which.kind, which.at);
    }
    const doc = id ? await documentPdf(s.db, id) : undefined;
    return doc && { ...doc, caseNumber: v.caseNumber };
  }

  app.get('/hall/cases/:id/notices/:index/pdf', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const index = c.req.param('index');
    if (!/^\d{1,3}$/.test(index)) return notFound(c);
    let title = '';
    const doc = await sealed(c, applicant, c.req.param('id'), v => {
      const notice = v.notices[Number(index)];
      title = notice?.title ?? '';
      return notice && { kind: notice.kind, at: Date.parse(notice.issuedAt) };
    });
    if (!doc) return notFound(c);
    return pdfResponse(doc.pdf, `${doc.caseNumber}-${Number(index) + 1}.pdf`, `${title}-${doc.number}`);
  });

  app.get('/hall/cases/:id/licence/pdf', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    let at: number | undefined;
    const doc = await sealed(c, applicant, c.req.param('id'), v => {
      at = v.decision?.approve && !v.decision.conclusion ? Date.parse(v.decision.at) : undefined;
      return at === undefined ? undefined : { kind: 'licence', at };
    });
    if (!doc) return notFound(c);
    return pdfResponse(doc.pdf, `licence-${doc.caseNumber}.pdf`, `电子证照-${doc.number}`);
  });

  app.get('/hall/verify', c => view(c, VerifyPage, { viewer: viewerOf(c) }));

  app.get('/hall/verify/:id', async c => {
    const result = await verifyDocument(s, c.req.param('id'));
    if (!result) return hallErrorPage(c, 404, '没有找到这份文书：请核对二维码或地址。');
    return view(c, VerifyPage, { viewer: viewerOf(c), result });
  });

  app.post('/hall/verify', async c => {
    let file: unknown;
    try {
      file = (await c.req.parseBody())['file'];
    } catch {
      file = undefined;
    }
    if (typeof file !== 'object' || file === null || !('arrayBuffer' in file) || (file as File).size === 0)
      return view(c, VerifyPage, { viewer: viewerOf(c), error: '请选择要核验的 PDF 文书。' }, 400);
    try {
      const bytes = Buffer.from(await (file as File).arrayBuffer());
      const result = await verifyUpload(s, bytes, c.get('principal'), ip(c));
      return view(c, VerifyPage, { viewer: viewerOf(c), result, uploaded: true }, result.ok ? 200 : 422);
    } catch (error) {
      if (!(error instanceof Refusal && error.kind === 'throttled')) throw error;
      return view(c, VerifyPage, { viewer: viewerOf(c), error: error.message }, 429);
    }
  });
}
