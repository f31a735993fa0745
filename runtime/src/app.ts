import { Hono } from 'hono';
import { bodyLimit } from './web/body-limit.ts';
import { secureHeaders } from 'hono/secure-headers';
import { requestId } from 'hono/request-id';
import { compression, observeRequests, revalidation } from './platform/observability/http.ts';
import { sessionMiddleware } from './web/session-middleware.ts';
import type { Logger } from './platform/observability/log.ts';
import type { Metrics } from './platform/observability/metrics.ts';
import type { Services } from './cases/index.ts';
import { Api } from './http/api.ts';
import { authRoutes } from './http/routes/auth.ts';
import type { AppEnv } from './web/env.ts';
import { hallErrorPage, isHallPage } from './hall/errors.ts';
import { hallPages } from './hall/hall.ts';
import { keepRendersOffAsyncHooks } from './hall/components/render-store.ts';
import { maxVerifyUploadBytes } from './hall/routes/documents.ts';
import { cleanInput } from './web/clean-input.ts';
import { docsRoutes } from './http/routes/docs.ts';
import { exchangeRoutes } from './http/routes/exchange.ts';
import { licenceRoutes } from './http/routes/licences.ts';
import { calendarRoutes } from './http/routes/calendars.ts';
import { adminRoutes, catalogueImportPath } from './http/routes/admin.ts';
import { maxImportBytes } from './publishing/index.ts';
import { publishingRoutes } from './http/routes/publishing.ts';
import { simulationRoutes } from './http/routes/simulation.ts';
import { authoringRoutes } from './http/routes/authoring.ts';
import { studioSite } from './http/studio-site.ts';
import { ApiError, handleError } from './web/errors.ts';
import { fileRoutes } from './http/routes/files.ts';
import {
  materialFileRoutes,
  materialFileTooLarge,
  materialFileUploadPath,
  maxMaterialFileRequestBytes
} from './http/routes/material-files.ts';
import { hallRoutes } from './http/routes/hall.ts';
import { officeRoutes } from './http/routes/office.ts';
import { archiveRoutes } from './http/routes/archives.ts';
import { casePageRoutes } from './http/routes/case-page.ts';
import { documentRoutes } from './http/routes/documents.ts';
import { casePreviewRoutes } from './http/routes/case-preview.ts';
import { officeInboxRoutes } from './http/routes/office-inbox.ts';
import { blacklistRoutes } from './http/routes/blacklist.ts';
import { requestRoutes } from './http/routes/requests.ts';
import { supervisionRoutes } from './http/routes/supervision.ts';
import { systemRoutes } from './http/routes/system.ts';
import { windowRoutes, windowUploadPath } from './http/routes/window.ts';
import { identityRoutes } from './http/routes/identity.ts';
import { OidcRelyingParty, type OidcSettings } from './accounts/oidc.ts';

export interface AppOptions {
  log?: Logger;
  metrics?: Metrics;
  /** Route groups added by other modules (studio, data exchange, hall services), each given the Api. */
  extensions?: Array<(api: Api, s: Services) => void>;
  /** Webhook receivers on this machine (http or https to loopback): tests and drills only (BANSHI_WEBHOOK_LOOPBACK). */
  webhookLoopback?: boolean;
  /** The provincial identity platform (OpenID Connect), when configured (BANSHI_OIDC_*): off without it. */
  oidc?: OidcSettings;
}

export const maxJsonBytes = 1024 * 1024;
/** A hall form that carries its files when there is no script: room for several scans of 20 MB. */
export const maxHallFormBytes = 100 * 1024 * 1024;
/** The 20 MB file limit plus room for the multipart envelope; the route names the 20 MB limit. */
export const maxUploadBytes = 21 * 1024 * 1024;

