import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { streamSSE } from 'hono/streaming';
import { describe, expect, it } from 'vitest';
import { compression, observeRequests, revalidation, weakTag } from './http.ts';
import { jsonLogger } from './log.ts';
import { Metrics } from './metrics.ts';

const guide = `<!DOCTYPE html><h1>办事指南</h1>${'<p>申请材料</p>'.repeat(300)}`;
const big = { matters: Array.from({ length: 200 }, (_, i) => ({ code: `M${i}`, name: `事项 ${i}` })) };

/** The app's own middleware order (app.ts) over routes shaped like the runtime's answers. */
function app() {
  const lines: string[] = [];
  const metrics = new Metrics();
  const a = new Hono<{ Variables: { requestId: string } }>();
  a.use('*', requestId());
  a.use('*', observeRequests({ log: jsonLogger(line => lines.push(line)), metrics }));
  a.use('*', compression({ maxBytes: 64 * 1024 }));
  a.use('*', revalidation());
  a.get('/api/matters', c => c.json(big));
  a.get('/hall/guide', c => c.html(guide, 200, { etag: weakTag(guide) }));
  a.get('/hall/guide-untagged', c => c.html(guide));
  a.get('/hall/pages/:n', c => {
    // Some 7 KB gzipped: forty of them are four times what the test's store keeps.
    const n = c.req.param('n');
    const text = Array.from({ length: 200 }, (_, i) => createHash('sha256').update(`${n}-${i}`).digest('hex'));
    const html = `<h1>第 ${n} 页</h1><p>${text.join('')}</p>`;
    return c.html(html, 200, { etag: weakTag(html) });
  });
  a.get('/hall/sign-in-tagged', c => {
    const html = `<form><input name="csrf" value="abc">${'登录 '.repeat(400)}</form>`;
    c.header('set-cookie', 'banshi_csrf=abc; Path=/; HttpOnly');
    return c.html(html, 200, { etag: weakTag(html) });
  });
  a.get('/hall/tiny', c => c.html('<p>小</p>', 200, { etag: weakTag('<p>小</p>') }));
  a.get('/api/cases/:id', c => c.json({ id: c.req.param('id'), padding: 'x'.repeat(2000) }));
  a.get('/hall/private', c => c.html(`<p>${'已登录 '.repeat(400)}</p>`, 200, { 'cache-control': 'no-store' }));
  a.get('/hall/sign-in', c => {
    c.header('set-cookie', 'banshi_csrf=abc; Path=/; HttpOnly');
    // Past 4 KB, as the hall's pages are: compressed though drawn for one request.
    return c.html(`<form><input name="csrf" value="abc">${'登录 '.repeat(800)}</form>`);
  });
  a.get('/files/report.csv', c =>
    c.body('号码,名称\n'.repeat(500), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="report.csv"'
    })
  );
  a.get('/files/scan.pdf', c => c.body(new Uint8Array(4096).fill(37), 200, { 'content-type': 'application/pdf' }));
  a.post('/api/cases/:id/commands', c =>
    c.json({ id: c.req.param('id'), status: 'accepted', padding: '受理'.repeat(800) })
  );
  a.post('/api/cases/:id/notes', c => c.json({ id: c.req.param('id'), padding: '意见'.repeat(400) }));
  a.get('/hall/track', c => c.html(`<p>${'办件进度 '.repeat(400)}</p>`, 404, { 'cache-control': 'no-store' }));
  a.get('/api/export', c => c.json({ rows: Array.from({ length: 20_000 }, (_, i) => ({ n: i, name: `第 ${i} 行` })) }));
  a.get('/files/notes.txt', c =>
    c.body('材料说明\n'.repeat(500), 200, { 'content-type': 'text/plain; charset=utf-8', etag: '"sha256-notes"' })
  );
  a.get('/files/huge.txt', c =>
    c.body('x'.repeat(2048), 200, { 'content-type': 'text/plain', 'content-length': String(32 * 1024 * 1024) })
  );
  a.get('/hall/feed', c =>
    c.body(`<p>${'动态 '.repeat(400)}</p>`, 200, { 'content-type': 'text/html', 'cache-control': 'no-transform' })
  );
  a.get('/events', c =>
    streamSSE(c, async stream => {
      await stream.writeSSE({ data: 'first' });
      // Stays open as a live feed does; the test reads the first event and goes.
      await new Promise(resolve => setTimeout(resolve, 60_000));
    })
  );
  return { a, lines, metrics };
}

