import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '../../accounts/demo.ts';
import { dbKinds } from '../../testing/database.ts';
import { openTestApp, type TestApp } from '../../testing/http.ts';
import { performanceNow } from '../../testing/performance-cases.ts';
import { seedPerformanceFixture } from '../../testing/performance-seed.ts';

const health = '市卫生健康委员会';

/** Fails on anything that is not well-formed XML; the root element's name and every text node. */
function parseSvg(svg: string): { root: string; texts: string[]; elements: string[] } {
  const parser = new SaxesParser({ xmlns: true });
  const texts: string[] = [];
  const elements: string[] = [];
  parser.on('opentag', tag => elements.push(tag.local));
  parser.on('text', text => {
    if (text.trim()) texts.push(text.trim());
  });
  parser.write(svg).close();
  return { root: elements[0]!, texts, elements };
}

/** Every line of text in a PDF as pdf.js reads it back (the items of each page joined). */
async function pdfText(bytes: ArrayBuffer): Promise<string> {
  // Promise.withResolvers, which pdf.js calls, comes from tools/node-polyfills.mjs on Node 20.
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = getDocument({ data: new Uint8Array(bytes), useSystemFonts: false });
  const pdf = await task.promise;
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    pages.push(content.items.map(item => ('str' in item ? item.str : '')).join(''));
  }
  await task.destroy();
  return pages.join('\n');
}

const cookies = new Map<string, string>();

/** The raw response (bytes, headers) for a demo account, signed in once per app. */
async function fetchAs(t: TestApp, login: string, path: string): Promise<Response> {
  let cookie = cookies.get(login);
  if (!cookie) {
    const response = await t.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password: demoPassword, code: t.code(login) })
    });
    cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    cookies.set(login, cookie);
  }
  return t.app.request(path, { headers: { cookie } });
}

