import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '../accounts/demo.ts';
import { dbKinds } from '../testing/database.ts';
import { seedPerformanceFixture } from '../testing/performance-seed.ts';
import { openTestApp, type TestApp } from '../testing/http.ts';
import { business, hygiene, performanceNow, permit } from '../testing/performance-cases.ts';

const health = '市卫生健康委员会';
const market = '市市场监督管理局';
const housing = '市住房和建设局';

const none = { cases: 0, used: null, limit: null };
const zeroRatings = {
  verySatisfied: 0,
  satisfied: 0,
  basicallySatisfied: 0,
  dissatisfied: 0,
  veryDissatisfied: 0,
  total: 0,
  bad: 0,
  satisfaction: null
};

/**
 * 2026-Q4 by department, every column counted by hand from the fixture (testing/performance-cases.ts):
 * 市卫生健康委员会 — received H1–H8 and H11 (9; H2 at the window, the rest online); accepted H1–H6, H11; refused H7;
 * withdrawn H8; decided H1 (same day), H2 (next day), H3 (same day, yellow card), H4 (two days, yellow card), H6
 * (paused for correction 2–9 Nov, one workday used), H9 (received 28 Sep, decided 9 Oct: four workdays across
 * National Day, red card), H11 (version 2: five promised, two used). Promised: early H1 H11; on time H2 H3 H6; late
 * H4 H9 and H5 (open, past 3 Nov). Legal: early H1 H2 H6 H11; on time the carded H3 H4 H9; none late (H5's legal day
 * is 30 Nov, not past at 10:00). Used 0+1+0+2+1+4+2 = 10 of 7 cases; promised 1×6 + 5 = 11; legal 20×6 + 15 = 135.
 * 市市场监督管理局 — M1 1.5 office hours (on time), M2 4 (late), M3 0.5 (early, the day before its deadline's day);
 * all within the three legal workdays, none a whole workday used.
 * 市住房和建设局 — P1 received at the window only; P2 by express, expert review 3–16 Nov left out: two workdays used.
 */
const expected = {
  [health]: {
    key: health,
    department: health,
    matterCode: null,
    matterName: null,
    received: 9,
    accepted: 7,
    refused: 1,
    withdrawn: 1,
    decided: 7,
    promised: { early: 2, onTime: 3, late: 3 },
    legal: { early: 4, onTime: 3, late: 0 },
    averages: {
      promised: { workdays: { cases: 7, used: 1.43, limit: 1.57 }, days: none, hours: none },
      legal: { workdays: { cases: 7, used: 1.43, limit: 19.29 }, days: none, hours: none }
    },
    correctionRounds: 1,
    corrected: 1,
    warnings: 1,
    yellowCards: 2,
    redCards: 0,
    anomalies: 0,
    cardsPer100: 22.22,
    anomaliesPer100: 0,
    complaints: 2,
    complaintsWithoutCase: 1,
    ratings: {
      ...zeroRatings,
      verySatisfied: 1,
      satisfied: 1,
      veryDissatisfied: 1,
      total: 3,
      bad: 1,
      satisfaction: 0.67
    },
    channels: { online: 8, window: 1, express: 0, onlineShare: 0.89, target: 0.7, targetBy: '2026-10', met: true }
  },
  [market]: {
    key: market,
    department: market,
    matterCode: null,
    matterName: null,
    received: 3,
    accepted: 3,
    refused: 0,
    withdrawn: 0,
    decided: 3,
    promised: { early: 1, onTime: 1, late: 1 },
    legal: { early: 3, onTime: 0, late: 0 },
    averages: {
      promised: { workdays: none, days: none, hours: { cases: 3, used: 2, limit: 2 } },
      legal: { workdays: { cases: 3, used: 0, limit: 3 }, days: none, hours: none }
    },
    correctionRounds: 0,
    corrected: 0,
    warnings: 0,
    yellowCards: 0,
    redCards: 0,
    anomalies: 0,
    cardsPer100: 0,
    anomaliesPer100: 0,
    complaints: 0,
    complaintsWithoutCase: 0,
    ratings: zeroRatings,
    channels: { online: 3, window: 0, express: 0, onlineShare: 1, target: 0.7, targetBy: '2026-10', met: true }
  },
  [housing]: {
    key: housing,
    department: housing,
    matterCode: null,
    matterName: null,
    received: 2,
    accepted: 1,
    refused: 0,
    withdrawn: 0,
    decided: 1,
    promised: { early: 1, onTime: 0, late: 0 },
    legal: { early: 1, onTime: 0, late: 0 },
    averages: {
      promised: { workdays: { cases: 1, used: 2, limit: 7 }, days: none, hours: none },
      legal: { workdays: { cases: 1, used: 2, limit: 20 }, days: none, hours: none }
    },
    correctionRounds: 0,
    corrected: 0,
    warnings: 0,
    yellowCards: 0,
    redCards: 0,
    anomalies: 1,
    cardsPer100: 0,
    anomaliesPer100: 50,
    complaints: 0,
    complaintsWithoutCase: 0,
    ratings: { ...zeroRatings, basicallySatisfied: 1, total: 1, satisfaction: 1 },
    channels: { online: 0, window: 1, express: 1, onlineShare: 0, target: 0.7, targetBy: '2026-10', met: false }
  }
};

