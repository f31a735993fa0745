/**
 * 绩效测评 in Chromium against a real runtime process: the performance fixture (runtime/src/testing/
 * performance-cases.ts: sixteen cases made through the engine on the published calendar, with their cards,
 * ratings and complaints) is written into the runtime's PostgreSQL database and read on 2026-11-30 10:00. The
 * housing bureau's supervisor sees its own department, every cell as counted by hand; the city bureau sees the three
 * departments; a figure drills down to its cases; the charts draw; the XLSX the page links to reads back with
 * exceljs; the online share shows against its 70 % target. axe on each page.
 */
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildStudio, studioIsFresh } from '../../tools/studio-build.mjs';
import { connectPostgres } from '../../runtime/src/platform/db/db.ts';
import { createPostgresDatabase } from '../../runtime/src/testing/database.ts';
import { performanceNow } from '../../runtime/src/testing/performance-cases.ts';
import { seedPerformanceFixture } from '../../runtime/src/testing/performance-seed.ts';
import {
  closeBrowser,
  expectNoAxeViolations,
  newPage,
  openBrowser,
  startHall,
  type Hall,
  type Page
} from '../support/browser-harness.ts';
import { pageProblems, signInAs } from './studio-steps.ts';

const health = '市卫生健康委员会';
const market = '市市场监督管理局';
const housing = '市住房和建设局';

type Tables = Record<'volume' | 'averages' | 'supervision' | 'channels', string[]>;

/**
 * Every cell of the four tables, per department, counted by hand from the fixture for 2026-Q4 at 2026-11-30 10:00
 * (the same counts as runtime/src/supervision/performance.int.test.ts states and explains case by case).
 *
 * 市住房和建设局 — P1 received at the window and not yet accepted; P2 received by express on 2 Nov, accepted, expert
 * review 3–16 Nov (left out of the time used), decided 17 Nov: two workdays used of seven promised and twenty legal,
 * so early against both; one anomaly raised on P2 (1 of 2 received: 50 per 100); one 基本满意 rating (not bad: 100 %);
 * no case online: 0 % against the 70 % target in force from October, not met.
 *
 * 市卫生健康委员会 — received H1–H8 and H11 (9; H2 at the window, the rest online: 8/9 = 0.89); accepted H1–H6 and H11
 * (7); refused H7; withdrawn H8; decided H1, H2, H3, H4, H6, H9 (received in September, decided 9 Oct), H11 (7).
 * Promised: early H1 H11; on time H2, H3 (carded, so never early), H6; late H4, H9 and H5 (open, past its 3 Nov
 * deadline). Legal: early H1 H2 H6 H11; on time the carded H3 H4 H9; none late (H5's legal day is not yet past).
 * Used 0+1+0+2+1+4+2 = 10 workdays of 7 cases (1.43); promised limits 1×6 + 5 = 11 (1.57); legal 20×6 + 15 = 135
 * (19.29). H6's one correction round; H5's warning; H3 and H4 yellow (2 of 9 received: 22.22 per 100; H9's red card is
 * of a case received in September); complaints about H4 and one naming no case (2, 1 without a case); ratings in the
 * quarter H1 5, H4 1, H10 4 (3; one bad: 67 %).
 *
 * 市市场监督管理局 — M1–M3 received online and decided within the day; their promised limit is two office hours:
 * M1 1.5 h (on time), M2 4 h (late), M3 0.5 h (early); averages 2 h used of 2 h, in hours, apart from workdays;
 * against three legal workdays all early, none a whole workday used (0 of 3). 3/3 online: 100 %, met.
 */
