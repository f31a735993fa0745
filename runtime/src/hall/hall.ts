import type { Hono } from 'hono';
import type { OidcRelyingParty } from '../accounts/oidc.ts';
import { oidcRoutes } from './routes/oidc.ts';
import type { Services } from '../cases/index.ts';
import type { AppEnv } from '../web/env.ts';
import { applyRoutes } from './routes/apply.ts';
import { appointmentRoutes } from './routes/appointments.ts';
import { assetRoutes } from './routes/assets.ts';
import { authRoutes } from './routes/auth.ts';
import { accountRoutes } from './routes/account.ts';
import { emailRoutes } from './routes/email.ts';
import { blacklistRoutes } from './routes/blacklist.ts';
import { caseRoutes } from './routes/cases.ts';
import { documentRoutes } from './routes/documents.ts';
import { homeAndGuideRoutes } from './routes/home-and-guide.ts';
import { inboxRoutes } from './routes/inbox.ts';
import { licenceRoutes } from './routes/licences.ts';
import { materialFileRoutes } from './routes/material-files.ts';
import { requestRoutes } from './routes/requests.ts';
import { trackRoutes } from './routes/track.ts';
import { previewRoutes } from './routes/preview.tsx';
import { windowReceiptRoutes } from './routes/window-receipt.ts';

/**
 * The citizens' online hall, mounted on the app: server-rendered pages from the live definitions (a publication
 * shows on the next request), complete without JavaScript, and their one script and stylesheet. Some pages are for
 * everyone (home, guides, tracking, consultations and complaints to read); the others ask to sign in first.
 */
export function hallPages(app: Hono<AppEnv>, s: Services, options: { oidc?: OidcRelyingParty } = {}): void {
  assetRoutes(app);
  homeAndGuideRoutes(app, s);
  materialFileRoutes(app, s);
  trackRoutes(app, s);
  authRoutes(app, s, { oidc: options.oidc !== undefined });
  accountRoutes(app, s, { oidc: options.oidc !== undefined });
  emailRoutes(app, s, { oidc: options.oidc !== undefined });
  if (options.oidc) oidcRoutes(app, s, options.oidc);
  applyRoutes(app, s);
  caseRoutes(app, s);
  documentRoutes(app, s);
  licenceRoutes(app, s);
  appointmentRoutes(app, s);
  requestRoutes(app, s);
  inboxRoutes(app, s);
  blacklistRoutes(app, s);
  previewRoutes(app, s);
  windowReceiptRoutes(app, s);
}
