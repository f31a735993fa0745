/**
 * The online hall in a real browser: a runtime process started as `npm start` runs it (its own PGlite in a
 * temporary folder, demo accounts, a fixed clock), one headless Chromium per process, pages of a given width with
 * or without JavaScript, and the checks every hall page must pass — axe-core's WCAG 2.1 A and AA rules, and no
 * horizontal scrolling on a 360 px phone.
 *
 * Used by the e2e tests (tests/e2e/*.test.ts) and by `npm run screenshots`. The checks read the page through
 * `inPage`: source text evaluated in an isolated world of the page's own frame (the DevTools protocol's
 * Page.createIsolatedWorld), so they see the real DOM and the real layout, work whether the page's JavaScript is
 * on or off (with it off, Playwright's page.evaluate waits for ever), add no script to the page (its CSP stays as
 * served) and never meet the page's own globals. Source text, not compiled functions: tsx and vitest compile this
 * file with different helpers (esbuild's `__name`), which the page does not have.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { requiredUploads, type AnswerMap } from '@banshi/definition/answers';
import type { Definition } from '@banshi/definition';
import { answersFor } from '../../runtime/src/testing/answers.ts';
import { seedPgliteFolder } from '../../runtime/src/testing/database.ts';
import { authenticatorCode, HttpUser, startRuntime, type RuntimeProcess } from './runtime-process.ts';

export type { Browser, BrowserContext, Page };

/** The demo accounts' password (runtime/src/demo.ts). */
export const demoPassword = 'banshi-demo-2026';
/** Demo logins (runtime/src/demo.ts): the person and the organisation apply; the rest are staff. */
export const demo = {
  person: '11010519491231002X',
  organisation: '91350100M000100Y43',
  window: 'window',
  handler: 'handler',
  chief: 'chief',
  leader: 'leader'
} as const;

/** The clock the hall starts at, unless a test asks for another: a Monday morning, a working day. */
export const defaultClock = '2026-09-28T10:00:00+08:00';

export interface Hall {
  /** Base URL, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  runtime: RuntimeProcess;
  /** Signs a demo account in through the API with a bearer token, to set up state as that user would. */
  user(login: string): Promise<HttpUser>;
  /** SIGTERM, wait for the exit, remove the data folder. */
  stop(): Promise<void>;
}

export interface HallOptions {
  /** BANSHI_CLOCK: the instant the hall's clock starts at (it runs on from there). */
  clock?: string;
  /** A PostgreSQL URL (DATABASE_URL); the default is PGlite in a temporary folder. */
  databaseUrl?: string;
  /** The background worker (timers, notifications): on, as in production, unless asked. */
  worker?: 'on' | 'off';
  /** Any other environment for the process. */
  env?: Record<string, string>;
  /**
   * Staff accounts besides the demo ones, with the demo password and second-factor secret: a department the demo has no clerk for (a
   * co-approver such as 市人民防空办公室). Created in the embedded database, with the demo accounts, before the
   * process starts; not with `databaseUrl`.
   */
  staff?: ExtraStaff[];
}

/** A staff account for `HallOptions.staff`. */
export interface ExtraStaff {
  login: string;
  name: string;
  department: string;
  /** Posts in the department, e.g. ['承办人']. */
  roles: string[];
}

/**
 * Creates the demo accounts and `staff` in the embedded database under `dataDir` (migrated first), as the
 * process would find them: it then sees users there and creates no demo accounts of its own.
 */
async function seedStaff(dataDir: string, staff: ExtraStaff[]): Promise<void> {
  const { openPglite } = await import('../../runtime/src/platform/db/db.ts');
  const { migrate } = await import('../../runtime/src/platform/db/migrate.ts');
  const { ensureDemoAccounts } = await import('../../runtime/src/accounts/demo.ts');
  const { createStaff } = await import('../../runtime/src/accounts/users.ts');
  const { enrolDemoSecret } = await import('../../runtime/src/accounts/totp-store.ts');
  const { demoTotpSecret } = await import('../../runtime/src/accounts/totp.ts');
  const db = await openPglite({ dataDir: join(dataDir, 'pglite') });
  try {
    await migrate(db);
    await ensureDemoAccounts(db);
    for (const s of staff) {
      const created = await createStaff(db, { ...s, password: demoPassword, duties: [] });
      await enrolDemoSecret(db, created.id, demoTotpSecret);
    }
  } finally {
    await db.close();
  }
}