describe('request ids (hono/request-id)', () => {
  it('answers with X-Request-Id: the caller’s plain token kept, anything else replaced by a new one', async () => {
    const { a, lines } = app();
    const kept = await a.request('/api/matters', { headers: { 'x-request-id': 'lb-7f3a-0001' } });
    expect(kept.headers.get('x-request-id')).toBe('lb-7f3a-0001');
    const replaced = await a.request('/api/matters', { headers: { 'x-request-id': 'two words; drop table' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const fresh = await a.request('/api/matters');
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(fresh.headers.get('x-request-id')).not.toBe(replaced.headers.get('x-request-id'));
    // Every request is one log record carrying the id it was answered with.
    const records = lines.map(l => JSON.parse(l));
    expect(records.map(r => r.requestId)).toEqual([
      'lb-7f3a-0001',
      replaced.headers.get('x-request-id'),
      fresh.headers.get('x-request-id')
    ]);
    expect(records[0]).toMatchObject({
      level: 'info',
      msg: 'request',
      method: 'GET',
      route: '/api/matters',
      status: 200
    });
  });
});

describe('metrics by route pattern', () => {
  it('label a request with the route’s pattern and its status class, never the ID in its path', async () => {
    const { a, metrics } = app();
    await a.request('/api/cases/0b9e6c1e-4f7e-4a43-9e3a-5d2b1c0a9f11');
    await a.request('/api/cases/110101199003071234');
    await a.request('/nowhere');
    const text = await metrics.render();
    expect(text).toContain('banshi_http_requests_total{method="GET",route="/api/cases/:id",status="200"} 2');
    expect(text).toMatch(
      /banshi_http_request_duration_seconds_count\{method="GET",route="\/api\/cases\/:id",status_class="2xx"\} 2/
    );
    expect(text).toMatch(/banshi_http_requests_total\{method="GET",route="\/\*",status="404"\} 1/);
    expect(text).not.toContain('0b9e6c1e');
    expect(text).not.toContain('110101');
  });
});

describe('compression and revalidation (hono/etag)', () => {
  it('gzips JSON when asked, and sends it plain otherwise', async () => {
    const { a } = app();
    const zipped = await a.request('/api/matters', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toMatch(/accept-encoding/i);
    const bytes = Buffer.from(await zipped.arrayBuffer());
    expect(JSON.parse(gunzipSync(bytes).toString('utf8'))).toEqual(big);
    expect(bytes.length).toBeLessThan(JSON.stringify(big).length / 3);
    const plain = await a.request('/api/matters');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.json()).toEqual(big);
  });

  it('tags JSON with a weak ETag and answers 304 to If-None-Match, compressed or not', async () => {
    const { a } = app();
    const first = await a.request('/api/matters', { headers: { 'accept-encoding': 'gzip' } });
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^W\/"[0-9a-f]+"$/);
    const plain = await a.request('/api/matters');
    expect(plain.headers.get('etag')).toBe(tag);
    const again = await a.request('/api/matters', { headers: { 'if-none-match': tag!, 'accept-encoding': 'gzip' } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(tag);
    const changed = await a.request('/api/matters', { headers: { 'if-none-match': 'W/"0000"' } });
    expect(changed.status).toBe(200);
  });

  it('takes a page’s own tag (weakTag) as the one it would have computed, and answers 304 to it', async () => {
    const { a } = app();
    const tagged = await a.request('/hall/guide');
    const untagged = await a.request('/hall/guide-untagged');
    expect(tagged.headers.get('etag')).toBe(weakTag(guide));
    expect(untagged.headers.get('etag')).toBe(tagged.headers.get('etag'));
    const again = await a.request('/hall/guide', {
      headers: { 'if-none-match': weakTag(guide), 'accept-encoding': 'gzip' }
    });
    expect(again.status).toBe(304);
    const zipped = await a.request('/hall/guide', { headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers.get('etag')).toBe(weakTag(guide));
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString('utf8')).toBe(guide);
  });

  it('gzips a tagged answer once per tag, keeps the newest within its bytes, and sends small ones plain', async () => {
    const { a } = app();
    const gzip = { 'accept-encoding': 'deflate;q=0.5, gzip' };
    const first = await a.request('/hall/pages/1', { headers: gzip });
    expect(first.headers.get('content-encoding')).toBe('gzip');
    const bytes = Buffer.from(await first.arrayBuffer());
    expect(first.headers.get('content-length')).toBe(String(bytes.length));
    const page1 = gunzipSync(bytes).toString('utf8');
    expect(weakTag(page1)).toBe(first.headers.get('etag'));
    const second = await a.request('/hall/pages/1', { headers: gzip });
    expect(Buffer.from(await second.arrayBuffer()).equals(bytes)).toBe(true);
    expect(second.headers.get('vary')).toBe('Accept-Encoding');
    // Refused gzip (q=0), or none asked for: the page as it is.
    for (const headers of [{ 'accept-encoding': 'gzip;q=0, identity' }, {}] as Array<Record<string, string>>) {
      const plain = await a.request('/hall/pages/1', { headers });
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(await plain.text()).toBe(page1);
    }
    expect(
      (await a.request('/hall/pages/1', { headers: { 'accept-encoding': '*' } })).headers.get('content-encoding')
    ).toBe('gzip');
    // Many pages through a small store: each still right, whether kept or made again.
    for (let n = 2; n <= 40; n++) {
      const page = await a.request(`/hall/pages/${n}`, { headers: gzip });
      expect(gunzipSync(Buffer.from(await page.arrayBuffer())).toString('utf8')).toContain(`第 ${n} 页`);
    }
    const again = await a.request('/hall/pages/1', { headers: gzip });
    expect(gunzipSync(Buffer.from(await again.arrayBuffer())).toString('utf8')).toBe(page1);
    const tiny = await a.request('/hall/tiny', { headers: gzip });
    expect(tiny.headers.get('content-encoding')).toBeNull();
    expect(await tiny.text()).toBe('<p>小</p>');
    const head = await a.request('/hall/pages/1', { method: 'HEAD', headers: gzip });
    expect(head.status).toBe(200);
  });

  it('compresses an answer made for one request at zlib’s fastest level, and one kept by its tag at the default', async () => {
    const { a } = app();
    const gzip = { 'accept-encoding': 'gzip' };
    const answer = await a.request('/api/cases/7/commands', { method: 'POST', headers: gzip });
    const body = JSON.stringify({ id: '7', status: 'accepted', padding: '受理'.repeat(800) });
    const sent = Buffer.from(await answer.arrayBuffer());
    expect(sent.equals(gzipSync(body, { level: 1 }))).toBe(true);
    expect(sent.equals(gzipSync(body))).toBe(false);
    const page = await a.request('/hall/pages/3', { headers: gzip });
    const kept = Buffer.from(await page.arrayBuffer());
    expect(kept.equals(gzipSync(gunzipSync(kept)))).toBe(true);
  });

  it('gzips what is not tagged too: a command’s answer, a 404 page, a long export, each in one piece', async () => {
    const { a } = app();
    const gzip = { 'accept-encoding': 'gzip, deflate, br' };
    const command = await a.request('/api/cases/c1/commands', { method: 'POST', headers: gzip });
    expect(command.headers.get('content-encoding')).toBe('gzip');
    const commandBytes = Buffer.from(await command.arrayBuffer());
    expect(command.headers.get('content-length')).toBe(String(commandBytes.length));
    expect(JSON.parse(gunzipSync(commandBytes).toString('utf8'))).toMatchObject({ id: 'c1', status: 'accepted' });
    const track = await a.request('/hall/track', { headers: gzip });
    expect(track.status).toBe(404);
    expect(track.headers.get('content-encoding')).toBe('gzip');
    expect(track.headers.get('cache-control')).toBe('no-store');
    expect(gunzipSync(Buffer.from(await track.arrayBuffer())).toString('utf8')).toContain('办件进度');
    // Past the size compressed on the event loop: compressed on the thread pool, the same bytes once unzipped.
    const plainExport = await (await a.request('/api/export')).text();
    expect(plainExport.length).toBeGreaterThan(256 * 1024);
    const zippedExport = await a.request('/api/export', { headers: gzip });
    expect(zippedExport.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await zippedExport.arrayBuffer())).toString('utf8')).toBe(plainExport);
  });

  it('sends an answer made for one request plain under 4 KB, and still gzips a tagged one from 1 KB', async () => {
    const { a } = app();
    const gzip = { 'accept-encoding': 'gzip' };
    const note = await a.request('/api/cases/c2/notes', { method: 'POST', headers: gzip });
    const plain = JSON.stringify({ id: 'c2', padding: '意见'.repeat(400) });
    expect(Buffer.byteLength(plain)).toBeGreaterThan(2048);
    expect(note.headers.get('content-encoding')).toBeNull();
    expect(note.headers.get('vary')).toBe('Accept-Encoding');
    expect(note.headers.get('content-length')).toBe(String(Buffer.byteLength(plain)));
    expect(await note.text()).toBe(plain);
    // The same size tagged (a GET of JSON is): compressed once, kept, sent compressed.
    const tagged = await a.request('/api/cases/c3', { headers: gzip });
    expect(tagged.headers.get('etag')).toMatch(/^W\//);
    expect(tagged.headers.get('content-encoding')).toBe('gzip');
  });

  it('weakens a strong ETag it compresses, and leaves no-transform answers and over-long bodies alone', async () => {
    const { a } = app();
    const gzip = { 'accept-encoding': 'gzip' };
    const notes = await a.request('/files/notes.txt', { headers: gzip });
    expect(notes.headers.get('content-encoding')).toBe('gzip');
    expect(notes.headers.get('etag')).toBe('W/"sha256-notes"');
    expect((await a.request('/files/notes.txt')).headers.get('etag')).toBe('"sha256-notes"');
    const feed = await a.request('/hall/feed', { headers: gzip });
    expect(feed.headers.get('content-encoding')).toBeNull();
    expect(await feed.text()).toContain('动态');
    const huge = await a.request('/files/huge.txt', { headers: gzip });
    expect(huge.headers.get('content-encoding')).toBeNull();
    expect(huge.headers.get('content-length')).toBe(String(32 * 1024 * 1024));
  });

  it('says Vary: Accept-Encoding once on what may be compressed, compressed or not, and not on a PDF', async () => {
    const { a } = app();
    for (const encoding of ['gzip', 'identity']) {
      for (const path of ['/api/matters', '/hall/guide', '/hall/private']) {
        const response = await a.request(path, { headers: { 'accept-encoding': encoding } });
        expect(response.headers.get('vary'), `${path} ${encoding}`).toBe('Accept-Encoding');
      }
    }
    const pdf = await a.request('/files/scan.pdf', { headers: { 'accept-encoding': 'gzip' } });
    expect(pdf.headers.get('vary')).toBeNull();
  });

  it('leaves event streams open and unbuffered: no ETag, no compression', async () => {
    const { a } = app();
    const response = await a.request('/events', {
      headers: { 'accept-encoding': 'gzip', accept: 'text/event-stream' }
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('etag')).toBeNull();
    expect(response.headers.get('content-encoding')).toBeNull();
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain('data: first');
    await reader.cancel();
  });

  it('does not tag downloads, PDFs, no-store pages or answers that set a cookie', async () => {
    const { a } = app();
    for (const path of [
      '/files/report.csv',
      '/files/scan.pdf',
      '/hall/private',
      '/hall/sign-in',
      '/hall/sign-in-tagged'
    ]) {
      const response = await a.request(path, { headers: { 'accept-encoding': 'gzip' } });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('etag'), path).toBeNull();
      // A 304 would drop the Set-Cookie that carries the form's CSRF pair.
      const again = await a.request(path, { headers: { 'if-none-match': '"anything"' } });
      expect(again.status, path).toBe(200);
    }
    const signIn = await a.request('/hall/sign-in', { headers: { 'accept-encoding': 'gzip' } });
    expect(signIn.headers.get('set-cookie')).toContain('banshi_csrf=abc');
    expect(gunzipSync(Buffer.from(await signIn.arrayBuffer())).toString()).toContain('value="abc"');
    const pdf = await a.request('/files/scan.pdf', { headers: { 'accept-encoding': 'gzip' } });
    expect(pdf.headers.get('content-encoding')).toBeNull();
    expect((await pdf.arrayBuffer()).byteLength).toBe(4096);
  });
});
