/**
 * What the studio bench runs inside the page, as source text (tsx's compiled functions carry helpers the page does
 * not have). Times are the page's own `performance.now()`, whose origin is the navigation's start.
 */

/** What the init probe records on `window.__studioBench` while the edit page opens and is used. */
export interface PageTimes {
  /** The editor is ready: diagnostics checked against the whole catalogue are on the status line. */
  ready: number | null;
  /** The status line first shows a diagnostics count (the server's, before the worker has checked anything). */
  firstStatus: number | null;
  /** Monaco's editor is in the page. */
  editor: number | null;
  /** The language server's worker was created. */
  worker: number | null;
  /** The page sent the catalogue to the worker, and the worker said it had parsed and linked it (its own ms). */
  cataloguePosted: number | null;
  catalogueLoaded: { at: number; files: number; ms: number } | null;
  /** Every `banshi/compiled` notification the page received: when, and the worker's own ms from the change. */
  compiled: Array<{ at: number; uri: string; version: number; errors: number; ms: number }>;
}

/**
 * Installed with `addInitScript` before the page's own scripts: wraps `Worker` to see the studio's notifications
 * (the language client reads them beside Monaco's LSP client on the same port), and watches the status line for
 * the moment the editor is ready: no "正在载入目录…" any more, a diagnostics count shown, a compile notification
 * arrived ("最近一次检查用时"), and Monaco's input area present.
 */
export const initProbe = `(() => {
  if (window.top !== window || window.__studioBench) return;
  const state = { ready: null, firstStatus: null, editor: null, worker: null, cataloguePosted: null, catalogueLoaded: null, compiled: [] };
  window.__studioBench = state;
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      if (state.worker === null) state.worker = performance.now();
      this.addEventListener('message', event => {
        const m = event.data;
        if (!m || typeof m !== 'object') return;
        if (m.method === 'banshi/catalogueLoaded') state.catalogueLoaded = { at: performance.now(), files: m.params.files, ms: m.params.ms };
        else if (m.method === 'banshi/compiled') {
          state.compiled.push({ at: performance.now(), uri: m.params.uri, version: m.params.version, errors: m.params.errors, ms: m.params.ms });
          if (state.compiled.length > 200) state.compiled.shift();
        }
      });
    }
    postMessage(message, ...rest) {
      if (message && message.method === 'banshi/catalogue') state.cataloguePosted = performance.now();
      return super.postMessage(message, ...rest);
    }
  };
  const diagnostics = /无错误|\\d+ 个错误/;
  const check = () => {
    const now = performance.now();
    if (state.editor === null && document.querySelector('.monaco-editor')) state.editor = now;
    const status = document.querySelector('.bar .status');
    if (!status) return;
    const text = status.textContent;
    if (!diagnostics.test(text)) return;
    if (state.firstStatus === null) state.firstStatus = now;
    if (/正在载入目录|目录载入失败/.test(text)) return;
    const took = document.querySelector('.right .small');
    if (!took || !took.textContent.includes('最近一次检查用时')) return;
    if (!document.querySelector('.monaco-editor textarea')) return;
    state.ready = now;
    observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, characterData: true });
})();`;

/** Reads the init probe's record. */
export const readTimes = `window.__studioBench`;

/**
 * Arms a measurement of the next character typed: from that keydown's timestamp to the first moment `target`
 * matches — the status line's text (`kind: 'status'`), or the guide preview's 承诺时限 (`kind: 'preview'`, looked
 * at on every mutation of the page, every frame, and when the preview frame loads). Resolves on
 * `window.__studioKey` with the milliseconds, and the compile notification's arrival for the split.
 */
export function armKey(kind: 'status' | 'preview', target: string): string {
  return `(() => {
  const target = new RegExp(${JSON.stringify(target)});
  const kind = ${JSON.stringify(kind)};
  const state = window.__studioBench;
  const status = document.querySelector('.bar .status');
  const read = () => {
    if (kind === 'status') return status.textContent;
    const frame = document.querySelector('iframe[title="办事指南预览"]');
    const doc = frame && frame.contentDocument;
    if (!doc) return '';
    const dt = [...doc.querySelectorAll('dt')].find(d => d.textContent.includes('承诺时限'));
    const dd = dt && dt.nextElementSibling;
    return dd ? dd.textContent : '';
  };
  if (target.test(read())) throw new Error('already showing ' + target);
  window.__studioKey = new Promise((resolve, reject) => {
    let pressed = null;
    let compiledBefore = state.compiled.length;
    let done = false;
    let srcdocAt = null;
    const finish = records => {
      if (srcdocAt === null && pressed !== null && Array.isArray(records) && records.some(r => r.attributeName === 'srcdoc')) srcdocAt = performance.now() - pressed;
      if (done || pressed === null || !target.test(read())) return;
      done = true;
      const at = performance.now();
      observer.disconnect();
      removeEventListener('keydown', onKey, true);
      clearTimeout(timeout);
      // The edited file's result: shared files opened beside it stay at version 1.
      const compiled = state.compiled.slice(compiledBefore).find(c => c.at >= pressed && c.version > 1) || null;
      const previews = performance.getEntriesByType('resource').filter(r => r.name.includes('/hall/preview/guide') && r.startTime >= pressed);
      const post = previews[0] ? { start: previews[0].startTime - pressed, end: previews[0].responseEnd - pressed } : null;
      resolve({ ms: at - pressed, srcdocAt, compiledAt: compiled ? compiled.at - pressed : null, workerMs: compiled ? compiled.ms : null, post });
    };
    const onKey = event => {
      if (pressed === null && event.key.length === 1) { pressed = event.timeStamp; compiledBefore = state.compiled.length; }
    };
    addEventListener('keydown', onKey, true);
    const observer = new MutationObserver(finish);
    observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: kind === 'preview' });
    if (kind === 'preview') {
      const frame = () => { if (!done) { finish(); requestAnimationFrame(frame); } };
      requestAnimationFrame(frame);
      document.addEventListener('load', finish, true);
    }
    const timeout = setTimeout(() => reject(new Error('no ' + target + ' within 30 s; showing ' + read())), 30000);
  });
})()`;
}
