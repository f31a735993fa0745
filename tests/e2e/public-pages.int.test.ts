/**
 * The public hall in Chromium against a real runtime process (PGlite in a temporary folder, the demo accounts,
 * the clock fixed at a working Monday): every public page of the catalogue (tests/e2e/pages.ts) passes axe's
 * WCAG 2.1 A/AA rules at 360 and 1280 px and never scrolls sideways; a citizen with JavaScript off finds a matter,
 * reads its guide and tracks the case they submitted; the keyboard's first stop is the skip link, which takes them
 * to the page's main content.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeBrowser,
  closePage,
  consoleErrors,
  demo,
  expectFitsWidth,
  expectNoAxeViolations,
  expectNoConsoleErrors,
  focused,
  inPage,
  newPage,
  openBrowser,
  startHall,
  submitCase,
  tab,
  visit,
  widths,
  type Hall,
  type Page,
  type WidthName
} from '../support/browser-harness.ts';
import { matters, prepareFixtures, publicPages, type Fixtures } from './pages.ts';

let hall: Hall;
let fixtures: Fixtures;

beforeAll(async () => {
  const [started] = await Promise.all([startHall(), openBrowser()]);
  hall = started;
  fixtures = await prepareFixtures(hall);
}, 90_000);

afterAll(async () => {
  await closeBrowser();
  await hall?.stop();
});

describe.each(Object.keys(widths) as WidthName[])('every public page at the %s width', width => {
  let page: Page;
  beforeAll(async () => {
    page = await newPage({ ...widths[width], javaScript: true, baseURL: hall.url });
  });
  afterAll(async () => {
    if (page) await closePage(page);
  });

  it.each(publicPages.map(p => [p.name, p] as const))(
    '%s: no WCAG 2.1 A/AA violation, no sideways scrolling',
    async (name, spec) => {
      await visit(page, spec.path(fixtures), spec.status ?? 200);
      const label = `${name} at ${widths[width].width} px`;
      await expectNoAxeViolations(page, label);
      await expectFitsWidth(page, label);
      expectNoConsoleErrors(page, label);
    }
  );
});

describe('with JavaScript off', () => {
  let page: Page;
  beforeAll(async () => {
    page = await newPage({ ...widths.phone, javaScript: false, baseURL: hall.url });
  });
  afterAll(async () => {
    if (page) await closePage(page);
  });

  it('search → guide → track a case submitted through the API', async () => {
    const submitted = await submitCase(hall, demo.organisation, matters.hygiene);

    // Home: search by a word of the name, for organisations.
    await visit(page, '/hall');
    await page.getByLabel('事项名称或关键词').fill('卫生');
    await page.getByLabel('服务对象').selectOption('organisation');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.waitForURL(/\/hall\?q=/);
    expect(new URL(page.url()).searchParams.get('q')).toBe('卫生');
    await expect
      .poll(() => page.getByRole('heading', { level: 2 }).first().textContent())
      .toMatch(/^搜索结果（\d+ 项）$/);
    const found = page.locator('ul.matters a');
    expect(await found.allTextContents()).toContain(matters.hygiene.name);

    // The guide.
    await found.filter({ hasText: matters.hygiene.name }).click();
    await page.waitForURL(`**/hall/matters/${matters.hygiene.code}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(matters.hygiene.name);
    for (const section of ['申请材料', '办理时限', '办理流程'])
      expect(await page.getByRole('heading', { name: section }).count(), section).toBe(1);
    for (const material of matters.hygiene.materials)
      expect(await page.getByText(material.title, { exact: false }).count(), material.title).toBeGreaterThan(0);

    // Tracking: first sent empty, the errors are summarised and each links to its field.
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '办件查询' }).click();
    await page.waitForURL('**/hall/track');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/\/hall\/track\?number=/);
    const summary = page.locator('.error-summary');
    expect(await summary.getByRole('link').count()).toBe(2);
    await summary.getByRole('link').first().click();
    expect(new URL(page.url()).hash).toBe('#number');
    expect((await focused(page)).id).toBe('number');

    // Then the case's number and the holder's credit code, typed in lower case.
    await page.getByLabel('办件编号').fill(submitted.caseNumber);
    await page.getByLabel('申请人身份证号码或统一社会信用代码').fill(submitted.holder.toLowerCase());
    const answer = page.waitForResponse(r => r.url().includes('/hall/track?'));
    await page.getByRole('button', { name: '查询' }).click();
    expect((await answer).status()).toBe(200);
    const result = page.locator('section[aria-labelledby="result"]');
    expect(await result.getByRole('heading', { level: 2 }).first().textContent()).toBe(matters.hygiene.name);
    expect(await result.locator('dl.facts').textContent()).toContain(submitted.caseNumber);
    expect(await result.locator('tbody tr').first().textContent()).toContain('提交申请');
    expect(consoleErrors(page)).toEqual([]);
  });

  it('browse by department, and a case that is not there', async () => {
    await visit(page, '/hall');
    await page.locator('ul.departments').getByRole('link', { name: matters.permit.department.name }).click();
    await page.waitForURL(/department=/);
    const names = await page.locator('ul.matters a').allTextContents();
    expect(names).toContain(matters.permit.name);
    expect(names).not.toContain(matters.hygiene.name);

    await visit(page, '/hall/track');
    await page.getByLabel('办件编号').fill(fixtures.companyCase.caseNumber);
    await page.getByLabel('申请人身份证号码或统一社会信用代码').fill(demo.person);
    const answer = page.waitForResponse(r => r.url().includes('/hall/track?'));
    await page.getByRole('button', { name: '查询' }).click();
    expect((await answer).status()).toBe(404);
    expect(await page.getByRole('status').textContent()).toContain('没有找到');
    // The other applicant's case tells nothing about itself.
    expect(await page.locator('section[aria-labelledby="result"]').count()).toBe(0);
  });
});

describe('with the keyboard', () => {
  let page: Page;
  beforeAll(async () => {
    page = await newPage({ ...widths.desktop, javaScript: true, baseURL: hall.url });
  });
  afterAll(async () => {
    if (page) await closePage(page);
  });

  it.each([
    ['home', '/hall'],
    ['a guide', `/hall/matters/${matters.permit.code}`],
    ['tracking', '/hall/track']
  ])(
    '%s: the first Tab stop is the skip link, shown on focus, and it takes the keyboard to the main content',
    async (_, path) => {
      await visit(page, path);
      const first = await tab(page);
      expect(first).toMatchObject({ tag: 'a', href: '#main', text: '跳到正文' });
      const box = await inPage<{ left: number; top: number; width: number }>(
        page,
        `(() => { const r = document.activeElement.getBoundingClientRect(); return { left: r.left, top: r.top, width: r.width }; })()`
      );
      expect(box.left, 'the focused skip link is on screen').toBeGreaterThanOrEqual(0);
      expect(box.top).toBeGreaterThanOrEqual(0);
      await page.keyboard.press('Enter');
      expect(new URL(page.url()).hash).toBe('#main');
      // Focus is on main, or main is where the next Tab starts (Chromium's sequential focus starting point): either
      // way the next stop is inside main, past the header's links.
      const now = await focused(page);
      const next = now.tag === 'main' ? now : await tab(page);
      expect(next.tag === 'main' || next.inMain, `after the skip link, Tab went to ${JSON.stringify(next)}`).toBe(true);
    }
  );
});
