/**
 * What the studio's journeys share: signing in as another member of staff, and the problems a page reported that
 * are not its own (the first page's sign-in check, loads a navigation cut short).
 */
import { consoleErrors, signIn, type Hall, type Page } from '../support/browser-harness.ts';
import { authenticatorCode, runtimeNow } from '../support/runtime-process.ts';
import { totpCode } from '../../runtime/src/accounts/totp.ts';

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

/**
 * Fills the studio's sign-in form (账号, 密码, 动态口令 at the runtime's clock, from the demo secret) and sends it;
 * `code: false` leaves the 动态口令 empty (a member of staff without a second factor yet needs none).
 */
export async function signInOnPage(
  page: Page,
  hall: Hall,
  login: string,
  password: string,
  options: { code?: boolean } = {}
): Promise<void> {
  await page.getByLabel('账号').fill(login);
  await page.getByLabel('密码', { exact: true }).fill(password);
  if (options.code !== false) await page.getByLabel('动态口令').fill(await authenticatorCode(hall.url, login));
  await page.getByRole('button', { name: '登录' }).click();
}

/**
 * On the studio's page that enrols a second factor: reads the secret as a person types it into their app, types the
 * app's code, and goes on once the recovery codes are shown; the recovery codes.
 */
export async function enrolOnPage(page: Page, hall: Hall): Promise<string[]> {
  await page.waitForURL(/\/studio\/login\/second-factor/);
  const secret = (await page.locator('code.secret').textContent())!.replace(/\s/g, '');
  await page.getByLabel('应用中显示的 6 位动态口令').fill(totpCode(secret, await runtimeNow(hall.url)));
  await page.getByRole('button', { name: '确认绑定' }).click();
  await page.getByRole('heading', { name: '请保存恢复码' }).waitFor();
  const codes = await page.getByRole('list', { name: '恢复码' }).getByRole('listitem').allTextContents();
  await page.getByRole('button', { name: '我已保存恢复码，进入工作台' }).click();
  return codes.map(c => c.trim());
}