/** Starts a runtime process for the hall; `stop()` ends it and removes its data. */
export async function startHall(options: HallOptions = {}): Promise<Hall> {
  const dataDir = mkdtempSync(join(tmpdir(), 'banshi-e2e-'));
  let runtime: RuntimeProcess;
  try {
    if (options.staff?.length && options.databaseUrl)
      throw new Error('startHall: extra staff accounts are created in the embedded database only');
    // The embedded database as the runtime's first start leaves it (the same migrations, made once per machine and
    // copied): each hall skips PGlite's initdb and the migrations, seconds per process. The first start on an empty
    // folder is proven by main.int.test.ts and the restore drill.
    if (!options.databaseUrl) await seedPgliteFolder(join(dataDir, 'pglite'));
    if (options.staff?.length) await seedStaff(dataDir, options.staff);
    runtime = await startRuntime({
      BANSHI_DATA_DIR: dataDir,
      BANSHI_CLOCK: options.clock ?? defaultClock,
      BANSHI_WORKER: options.worker ?? 'on',
      BANSHI_DEMO: 'on',
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...options.env
    });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const url = runtime.url.replace(/\/$/, '');
  const users = new Map<string, Promise<HttpUser>>();
  return {
    url,
    runtime,
    user(login) {
      let user = users.get(login);
      if (!user) {
        user = HttpUser.signIn(url, login, demoPassword);
        users.set(login, user);
      }
      return user;
    },
    async stop() {
      try {
        await runtime.stop();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  };
}

/** A case submitted through the API, as the hall's tracking page asks for it. */
export interface SubmittedCase {
  id: string;
  caseNumber: string;
  /** The applicant's ID number or credit code. */
  holder: string;
  matterCode: string;
}

/** A one-page blank PDF: enough for the upload check (a PDF's signature and its page tree's /Count). */
export const blankPdf = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n' +
    '3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n'
);

/** Uploads one file for a material as the applicant's browser would (POST /api/hall/files, multipart); its id. */
export async function uploadMaterial(user: HttpUser, material: string): Promise<string> {
  const form = new FormData();
  form.set('file', new Blob([blankPdf], { type: 'application/pdf' }), `${material}.pdf`);
  form.set('material', material);
  const response = await fetch(`${user.base}/api/hall/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${user.token}` },
    body: form,
    signal: AbortSignal.timeout(20_000)
  });
  const body = (await response.json()) as { id: string };
  if (response.status !== 201) throw new Error(`upload of ${material}: ${response.status} ${JSON.stringify(body)}`);
  return body.id;
}

/** What an online application carries besides answers and files: the signed commitment of a declaration, an annual inspection's mode. */
export function applicationExtras(definition: Definition): {
  commitmentSigned?: true;
  inspectionMode?: 'written' | 'onSite';
} {
  const mode = definition.annualInspection?.modes[0]?.kind;
  return { ...(definition.declaration ? { commitmentSigned: true } : {}), ...(mode ? { inspectionMode: mode } : {}) };
}

/**
 * Submits an online application as a demo applicant through the JSON API, as the apply page would: a PDF
 * uploaded for every material the answers make required, then the application (answers to every required field,
 * from runtime/src/testing/answers.ts, unless given).
 */