const expected: Record<string, Tables> = {
  [housing]: {
    volume: ['2', '1', '0', '0', '1', '1', '0', '0', '1', '0', '0'],
    // promised · workdays (used, limit, cases), promised · hours, legal · workdays, legal · hours
    averages: ['2', '7', '1', '—', '—', '0', '2', '20', '1', '—', '—', '0'],
    supervision: ['0', '0', '0', '0', '0', '1', '0', '50', '0', '0', '1', '0', '0', '1', '0', '0', '0', '100%'],
    channels: ['0', '1', '1', '0%', '70%', '未达标']
  },
  [health]: {
    volume: ['9', '7', '1', '1', '7', '2', '3', '3', '4', '3', '0'],
    averages: ['1.43', '1.57', '7', '—', '—', '0', '1.43', '19.29', '7', '—', '—', '0'],
    supervision: ['1', '1', '1', '2', '0', '0', '22.22', '0', '2', '1', '3', '1', '1', '0', '0', '1', '1', '67%'],
    channels: ['8', '1', '0', '89%', '70%', '达标']
  },
  [market]: {
    volume: ['3', '3', '0', '0', '3', '1', '1', '1', '3', '0', '0'],
    averages: ['—', '—', '0', '2', '2', '3', '0', '3', '3', '—', '—', '0'],
    supervision: ['0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '—'],
    channels: ['3', '0', '0', '100%', '70%', '达标']
  }
};

let hall: Hall;
let page: Page;
let database: Awaited<ReturnType<typeof createPostgresDatabase>>;

beforeAll(async () => {
  if (!studioIsFresh()) buildStudio();
  database = await createPostgresDatabase();
  const [started] = await Promise.all([
    startHall({ databaseUrl: database.url, clock: new Date(performanceNow).toISOString(), worker: 'off' }),
    openBrowser()
  ]);
  hall = started;
  // The runtime has migrated and published the catalogue; the fixture goes in before any figure is read.
  const db = connectPostgres({ url: database.url, max: 1 });
  try {
    await seedPerformanceFixture(db);
  } finally {
    await db.close();
  }
  page = await newPage({ width: 1366, height: 768, javaScript: true, baseURL: hall.url });
}, 240_000);

afterEach(async context => {
  if (context.task.result?.state === 'fail')
    await page
      ?.screenshot({ path: `test-results/performance-${context.task.name.slice(0, 40)}.png`, fullPage: true })
      .catch(() => {});
});

afterAll(async () => {
  await closeBrowser();
  await hall?.stop();
  await database?.drop();
});

/** The cells of the four tables as the page shows them, by the row's name. */
async function readTables(): Promise<Record<string, Tables>> {
  return page.evaluate(() => {
    const out: Record<string, Record<string, string[]>> = {};
    for (const table of document.querySelectorAll<HTMLTableElement>('table[data-table]'))
      for (const row of table.tBodies[0]!.rows) {
        const name = row.querySelector('th')!.innerText.split('\n')[0]!.trim();
        (out[name] ??= {})[table.dataset.table!] = [...row.querySelectorAll('td')].map(td => td.innerText.trim());
      }
    return out;
  }) as Promise<Record<string, Tables>>;
}

async function chooseQuarter(year: string, quarter: string) {
  const form = page.getByRole('form', { name: '统计范围' });
  await form.getByLabel('统计期间').selectOption({ label: '按季度' });
  await form.getByLabel('年份').selectOption({ label: `${year}年` });
  await form.getByLabel(/^季度/).selectOption({ label: quarter });
  await form.getByRole('button', { name: '查看' }).click();
}

describe('绩效测评: a department supervisor and the city bureau read the figures of 2026-Q4', () => {
  it('the housing bureau’s supervisor sees every cell of its own department as counted by hand', async () => {
    await signInAs(page, hall, 'supervisor');
    await page.goto('/studio/supervision/performance');
    await page.getByRole('heading', { name: '绩效测评', level: 1 }).waitFor();
    await chooseQuarter('2026', '第四季度');
    await page.waitForURL(/period=2026-Q4/);
    await page.getByRole('status').filter({ hasText: '2026年第四季度：共 1 个部门' }).waitFor();
    // A supervisor has no department filter: the server keeps it to its own.
    expect(await page.getByRole('form', { name: '统计范围' }).getByLabel(/^部门/).count()).toBe(0);
    expect(await readTables()).toEqual({ [housing]: expected[housing] });
    // Units are stated: workdays and hours apart.
    const averages = await page.locator('table[data-table=averages] thead').innerText();
    expect(averages).toContain('对照承诺时限（单位：工作日）');
    expect(averages).toContain('对照承诺时限（单位：小时）');
    expect(averages).toContain('对照法定时限（单位：小时）');
    // axe once the charts, loaded after the tables, are drawn too.
    await page.locator('[data-chart=satisfaction] svg text').first().waitFor();
    await expectNoAxeViolations(page, 'performance page (supervisor)');
    expect(pageProblems(page)).toEqual([]);
  }, 120_000);

  it('shows the online share against its 70 % target: not met, in words and in colour', async () => {
    const line = page.locator(`[data-online="${housing}"]`);
    await expect(line.innerText()).resolves.toMatch(/网上办理率 0%.*目标\s*70%/s);
    const verdict = line.locator('.verdict');
    expect(await verdict.innerText()).toBe('未达标');
    expect(await verdict.evaluate(el => getComputedStyle(el).color)).toBe('rgb(179, 38, 30)');
    await page.getByText('目标：自 2026-10 起网上办理率达到 70%').waitFor();
  }, 60_000);

  it('draws the charts in the page, with their figures in a table too', async () => {
    const chart = page.locator('[data-chart=timeliness]');
    await chart.locator('svg text', { hasText: housing }).waitFor();
    const drawn = await chart.evaluate(el => ({
      paths: el.querySelectorAll('svg path').length,
      texts: [...el.querySelectorAll('svg text')].map(t => t.textContent),
      label: el.querySelector('[role=img]')?.getAttribute('aria-label') ?? ''
    }));
    expect(drawn.paths).toBeGreaterThan(5);
    expect(drawn.texts).toContain(housing);
    expect(drawn.texts).toContain('承诺·提前');
    expect(drawn.label).toContain('办结时效');
    const online = await page.locator('[data-chart=online]').evaluate(el => {
      return [...el.querySelectorAll('svg text')].map(t => t.textContent);
    });
    expect(online).toContain('目标 70%');
    await chart.getByText('办结时效（对照承诺时限与法定时限）：图表数据').click();
    const data = await chart.locator('details table tbody tr').first().innerText();
    expect(data.split('\t').map(s => s.trim())).toEqual([housing, '1', '0', '0', '1', '0', '0']);
  }, 60_000);

  it('downloads the XLSX the page links to, which exceljs reads back with the same figures', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Excel 工作簿（XLSX）' }).click()
    ]);
    const path = await download.path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('绩效测评 2026-Q4');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const row = (sheet.getRow(2).values as unknown[]).slice(1);
    const cell = (name: string) => row[header.indexOf(name)];
    expect(sheet.rowCount).toBe(2);
    expect(cell('部门')).toBe(housing);
    expect(
      ['收件', '受理', '不予受理', '撤回', '办结']
        .map(cell)
        .concat(
          ['承诺时限·提前', '承诺时限·按时', '承诺时限·超期', '法定时限·提前', '法定时限·按时', '法定时限·超期'].map(
            cell
          )
        )
    ).toEqual([2, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0]);
    expect(cell('承诺（工作日）·平均用时')).toBe(2);
    expect(cell('法定（工作日）·平均时限')).toBe(20);
    expect(cell('每百件异常')).toBe(50);
    expect(cell('满意率')).toBe(1);
    expect(cell('网上办理率')).toBe(0);
    expect(cell('网上办理目标')).toBe(0.7);
    expect(cell('是否达标')).toBe('未达标');
  }, 60_000);

  it('drills down from 收件 to the two cases behind it, each linked to its case page', async () => {
    await page
      .locator('table[data-table=volume] tbody tr')
      .first()
      .getByRole('link', { name: `${housing} 收件 2 件，查看办件` })
      .click();
    await page.waitForURL(/\/studio\/supervision\/performance\/cases\?/);
    await page.getByRole('status').filter({ hasText: '共 2 件' }).waitFor();
    await page.getByRole('heading', { name: `2026年第四季度 ${housing} 收件的办件` }).waitFor();
    const numbers = await page.locator('tbody tr td:first-child a').allInnerTexts();
    expect(numbers.sort()).toEqual(['PERF-P1', 'PERF-P2']);
    const href = await page.getByRole('link', { name: 'PERF-P2' }).getAttribute('href');
    expect(href).toBe('/studio/cases/case?id=00000000-0000-4000-8000-000000000016');
    const p2 = await page.getByRole('row').filter({ hasText: 'PERF-P2' }).innerText();
    expect(p2).toContain('邮寄');
    expect(p2).toContain('2026-11-17 15:00');
    await expectNoAxeViolations(page, 'performance drill-down');
    expect(pageProblems(page)).toEqual([]);
  }, 60_000);

  it('the city bureau sees all three departments, every cell as counted by hand, and drills to the late cases', async () => {
    await signInAs(page, hall, 'bureau');
    await page.goto('/studio/supervision/performance?period=2026-Q4');
    await page.getByRole('status').filter({ hasText: '2026年第四季度：共 3 个部门' }).waitFor();
    expect(await readTables()).toEqual(expected);
    await page.locator('[data-chart=satisfaction] svg text').first().waitFor();
    await expectNoAxeViolations(page, 'performance page (bureau)');
    await page.getByRole('link', { name: `${health} 对照承诺时限超期 3 件，查看办件` }).click();
    await page.getByRole('status').filter({ hasText: '共 3 件' }).waitFor();
    const numbers = await page.locator('tbody tr td:first-child a').allInnerTexts();
    expect(numbers.sort()).toEqual(['PERF-H4', 'PERF-H5', 'PERF-H9']);
    // H5 is still open, late by its deadline, the end of 3 November.
    const h5 = await page.getByRole('row').filter({ hasText: 'PERF-H5' }).innerText();
    expect(h5).toContain('办理中');
    expect(h5).toContain('2026-11-03 24:00');
    // A figure standing for more cases than a page lists is read a page at a time: from the second case on here.
    const listed = [...numbers];
    await page.goto(`${new URL(page.url()).pathname}${new URL(page.url()).search}&offset=1`);
    await page.getByRole('status').filter({ hasText: '第 2–3 件（按收件时间先后）' }).waitFor();
    await expectNoAxeViolations(page, 'drill-down, second page');
    const rest = await page.locator('tbody tr td:first-child a').allInnerTexts();
    expect(rest).toHaveLength(2);
    expect(listed).toEqual(expect.arrayContaining(rest));
    await page.getByRole('navigation', { name: '办件分页' }).getByRole('link', { name: '上一页' }).click();
    await page.getByRole('status').filter({ hasText: '共 3 件' }).waitFor();
    // The way back is to the page as it was left.
    await page.getByRole('link', { name: '← 返回绩效测评' }).click();
    await page.waitForURL(/\/studio\/supervision\/performance\?period=2026-Q4$/);
    await page.getByRole('status').filter({ hasText: '2026年第四季度：共 3 个部门' }).waitFor();
    expect(pageProblems(page)).toEqual([]);
  }, 120_000);
});