/** RFC 4180 fields, as a spreadsheet reads them. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  return rows;
}

describe.each(dbKinds)('performance evaluation (绩效测评) on %s', kind => {
  let t: TestApp;

  beforeAll(async () => {
    t = await openTestApp(kind);
    await seedPerformanceFixture(t.store.db);
    t.clock.now = performanceNow;
  });
  afterAll(async () => t?.close());

  it('gives every figure of a quarter by department as counted by hand, each case on its own version', async () => {
    const bureau = await t.as('bureau');
    const response = await bureau.get('/api/supervision/performance?period=2026-Q4');
    expect(response.status).toBe(200);
    expect(response.body.period).toEqual({
      label: '2026-Q4',
      from: '2026-09-30T16:00:00.000Z',
      to: '2026-12-31T16:00:00.000Z'
    });
    expect(response.body.by).toBe('department');
    const byKey = Object.fromEntries(response.body.items.map((r: { key: string }) => [r.key, r]));
    expect(byKey).toEqual(expected);
  });

  it('rows by matter, for one matter, and a month', async () => {
    const bureau = await t.as('bureau');
    const byMatter = await bureau.get('/api/supervision/performance?period=2026-Q4&by=matter');
    expect(byMatter.body.items.map((r: { key: string }) => r.key).sort()).toEqual(
      [hygiene.code, business.code, permit.code].sort()
    );
    const one = await bureau.get(`/api/supervision/performance?period=2026-Q4&by=matter&matter=${business.code}`);
    expect(one.body.items).toEqual([
      { ...expected[market], key: business.code, matterCode: business.code, matterName: business.name }
    ]);
    // October: only H9's decision (late against its promised day) and H10's rating fall in it.
    const october = await bureau.get(`/api/supervision/performance?period=2026-10&department=${health}`);
    expect(october.body.items).toEqual([
      expect.objectContaining({
        received: 0,
        decided: 1,
        promised: { early: 0, onTime: 0, late: 1 },
        ratings: { ...zeroRatings, satisfied: 1, total: 1, satisfaction: 1 },
        channels: { online: 0, window: 0, express: 0, onlineShare: null, target: 0.7, targetBy: '2026-10', met: null }
      })
    ]);
  });

  it('drills down to exactly the cases behind a figure', async () => {
    const bureau = await t.as('bureau');
    const numbers = async (query: string) => {
      const response = await bureau.get(`/api/supervision/performance/cases?${query}`);
      expect(response.status).toBe(200);
      return response.body.items.map((c: { caseNumber: string }) => c.caseNumber).sort();
    };
    const q4 = `period=2026-Q4&department=${encodeURIComponent(health)}`;
    expect(await numbers(`figure=promisedLate&${q4}`)).toEqual(['PERF-H4', 'PERF-H5', 'PERF-H9']);
    expect(await numbers(`figure=legalOnTime&${q4}`)).toEqual(['PERF-H3', 'PERF-H4', 'PERF-H9']);
    expect(await numbers(`figure=window&${q4}`)).toEqual(['PERF-H2']);
    expect(await numbers(`figure=complaints&${q4}`)).toEqual(['PERF-H4']);
    expect(await numbers(`figure=rated&${q4}`)).toEqual(['PERF-H1', 'PERF-H10', 'PERF-H4']);
    expect(await numbers('figure=anomalies&period=2026-Q4')).toEqual(['PERF-P2']);
    const late = await bureau.get(`/api/supervision/performance/cases?figure=promisedLate&${q4}`);
    expect(late.body.items.find((c: { caseNumber: string }) => c.caseNumber === 'PERF-H5')).toMatchObject({
      matterName: hygiene.name,
      department: health,
      status: 'inReview',
      decidedAt: null,
      promisedDeadline: '2026-11-03T16:00:00.000Z'
    });
  });
  it('lists the cases behind a figure a page at a time, oldest received first', async () => {
    const bureau = await t.as('bureau');
    const page = async (offset: number, limit: number) => {
      const r = await bureau.get(
        `/api/supervision/performance/cases?figure=rated&period=2026-Q4&offset=${offset}&limit=${limit}`
      );
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return { numbers: r.body.items.map((c: { caseNumber: string }) => c.caseNumber), next: r.body.next };
    };
    const all = await page(0, 1000);
    // The health commission's three ratings in the quarter and the housing bureau's one.
    expect([...all.numbers].sort()).toEqual(['PERF-H1', 'PERF-H10', 'PERF-H4', 'PERF-P2']);
    expect(all.next).toBeNull();
    expect(await page(0, 3)).toEqual({ numbers: all.numbers.slice(0, 3), next: 3 });
    expect(await page(3, 3)).toEqual({ numbers: all.numbers.slice(3), next: null });
    expect(await page(4, 3)).toEqual({ numbers: [], next: null });
    expect((await bureau.get('/api/supervision/performance/cases?figure=rated&limit=0')).status).toBe(400);
    expect((await bureau.get('/api/supervision/performance/cases?figure=rated&offset=-1')).status).toBe(400);
  });

  it('a supervisor sees its own department only; others, and staff without the duty, are refused', async () => {
    const supervisor = await t.as('supervisor');
    const own = await supervisor.get('/api/supervision/performance?period=2026-Q4');
    expect(own.body.items).toEqual([expected[housing]]);
    expect(
      (await supervisor.get(`/api/supervision/performance?period=2026-Q4&department=${encodeURIComponent(health)}`))
        .status
    ).toBe(403);
    expect(
      (
        await supervisor.get(
          `/api/supervision/performance/cases?figure=received&period=2026-Q4&department=${encodeURIComponent(health)}`
        )
      ).status
    ).toBe(403);
    const mine = await supervisor.get('/api/supervision/performance/cases?figure=received&period=2026-Q4');
    expect(mine.body.items.map((c: { caseNumber: string }) => c.caseNumber).sort()).toEqual(['PERF-P1', 'PERF-P2']);
    const window = await t.as('window');
    expect((await window.get('/api/supervision/performance?period=2026-Q4')).status).toBe(403);
    expect((await window.get('/api/supervision/performance/cases?figure=received')).status).toBe(403);
    expect((await t.anonymous.get('/api/supervision/performance')).status).toBe(401);
    const bad = await supervisor.get('/api/supervision/performance?period=2026-Q5');
    expect(bad.status).toBe(400);
    expect((await supervisor.get('/api/supervision/performance/cases?figure=everything')).status).toBe(400);
  });

  it('exports the same table as CSV and as an XLSX workbook a spreadsheet library reads back', async () => {
    const bureau = await t.as('bureau');
    const json = await bureau.get('/api/supervision/performance?period=2026-Q4');
    const csv = await bureau.get('/api/supervision/performance?period=2026-Q4&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const table = parseCsv((csv.body as string).replace(/^\uFEFF/, ''));
    const header = table[0]!;
    expect(header.slice(0, 8)).toEqual(['部门', '事项编码', '事项名称', '收件', '受理', '不予受理', '撤回', '办结']);
    expect(table).toHaveLength(1 + json.body.items.length);
    const csvHealth = table.find(r => r[0] === health)!;
    const column = (row: string[], name: string) => row[header.indexOf(name)];
    expect(column(csvHealth, '收件')).toBe('9');
    expect(column(csvHealth, '承诺时限·超期')).toBe('3');
    expect(column(csvHealth, '法定时限·按时')).toBe('3');
    expect(column(csvHealth, '承诺（工作日）·平均用时')).toBe('1.43');
    expect(column(csvHealth, '承诺（小时）·平均用时')).toBe('');
    expect(column(csvHealth, '每百件亮牌')).toBe('22.22');
    expect(column(csvHealth, '满意率')).toBe('0.67');
    expect(column(csvHealth, '网上办理率')).toBe('0.89');
    expect(column(csvHealth, '网上办理目标')).toBe('0.7');
    expect(column(csvHealth, '是否达标')).toBe('达标');
    expect(
      column(
        table.find(r => r[0] === market)!,
        '承诺（小时）·平均用时'
      )
    ).toBe('2');
    expect(
      column(
        table.find(r => r[0] === housing)!,
        '是否达标'
      )
    ).toBe('未达标');

    const login = await t.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'bureau', password: demoPassword, code: t.code('bureau') })
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const xlsx = await t.app.request('/api/supervision/performance?period=2026-Q4&format=xlsx', {
      headers: { cookie }
    });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('绩效测评 2026-Q4');
    const cells: string[][] = [];
    sheet.eachRow(row => {
      const values = row.values as unknown[];
      cells.push(
        header.map((_, i) => (values[i + 1] === undefined || values[i + 1] === null ? '' : String(values[i + 1])))
      );
    });
    // The workbook holds the CSV's table cell for cell, numbers as numbers.
    expect(cells).toEqual(table);
    expect(sheet.getRow(cells.findIndex(r => r[0] === health) + 1).getCell(header.indexOf('收件') + 1).value).toBe(9);
  });

  it('keeps the earlier day range (from, to) of the route working', async () => {
    const bureau = await t.as('bureau');
    const november = await bureau.get(
      `/api/supervision/performance?from=2026-11-01&to=2026-11-30&department=${housing}`
    );
    expect(november.status).toBe(200);
    expect(november.body.items).toEqual([
      expect.objectContaining({ received: 2, decided: 1, channels: expect.objectContaining({ target: null }) })
    ]);
  });
});