/** The HTTP application: every route group on one Hono app, described once for OpenAPI. */
export function createApp(s: Services, options: AppOptions = {}): { app: Hono<AppEnv>; api: Api } {
  // Before any page is drawn: hono/jsx would otherwise turn on Node's async hooks for every request to come.
  keepRendersOffAsyncHooks();
  const app = new Hono<AppEnv>();
  const api = new Api(app);
  // hono/request-id: the caller's X-Request-Id when it is a plain token of at most 255 characters, else a new UUID;
  // echoed on the answer and carried by the request's log record.
  app.use('*', requestId());
  app.use('*', observeRequests(options));
  // gzip for JSON, pages, scripts and styles the client accepts (not event streams, PDFs or archives); inside it,
  // weak ETags and 304s for what a browser revalidates.
  app.use('*', compression());
  app.use('*', revalidation());
  // Referrer-Policy same-origin, not no-referrer: under no-referrer browsers send `Origin: null` on the site's own form posts, which the sign-in form's cross-site check must refuse.
  app.use(
    '*',
    secureHeaders({
      referrerPolicy: 'same-origin',
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"]
      },
      // The studio's pages set their own policy (http/studio-site.ts); every other answer gets this one.
      overwrite: false
    })
  );
  app.use(
    '/api/hall/files',
    bodyLimit({ maxSize: maxUploadBytes, onError: c => c.json(tooLarge(maxUploadBytes).body(), 413) })
  );
  app.use(
    windowUploadPath,
    bodyLimit({ maxSize: maxUploadBytes, onError: c => c.json(tooLarge(maxUploadBytes).body(), 413) })
  );
  app.use('/api/*', async (c, next) => {
    // A GET or HEAD has no body to limit; hono/body-limit would still build the request's web stream to find that out.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    if (c.req.path === '/api/hall/files' || c.req.path === windowUploadPath) return next();
    // A catalogue zip (multipart): up to the size it may unpack to.
    if (c.req.method === 'POST' && c.req.path === catalogueImportPath)
      return bodyLimit({
        maxSize: maxImportBytes,
        onError: cc => cc.json(tooLarge(maxImportBytes).body(), 413)
      })(c, next);
    // A material's template or sample (10 MB), uploaded in the studio.
    if (c.req.method === 'PUT' && materialFileUploadPath.test(c.req.path))
      return bodyLimit({
        maxSize: maxMaterialFileRequestBytes,
        onError: cc => cc.json(materialFileTooLarge().body(), 413)
      })(c, next);
    return bodyLimit({ maxSize: maxJsonBytes, onError: cc => cc.json(tooLarge(maxJsonBytes).body(), 413) })(c, next);
  });
  app.use('/api/*', cleanInput);
  // Hall forms are small; the application and correction forms carry their files (several scans of 20 MB). Limited
  // here, before the session middleware reads a form's CSRF field from the body.
  app.use('/hall/*', async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const withFiles = /^\/hall\/(matters\/[^/]+\/apply|cases\/[^/]+\/resubmit)$/.test(c.req.path);
    // A document's copy to verify (电子文书核验): one PDF.
    if (c.req.path === '/hall/verify')
      return bodyLimit({
        maxSize: maxVerifyUploadBytes,
        onError: cc => hallErrorPage(cc, 413, '上传的文件过大（超过 10 MB），请上传本平台签发的 PDF 文书。')
      })(c, next);
    return bodyLimit({
      maxSize: withFiles ? maxHallFormBytes : maxJsonBytes,
      onError: cc =>
        hallErrorPage(cc, 413, withFiles ? '上传的文件合计过大（超过 100 MB），请分次上传。' : '提交的内容过大。')
    })(c, next);
  });
  app.use('*', sessionMiddleware(s.db, { now: () => s.now() }));

  systemRoutes(api, s, options.metrics);
  // The document is built at its first request, so every group registered after this is in it.
  docsRoutes(api);
  app.route('/api/auth', authRoutes(s.db, { now: () => s.now() }));
  hallRoutes(api, s);
  fileRoutes(api, s);
  requestRoutes(api, s);
  blacklistRoutes(api, s);
  officeRoutes(api, s);
  archiveRoutes(api, s);
  casePageRoutes(api, s);
  documentRoutes(api, s);
  casePreviewRoutes(api, s);
  officeInboxRoutes(api, s);
  windowRoutes(api, s);
  identityRoutes(api, s);
  supervisionRoutes(api, s);
  publishingRoutes(api, s);
  simulationRoutes(api, s);
  authoringRoutes(api, s);
  materialFileRoutes(api, s);
  calendarRoutes(api, s);
  adminRoutes(api, s);
  exchangeRoutes(api, s, { allowLoopback: options.webhookLoopback ?? false });
  licenceRoutes(api, s);
  for (const extend of options.extensions ?? []) extend(api, s);

  hallPages(app, s, { oidc: options.oidc ? new OidcRelyingParty(options.oidc) : undefined });
  studioSite(app);

  app.notFound(c =>
    isHallPage(c.req.path)
      ? hallErrorPage(c, 404, '没有这个页面。它可能已经移动，或者地址输错了。')
      : c.json({ error: { code: 'not-found', message: '找不到这个地址。', details: { path: c.req.path } } }, 404)
  );
  // The same errors, for a person at a hall page, as a page in their words rather than the API's JSON.
  app.onError(async (error, c) => {
    const response = handleError(error, c);
    if (!isHallPage(c.req.path)) return response;
    const body = (await response.json()) as { error: { code: string; message: string } };
    return hallErrorPage(c, response.status, body.error.message, body.error.code);
  });
  return { app, api };
}

const tooLarge = (bytes: number) =>
  new ApiError(413, 'request.too-large', `请求内容过大，不能超过 ${Math.round(bytes / 1024 / 1024)} MB。`, {
    maxBytes: bytes
  });