export async function submitCase(
  hall: Hall,
  login: string,
  definition: Definition,
  answers: AnswerMap = answersFor(definition) as AnswerMap
): Promise<SubmittedCase> {
  const user = await hall.user(login);
  const materials = [];
  for (const material of requiredUploads(definition, answers))
    materials.push({ material: material.id, fileId: await uploadMaterial(user, material.id) });
  const answer = await user.post('/api/hall/cases', {
    matterCode: definition.code,
    channel: 'online',
    answers,
    materials,
    ...applicationExtras(definition)
  });
  if (answer.status !== 201)
    throw new Error(`submitting ${definition.name} as ${login}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { id: answer.body.id, caseNumber: answer.body.caseNumber, holder: login, matterCode: definition.code };
}

// --- the browser ---------------------------------------------------------------------------------------------

/** Debian's Chromium, never a downloaded build; the flags keep it off the (closed) network. */
export const chromiumPath = process.env.BANSHI_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

let shared: Promise<Browser> | undefined;

/** The process's one headless Chromium, launched on first use; `closeBrowser()` ends it. */
export function openBrowser(): Promise<Browser> {
  shared ??= chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  return shared;
}

export async function closeBrowser(): Promise<void> {
  const browser = shared;
  shared = undefined;
  if (browser) await (await browser).close();
}

/** The two widths every page is checked at: a small phone and a desktop. */
export const widths = { phone: { width: 360, height: 800 }, desktop: { width: 1280, height: 900 } } as const;
export type WidthName = keyof typeof widths;

export interface PageOptions {
  /** CSS pixels; 360 (a small phone) or 1280 (a desktop) in the hall's checks. */
  width: number;
  height?: number;
  /** false: the page's scripts do not run, as for a citizen with JavaScript off (the hall must work without). */
  javaScript: boolean;
  /** Resolves relative `page.goto('/hall')`; usually `hall.url`. */
  baseURL?: string;
  /** Signs this demo account in first (a session cookie in the page's own context). */
  signedInAs?: string;
}

/** What went wrong in a page that the page itself did not show: script errors, console errors (CSP reports among them). */
const problems = new WeakMap<Page, string[]>();

/**
 * A page in a context of its own (its own cookies), zh-CN, Shanghai time. Console errors and uncaught page errors
 * are kept for `expectNoConsoleErrors`.
 */
export async function newPage(options: PageOptions): Promise<Page> {
  const browser = await openBrowser();
  const context = await browser.newContext({
    viewport: { width: options.width, height: options.height ?? (options.width < 640 ? 800 : 900) },
    javaScriptEnabled: options.javaScript,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(options.baseURL ? { baseURL: options.baseURL } : {})
  });
  const page = await context.newPage();
  const seen: string[] = [];
  problems.set(page, seen);
  if (!options.javaScript) scriptsOff.add(page);
  page.on('pageerror', error => seen.push(`page error: ${error.message}`));
  // A page's own status is `visit`'s to check; Chromium's console line for it ("Failed to load resource") is not
  // an error of the page. Anything else it loads must answer below 400.
  page.on('console', message => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      seen.push(`console: ${message.text()}`);
  });
  page.on('response', response => {
    if (response.status() >= 400 && response.request().resourceType() !== 'document')
      seen.push(`${response.status()} for ${response.request().resourceType()} ${response.url()}`);
  });
  // A request the page still had in flight when it navigated (a reload, a link) is cancelled by the browser
  // (net::ERR_ABORTED): the navigation's doing, not a failure. Any other failure, or a cancellation without one, is.
  let navigations = 0;
  const startedAt = new WeakMap<object, number>();
  page.on('request', request => {
    // A service worker's request has no frame (Playwright throws when asked for it): never the page's navigation.
    if (request.isNavigationRequest() && request.serviceWorker() === null && request.frame() === page.mainFrame())
      navigations++;
    else startedAt.set(request, navigations);
  });
  page.on('requestfailed', request => {
    if (request.resourceType() === 'document') return;
    const error = request.failure()?.errorText ?? '';
    if (error === 'net::ERR_ABORTED' && (startedAt.get(request) ?? navigations) < navigations) return;
    seen.push(`${request.resourceType()} ${request.url()} failed: ${error}`);
  });
  page.on('close', () => void context.close().catch(() => {}));
  if (options.signedInAs) {
    if (!options.baseURL) throw new Error('newPage: signedInAs needs a baseURL');
    await signIn(page, options.baseURL, options.signedInAs);
  }
  return page;
}

/**
 * Signs a demo account in for the page's context through the API, with the code of the demo staff's authenticator
 * at the runtime's clock (the session cookie lands in the context's jar, as the sign-in page would leave it).
 * Journeys over the sign-in page itself should fill its form instead.
 */
export async function signIn(page: Page, baseURL: string, login: string, password = demoPassword): Promise<void> {
  const response = await page.context().request.post(`${baseURL}/api/auth/login`, {
    data: { login, password, code: await authenticatorCode(baseURL, login) },
    headers: { origin: baseURL }
  });
  if (!response.ok()) throw new Error(`sign-in as ${login} failed: ${response.status()} ${await response.text()}`);
}

/** Closes the page and its context. */
export async function closePage(page: Page): Promise<void> {
  await page.context().close();
}

/** Errors the page's console or scripts reported (a CSP violation is one), so far. */
export function consoleErrors(page: Page): string[] {
  return [...(problems.get(page) ?? [])];
}

/** Forgets what the page reported so far: after a refusal the journey provoked and checked on purpose. */
export function forgetProblems(page: Page): void {
  problems.get(page)?.splice(0);
}

export function expectNoConsoleErrors(page: Page, label: string): void {
  const seen = consoleErrors(page);
  if (seen.length > 0) throw new Error(`${label}: the page reported errors:\n${seen.map(s => `  - ${s}`).join('\n')}`);
}

/**
 * Opens a path and checks the answer: the status (200 unless told) and an HTML page. What the page reported
 * before is forgotten: `consoleErrors` then tells about this page only.
 */
export async function visit(page: Page, path: string, status = 200): Promise<void> {
  problems.get(page)?.splice(0);
  const response = await page.goto(path, { waitUntil: 'load' });
  if (!response) throw new Error(`${path}: no response`);
  if (response.status() !== status) throw new Error(`${path}: status ${response.status()}, expected ${status}`);
  const type = response.headers()['content-type'] ?? '';
  if (!type.startsWith('text/html')) throw new Error(`${path}: content-type ${type}, expected HTML`);
}

// --- reading the page -----------------------------------------------------------------------------------------

const sessions = new WeakMap<Page, Promise<CDPSession>>();
/** Pages opened with their JavaScript off: their frames run no timers, even in an isolated world. */
const scriptsOff = new WeakSet<Page>();

/**
 * With the page's scripts off, timers never fire (promises still settle): for code that waits on a timer (axe
 * does), the isolated world's own setTimeout and requestAnimationFrame run their callback on the next microtask.
 * The page's own world is not touched.
 */
const timersShim = `(() => {
  const soon = (fn, ...args) => { Promise.resolve().then(() => { if (typeof fn === 'function') fn(...args); }); return 0; };
  window.setTimeout = soon; window.clearTimeout = () => {};
  window.requestAnimationFrame = fn => soon(fn, performance.now()); window.cancelAnimationFrame = () => {};
})();
`;

function cdpOf(page: Page): Promise<CDPSession> {
  let session = sessions.get(page);
  if (!session) {
    session = page.context().newCDPSession(page);
    sessions.set(page, session);
  }
  return session;
}

/**
 * Evaluates `expression` (source text; a promise is awaited) in a fresh isolated world of the page's main frame
 * and returns its value (JSON-serialisable). The page's scripts may be off; its DOM, styles and layout are the
 * real ones.
 */
export async function inPage<T>(page: Page, expression: string): Promise<T> {
  const cdp = await cdpOf(page);
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const { executionContextId } = await cdp.send('Page.createIsolatedWorld', {
    frameId: frameTree.frame.id,
    worldName: 'banshi-e2e'
  });
  const source = scriptsOff.has(page) ? timersShim + expression : expression;
  const answer = await cdp.send('Runtime.evaluate', {
    expression: source,
    contextId: executionContextId,
    awaitPromise: true,
    returnByValue: true
  });
  if (answer.exceptionDetails) {
    const d = answer.exceptionDetails;
    throw new Error(`in ${page.url()}: ${d.exception?.description ?? d.text}`);
  }
  return answer.result.value as T;
}

// --- accessibility --------------------------------------------------------------------------------------------

/** The rule sets the hall is held to: WCAG 2.0 and 2.1, levels A and AA. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: string[]; summary: string; html: string }>;
}

export interface AxeReport {
  url: string;
  violations: AxeViolation[];
  /** How many rules found nothing wrong (a report with no rule run at all would prove nothing). */
  passes: number;
  /** Rules axe could not decide alone (e.g. contrast over a background image): to look at by hand. */
  incomplete: Array<{ id: string; help: string; targets: string[] }>;
}

/**
 * Runs axe-core on the page as it is: its source and the run are evaluated together in an isolated world of the
 * page (`inPage`), which the page's Content-Security-Policy (default-src 'self') does not govern, so the page keeps
 * its real headers and no inline script is added to it. Works with the page's JavaScript off too.
 */
export async function axeReport(page: Page, exclude: string[] = []): Promise<AxeReport> {
  // Parts of a page that are a third party's widget and checked on their own (Monaco's internals: its landmark is ours).
  const context = JSON.stringify(exclude.length > 0 ? { exclude: exclude.map(selector => [selector]) } : 'document');
  const options = JSON.stringify({
    runOnly: { type: 'tag', values: wcagTags },
    resultTypes: ['violations', 'incomplete']
  });
  return inPage<AxeReport>(
    page,
    `${axeSource}
;(async () => {
    const context = ${context};
    const r = await window.axe.run(context === 'document' ? document : context, ${options});
    const targets = node => node.target.map(t => Array.isArray(t) ? t.join(' >>> ') : String(t));
    return {
      url: r.url,
      passes: r.passes.length,
      violations: r.violations.map(v => ({
        id: v.id, impact: v.impact ?? null, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map(n => ({ target: targets(n), summary: n.failureSummary ?? '', html: n.html }))
      })),
      incomplete: r.incomplete.map(v => ({ id: v.id, help: v.help, targets: v.nodes.flatMap(targets) }))
    };
  })()`
  );
}

/** A report's violations as lines a person can act on: rule, impact, help, and each element's selector. */
export function formatViolations(report: AxeReport, label: string): string {
  const lines = [`${label}: ${report.violations.length} WCAG 2.1 A/AA violation(s) (axe-core) on ${report.url}`];
  for (const v of report.violations) {
    lines.push(`  - ${v.id} (${v.impact ?? 'no impact given'}): ${v.help}  [${v.helpUrl}]`);
    for (const n of v.nodes) {
      lines.push(`      ${n.target.join(', ')}`);
      lines.push(`        ${n.html.replace(/\s+/g, ' ').slice(0, 160)}`);
      for (const s of n.summary
        .split('\n')
        .map(l => l.trim())
        .filter(l => l && !/^Fix (any|all) of the following:$/.test(l)))
        lines.push(`        ${s}`);
    }
  }
  return lines.join('\n');
}

/** Fails (with every violation's id, help and target selectors, also on stderr) if axe finds a WCAG 2.1 A/AA violation. */
export async function expectNoAxeViolations(page: Page, label: string, exclude: string[] = []): Promise<AxeReport> {
  const report = await axeReport(page, exclude);
  if (report.passes === 0) throw new Error(`${label}: axe ran no rule on ${report.url}; the check proves nothing`);
  if (report.violations.length > 0) {
    const message = formatViolations(report, label);
    process.stderr.write(`${message}\n`);
    throw new Error(message);
  }
  return report;
}

// --- layout ---------------------------------------------------------------------------------------------------

export interface Overflow {
  viewport: number;
  scrollWidth: number;
  /** The elements that stick out past the right edge, outside any scrolling box (selector, right edge in px). */
  culprits: Array<{ selector: string; right: number }>;
}

const overflowScript = `(() => {
  const viewport = document.documentElement.clientWidth;
  const scrollWidth = Math.max(document.documentElement.scrollWidth, document.body ? document.body.scrollWidth : 0);
  const culprits = [];
  const scrolls = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true; } return false; };
  const name = el => { let s = el.tagName.toLowerCase(); if (el.id) return s + '#' + el.id; if (el.classList.length) s += '.' + [...el.classList].join('.'); const p = el.parentElement; if (p) { const same = [...p.children].filter(c => c.tagName === el.tagName); if (same.length > 1) s += ':nth-of-type(' + (same.indexOf(el) + 1) + ')'; } return s; };
  const path = el => { const parts = []; for (let e = el; e && e !== document.documentElement && parts.length < 5; e = e.parentElement) { parts.unshift(name(e)); if (e.id) break; } return parts.join(' > '); };
  if (scrollWidth > viewport) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > viewport + 0.5 && !scrolls(el)) culprits.push({ selector: path(el), right: Math.round(r.right) });
    }
  }
  return { viewport, scrollWidth, culprits: culprits.slice(0, 10) };
})()`;

/** How far the page is wider than its viewport, and what makes it so. */
export function overflowOf(page: Page): Promise<Overflow> {
  return inPage<Overflow>(page, overflowScript);
}

/**
 * Fails if the page scrolls sideways at its viewport width (360 px for a phone: WCAG 1.4.10 asks for 320), naming
 * the elements that stick out. Tables inside a scrolling wrapper (`.table-wrap`) are allowed to scroll themselves.
 */
export async function expectFitsWidth(page: Page, label = page.url()): Promise<void> {
  const o = await overflowOf(page);
  if (o.scrollWidth > o.viewport) {
    throw new Error(
      `${label}: the page is ${o.scrollWidth} px wide in a ${o.viewport} px viewport; sticking out:\n${o.culprits.map(c => `  - ${c.selector} (right edge at ${c.right} px)`).join('\n') || '  (no single element found)'}`
    );
  }
}

// --- keyboard -------------------------------------------------------------------------------------------------

/** What has the keyboard focus: tag, id, text (first 40 characters) and whether it is inside `main`. */
export interface Focused {
  tag: string;
  id: string;
  text: string;
  href: string | null;
  inMain: boolean;
}

export function focused(page: Page): Promise<Focused> {
  return inPage<Focused>(
    page,
    `(() => {
    const el = document.activeElement || document.body;
    return { tag: el.tagName.toLowerCase(), id: el.id || '', text: (el.textContent || '').trim().slice(0, 40), href: el.getAttribute('href'), inMain: Boolean(el.closest('main')) };
  })()`
  );
}

/** Presses Tab and returns what has the focus then. */
export async function tab(page: Page): Promise<Focused> {
  await page.keyboard.press('Tab');
  return focused(page);
}