describe.each(dbKinds)('performance charts (SVG) and the period report (PDF) on %s', kind => {
  let t: TestApp;

  beforeAll(async () => {
    cookies.clear();
    t = await openTestApp(kind);
    await seedPerformanceFixture(t.store.db);
    t.clock.now = performanceNow;
  });
  afterAll(async () => t?.close());

  it('draws the timeliness chart as well-formed SVG naming every department, with Chinese fonts', async () => {
    const response = await fetchAs(
      t,
      'bureau',
      '/api/supervision/performance/chart.svg?chart=timeliness&period=2026-Q4'
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const svg = await response.text();
    const parsed = parseSvg(svg);
    expect(parsed.root).toBe('svg');
    expect(parsed.texts).toEqual(
      expect.arrayContaining([
        '办结时效（对照承诺时限与法定时限）',
        health,
        '市市场监督管理局',
        '市住房和建设局',
        '承诺·超期',
        '法定·提前'
      ])
    );
    // The health commission's 3 late against the promised limit and 4 early against the legal one are labels of bars.
    expect(parsed.texts).toEqual(expect.arrayContaining(['3', '4']));
    expect(parsed.elements.filter(e => e === 'path').length).toBeGreaterThan(10);
    expect(svg).toContain('Noto Sans CJK SC');
    expect(svg).toMatch(/aria-label="[^"]*办结时效/);
  });

  it('draws the online share against its 70 % target and the five rating levels', async () => {
    const online = await (
      await fetchAs(t, 'bureau', '/api/supervision/performance/chart.svg?chart=online&period=2026-Q4')
    ).text();
    // 市卫生健康委员会 8 of 9 online (0.89 as the figures round it), 市市场监督管理局 3 of 3, 市住房和建设局 none of 2.
    expect(parseSvg(online).texts).toEqual(expect.arrayContaining(['目标 70%', '89%', '100%', '0%']));
    const ratings = await (
      await fetchAs(t, 'bureau', '/api/supervision/performance/chart.svg?chart=satisfaction&period=2026-Q4')
    ).text();
    expect(parseSvg(ratings).texts).toEqual(expect.arrayContaining(['非常满意', '基本满意', '非常不满意']));
  });

  it('escapes what it draws and keeps the supervisor to its own department', async () => {
    const own = await (
      await fetchAs(t, 'supervisor', '/api/supervision/performance/chart.svg?chart=timeliness&period=2026-Q4')
    ).text();
    const texts = parseSvg(own).texts;
    expect(texts).toContain('市住房和建设局');
    expect(texts).not.toContain(health);
    const other = await fetchAs(
      t,
      'supervisor',
      `/api/supervision/performance/chart.svg?chart=online&period=2026-Q4&department=${encodeURIComponent(health)}`
    );
    expect(other.status).toBe(403);
    expect((await fetchAs(t, 'bureau', '/api/supervision/performance/chart.svg?chart=pie')).status).toBe(400);
    expect((await fetchAs(t, 'window', '/api/supervision/performance/chart.svg?chart=online')).status).toBe(403);
  });

  it('writes the period report as a PDF that reads back with its title, scope, figures, late cases and target', async () => {
    const response = await fetchAs(
      t,
      'bureau',
      `/api/supervision/performance/report.pdf?period=2026-Q4&department=${encodeURIComponent(health)}`
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toContain(
      encodeURIComponent('2026年第四季度行政审批电子监察绩效通报')
    );
    const text = (await pdfText(await response.arrayBuffer())).replace(/\s+/g, '');
    expect(text).toContain('2026年第四季度行政审批电子监察绩效通报');
    expect(text).toContain(`范围：${health}`);
    expect(text).toContain('生成时间：2026-11-3010:00（北京时间）');
    expect(text).toContain('生成人：吴督查');
    // Received 9, accepted 7, refused 1, withdrawn 1, decided 7; promised 2 early, 3 on time, 3 late; legal 4, 3, 0.
    expect(text).toContain(`${health}97117233430`);
    // Corrections 1 round of 1 case, 1 warning, 2 yellow, 0 red, 0 anomalies, 22.22 cards and 0 anomalies per 100,
    // 2 complaints, 3 ratings (1 very satisfied, 1 satisfied, 1 very dissatisfied), 67 % satisfied.
    expect(text).toContain(`${health}11120022.220231100167%`);
    expect(text).toContain('1.43/1.57工作日（7件）');
    expect(text).toContain('89%70%达标');
    expect(text).toContain('PERF-H5（公共场所卫生许可，市卫生健康委员会，期限2026-11-03，未办结）');
    expect(text).toContain('对照承诺时限超期3件');
    for (const late of ['PERF-H4', 'PERF-H5', 'PERF-H9']) expect(text).toContain(late);
    expect(text).toContain('对照法定时限超期0件：无');
    // The charts' own text, drawn from their SVG.
    expect(text).toContain('网上办理率与双轨运行目标');
    expect(text).toContain('目标70%');
    // The bar's own label (89 %) is drawn in the chart too, not hidden under a text border: once in table four, once on the bar.
    expect(text.match(/89%/g)?.length).toBe(2);
    const audit = await t.store.db.query<{ target: string }>(
      `select target from audit_log where action = 'supervision.performance' and target like '%pdf'`
    );
    expect(audit.map(a => a.target)).toContain(`${health} 2026-Q4 pdf`);
  });

  it('a supervisor gets its own department’s report and not another’s', async () => {
    const own = await fetchAs(t, 'supervisor', '/api/supervision/performance/report.pdf?period=2026-Q4');
    expect(own.status).toBe(200);
    const text = (await pdfText(await own.arrayBuffer())).replace(/\s+/g, '');
    expect(text).toContain('范围：市住房和建设局');
    expect(text).not.toContain(health);
    const other = await fetchAs(
      t,
      'supervisor',
      `/api/supervision/performance/report.pdf?period=2026-Q4&department=${encodeURIComponent(health)}`
    );
    expect(other.status).toBe(403);
  });
});

describe('the period report on a server without a Chinese font', () => {
  let t: TestApp | undefined;
  afterAll(async () => t?.close());

  it('is refused with 503, in Chinese, naming the setting that gives one', async () => {
    const before = process.env.BANSHI_REPORT_FONT;
    process.env.BANSHI_REPORT_FONT = '/nonexistent/NotoSansSC-Regular.otf';
    try {
      t = await openTestApp('pglite');
    } finally {
      if (before === undefined) delete process.env.BANSHI_REPORT_FONT;
      else process.env.BANSHI_REPORT_FONT = before;
    }
    cookies.clear();
    const response = await fetchAs(t, 'bureau', '/api/supervision/performance/report.pdf?period=2026-Q4');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: {
        code: 'report.font',
        message: '服务器未安装中文字体，暂不能生成通报 PDF，请联系管理员。',
        details: { setting: 'BANSHI_REPORT_FONT' }
      }
    });
  });
});
