/**
 * What the studio's journeys share: signing in as another member of staff, and the problems a page reported that
 * are not its own (the first page's sign-in check, loads a navigation cut short).
 */
import { consoleErrors, signIn, type Hall, type Page } from '../support/browser-harness.ts';

/**
 * Signs in as `login` through the sign-in API (the sign-in page itself is tested in studio.int.test.ts) and opens
 * the studio. The last page is left first: a request it still has under way must not meet the ended session.
 */
export async function signInAs(page: Page, hall: Hall, login: string): Promise<void> {
  await page.goto('about:blank');
  await page.context().clearCookies();
  await signIn(page, hall.url, login);
  await page.goto('/studio/');
  await page.getByRole('navigation', { name: '工作台栏目' }).waitFor();
}

/** The page's problems, apart from a visitor's first sign-in check (401 by design) and loads a navigation cut short. */
export const pageProblems = (page: Page): string[] =>
  consoleErrors(page).filter(p => !/^401 for fetch .*\/api\/auth\/me$/.test(p) && !p.endsWith('net::ERR_ABORTED'));
