import type { Hono } from 'hono';
import { isStaff } from '../../accounts/index.ts';
import { windowReceipt, type Services } from '../../cases/index.ts';
import type { AppEnv } from '../../web/env.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import { signedInOrSignIn, view, viewerOf } from '../render.ts';
import { WindowReceiptPage } from '../views/window/WindowReceiptPage.tsx';

/**
 * The window's printable receipt of a case (/hall/window/cases/:id/receipt), server-rendered with the hall's print
 * styles, for the window post of the case's matter. A refusal is the app's error page in the engine's words.
 */
export function windowReceiptRoutes(app: Hono<AppEnv>, s: Services): void {
  app.get('/hall/window/cases/:id/receipt', async c => {
    const principal = signedInOrSignIn(c);
    if (principal instanceof Response) return principal;
    if (!isStaff(principal)) return c.redirect(`/hall/cases/${encodeURIComponent(c.req.param('id'))}/receipt`, 303);
    const receipt = await windowReceipt(s, principal, c.req.param('id'), ip(c));
    return view(c, WindowReceiptPage, { viewer: viewerOf(c), receipt });
  });
}
