/**
 * The studio's sign-in with a second factor in Chromium against a real runtime process (issue 17; GB/T 22239-2019
 * level 3, 8.1.4.1 c): the demo page names the shared secret; the password alone is refused with the 动态口令 field
 * named and focused; a wrong code too; the code the authenticator shows at the runtime's clock signs in. Keyboard
 * only, axe on the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStudio, studioIsFresh } from '../../tools/studio-build.mjs';
import {
  closeBrowser,
  demoPassword,
  expectNoAxeViolations,
  newPage,
  openBrowser,
  startHall,
  type Hall,
  type Page
} from '../support/browser-harness.ts';
import { authenticatorCode } from '../support/runtime-process.ts';

let hall: Hall;
let page: Page;

beforeAll(async () => {
  if (!studioIsFresh()) buildStudio();
  const [started] = await Promise.all([startHall({ clock: '2026-09-28T10:00:00+08:00' }), openBrowser()]);
  hall = started;
  page = await newPage({ width: 1280, height: 800, javaScript: true, baseURL: hall.url });
}, 240_000);

afterAll(async () => {
  await closeBrowser();
  await hall?.stop();
});

const focused = () => page.evaluate(() => document.activeElement?.id ?? '');

describe('the studio sign-in with 动态口令', { timeout: 90_000 }, () => {
  it('refuses the password alone and a wrong code, and signs in with the code, by keyboard', async () => {
    await page.goto('/studio/login');
    // Demo mode: the shared secret is on the page, and the drill clock is named (a phone's codes would not match).
    await page.getByText('工作人员账号共用一个动态口令密钥').waitFor();
    await page.getByText(/本系统运行在演练时钟上/).waitFor();
    await expectNoAxeViolations(page, 'studio sign-in with 动态口令');

    await page.getByLabel('账号').focus();
    await page.keyboard.type('window');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('password');
    await page.keyboard.type(demoPassword);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('code');
    await page.keyboard.press('Enter');
    const missing = page.getByRole('alert').filter({ hasText: '请填写动态口令' });
    await missing.waitFor();
    await expect.poll(focused).toBe('code');
    expect(await page.getByLabel('动态口令').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'studio sign-in, 动态口令 missing');

    const right = await authenticatorCode(hall.url, 'window');
    await page.keyboard.type(right === '000000' ? '111111' : '000000');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: '动态口令不正确或已过期' }).waitFor();
    await expect.poll(focused).toBe('code');

    await page.keyboard.type(await authenticatorCode(hall.url, 'window'));
    await page.keyboard.press('Enter');
    await page.waitForURL(url => !url.pathname.endsWith('/login'));
    await page.getByRole('navigation', { name: '工作台栏目' }).waitFor();
  });
});
