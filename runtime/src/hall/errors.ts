import { view, viewerOf, type HallContext } from './render.ts';
import { ErrorPage } from './views/errors/ErrorPage.tsx';

/** An error on a hall page, answered as a page with the error's status (app.ts sends every hall error here). */
export function hallErrorPage(c: HallContext, status: number, message: string, code?: string): Response {
  return view(c, ErrorPage, { viewer: viewerOf(c), status, message, code }, status);
}

/** Whether a request is for a hall page (an HTML answer), not its script or stylesheet. */
export const isHallPage = (path: string) =>
  (path === '/hall' || path.startsWith('/hall/')) && !/\.(js|css)$/.test(path);
