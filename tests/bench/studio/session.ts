/**
 * The studio bench's fixtures: a runtime with a draft to edit, browser contexts signed in as the demo author, and
 * the bytes a page received, counted through the DevTools protocol.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { demoPassword, openBrowser, type Hall } from '../../support/browser-harness.ts';
import { authenticatorCode } from '../../support/runtime-process.ts';
import type { HttpUser } from '../../support/runtime-process.ts';
import { initProbe, readTimes, type PageTimes } from './probes.ts';

/** A draft made for the bench: its code, and the text the editor opens with. */
export interface Draft {
  code: string;
  version: number;
  source: string;
  definition: unknown;
}

/** Saves `source` as a new draft (the author's department must be the matter's), returning it as the studio reads it. */
export async function makeDraft(author: HttpUser, source: string, path?: string): Promise<Draft> {
  const made = await author.post('/api/studio/drafts', { source, ...(path ? { path } : {}) });
  if (made.status !== 201 && made.status !== 200)
    throw new Error(`draft refused: ${made.status} ${JSON.stringify(made.body).slice(0, 400)}`);
  const code = made.body.code as string;
  const version = made.body.version as number;
  const read = await author.get(`/api/studio/matters/${code}/versions/${version}`);
  if (read.status !== 200) throw new Error(`draft ${code}@${version} unreadable: ${read.status}`);
  if (!read.body.definition) throw new Error(`draft ${code}@${version} does not compile on the server`);
  return { code, version, source: read.body.source, definition: read.body.definition };
}

/** A draft of a published matter, from its published text (as "基于现行版本起草变更" makes one). */
export async function draftOfPublished(author: HttpUser, code: string): Promise<Draft> {
  const list = await author.get(`/api/studio/matters?code=${code}&limit=50`);
  const live = (list.body.items as Array<{ version: number; state: string }>).find(v => v.state === 'published');
  if (!live) throw new Error(`${code} has no published version`);
  const read = await author.get(`/api/studio/matters/${code}/versions/${live.version}`);
  return makeDraft(author, read.body.source as string, read.body.path as string);
}

/** A fresh browser context (empty cache, its own cookies), zh-CN, signed in as `login` when given. */
export async function freshContext(hall: Hall, login?: string): Promise<BrowserContext> {
  const browser = await openBrowser();
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL: hall.url
  });
  if (login) {
    const answer = await context.request.post(`${hall.url}/api/auth/login`, {
      data: { login, password: demoPassword, code: await authenticatorCode(hall.url, login) },
      headers: { origin: hall.url }
    });
    if (!answer.ok()) throw new Error(`sign-in as ${login} failed: ${answer.status()}`);
  }
  await context.addInitScript({ content: initProbe });
  return context;
}

/** One response as the network saw it. */
export interface Received {
  url: string;
  type: string;
  status: number;
  encoding: string;
  /** Bytes on the wire: the response's headers and its body as sent (compressed when it was). */
  wire: number;
  /** Body bytes after decoding. */
  decoded: number;
  /** When the response finished, in ms since the navigation's start (the page's time origin). */
  finished: number;
}

/**
 * Counts every response of the page, its workers' included (Playwright reports a dedicated worker's requests to
 * its page; the DevTools protocol's Network domain on the page alone does not see them).
 */
export class NetworkLog {
  readonly received: Received[] = [];
  private waiting: Array<Promise<void>> = [];
  private origin = 0;

  static attach(page: Page): NetworkLog {
    const log = new NetworkLog();
    page.on('requestfinished', request => {
      log.waiting.push(
        (async () => {
          const response = await request.response();
          if (!response) return;
          const sizes = await request.sizes();
          const body = await response.body().catch(() => Buffer.alloc(0));
          const timing = request.timing();
          const headers = await response.allHeaders();
          // For a worker's script Playwright reports no body size: the Content-Length the server sent is the body.
          const sent = sizes.responseBodySize || Number(headers['content-length'] ?? 0) || body.length;
          log.received.push({
            url: request.url(),
            type: request.resourceType(),
            status: response.status(),
            encoding: headers['content-encoding'] ?? '',
            wire: sizes.responseHeadersSize + sent,
            decoded: body.length,
            finished: timing.startTime + timing.responseEnd
          });
        })().catch(() => {
          // A response still being read when its page closed (after the measurement): not counted.
        })
      );
    });
    return log;
  }

  /** Reads the page's time origin, to put responses on its clock. */
  async settle(page: Page): Promise<void> {
    this.origin = (await page.evaluate('performance.timeOrigin')) as number;
    await Promise.all(this.waiting);
  }

  /** The responses finished within `ms` of the navigation's start. */
  before(ms: number): Received[] {
    return this.received.filter(r => r.finished - this.origin <= ms);
  }

  at(r: Received): number {
    return r.finished - this.origin;
  }
}

/** Opens `path` in a new page of `context` and waits until the editor is ready; the page's times and bytes. */
export async function openEditor(
  context: BrowserContext,
  path: string,
  timeoutMs = 60_000
): Promise<{ page: Page; times: PageTimes; network: NetworkLog }> {
  const page = await context.newPage();
  const network = NetworkLog.attach(page);
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(error.message));
  await page.goto(path, { waitUntil: 'commit' });
  // Polled in the page (a string evaluated by the protocol: the studio's CSP forbids Playwright's eval-based waits).
  const times = (await page
    .evaluate(
      `new Promise((resolve, reject) => {
    const until = performance.now() + ${timeoutMs};
    const poll = () => {
      const t = ${readTimes};
      if (t && t.ready !== null) resolve(t);
      else if (performance.now() > until) reject(new Error('the editor was not ready within ${timeoutMs} ms'));
      else setTimeout(poll, 20);
    };
    poll();
  })`
    )
    .catch((error: Error) => {
      throw new Error(`${error.message}; the page's errors: ${errors.join('; ') || 'none'}`);
    })) as PageTimes;
  await network.settle(page);
  return { page, times, network };
}

/** Opens a hall page in a new page of `context`: navigation start to the load event's end, and its bytes. */
export async function openHallPage(
  context: BrowserContext,
  path: string
): Promise<{ page: Page; loadMs: number; network: NetworkLog }> {
  const page = await context.newPage();
  const network = NetworkLog.attach(page);
  await page.goto(path, { waitUntil: 'load' });
  const loadMs = (await page.evaluate(`performance.getEntriesByType('navigation')[0].loadEventEnd`)) as number;
  await network.settle(page);
  return { page, loadMs, network };
}
