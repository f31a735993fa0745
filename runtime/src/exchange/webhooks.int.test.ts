import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../testing/database.ts';
import { at, loadCatalog } from '../testing/catalog.ts';
import { openTestApp, type Client, type TestApp } from '../testing/http.ts';
import { uploadRequired } from '../testing/materials.ts';
import { answersFor } from '../testing/scenario.ts';
import { inboxChannel, logChannel } from '../platform/worker/channels.ts';
import { Worker } from '../platform/worker/worker.ts';
import { checkWebhookUrl, maxWebhookAttempts, retryDelaysMs, WebhookBody, webhookChore } from './index.ts';

const { byName } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const organisation = '91350100M000100Y43';
const person = '11010519491231002X';
const projectName = '滨海花园二期工程';
/** What must never leave through a webhook: the applicants' identifiers, names and answers. */
const personal = [organisation, person, '李四', '厦门市示例建设有限公司', projectName, '13800000001'];

/** A receiver on 127.0.0.1 that answers each request with the next status of its script (then 200). */
class Receiver {
  readonly received: Array<{ headers: IncomingHttpHeaders; body: string; status: number }> = [];
  answers: number[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', chunk => chunks.push(chunk as Buffer));
      req.on('end', () => {
        const status = this.answers.shift() ?? 200;
        this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'no');
      });
    });
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hooks/banshi`;
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** What the receiver does first: recompute the signature over the timestamp and the raw body with the secret. */
function signatureValid(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', secret)
      .update(`${String(headers['x-banshi-timestamp'])}.${body}`)
      .digest('hex')}`
  );
  const given = Buffer.from(String(headers['x-banshi-signature']));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('webhook addresses (SSRF)', () => {
  const strict = { allowLoopback: false };
  const noDns = async (): Promise<string[]> => {
    throw new Error('no DNS in this test');
  };
  const publicDns = async () => ['203.0.113.10'];
  const refusedCode = async (url: string, policy = strict, resolve: (host: string) => Promise<string[]> = noDns) =>
    checkWebhookUrl(url, policy, resolve).then(
      () => 'accepted',
      (e: { code: string; message: string }) => {
        expect(e.message).toMatch(/[\u4e00-\u9fa5]/);
        return e.code;
      }
    );

  it('https to a public address is accepted; http is not, nor this machine, private networks, metadata or credentials', async () => {
    expect(await checkWebhookUrl('https://supervision.example.gov.cn/hook', strict, publicDns)).toBe(
      'https://supervision.example.gov.cn/hook'
    );
    expect(await refusedCode('http://supervision.example.gov.cn/hook', strict, publicDns)).toBe('webhook.url-scheme');
    expect(await refusedCode('ftp://203.0.113.10/hook')).toBe('webhook.url-scheme');
    expect(await refusedCode('not a url')).toBe('webhook.url-invalid');
    for (const url of [
      'http://127.0.0.1:8080/',
      'https://localhost/',
      'https://[::1]/',
      'https://10.1.2.3/',
      'https://172.20.0.1/',
      'https://192.168.1.1/',
      'https://169.254.169.254/latest/meta-data',
      'https://[::ffff:10.0.0.1]/',
      'https://[fd00::1]/'
    ])
      expect(await refusedCode(url), url).toBe('webhook.url-internal');
    // A name that points into the internal network is refused like the address itself.
    expect(await refusedCode('https://intranet.example.gov.cn/', strict, async () => ['10.0.0.7'])).toBe(
      'webhook.url-internal'
    );
    expect(await refusedCode('https://203.0.113.10:8443/', strict)).toBe('accepted');
    expect(await refusedCode('https://user:pw@203.0.113.10/')).toBe('webhook.url-credentials');
  });

  it('with loopback allowed (tests, drills): this machine over http, still no private network', async () => {
    const loose = { allowLoopback: true };
    expect(await refusedCode('http://127.0.0.1:9/x', loose)).toBe('accepted');
    expect(await refusedCode('http://10.0.0.1/x', loose)).toBe('webhook.url-internal');
    expect(await refusedCode('http://203.0.113.10/x', loose)).toBe('webhook.url-scheme');
  });
});

describe.each(dbKinds)('webhooks on %s', kind => {
  let t: TestApp;
  let exchange: Client;
  let worker: Worker;
  const receiver = new Receiver();
  let subscription: { id: string; secret: string };
  let firstCase: string;

  beforeAll(async () => {
    await receiver.start();
    t = await openTestApp(kind, { webhookLoopback: true });
    exchange = await t.as('exchange');
    const quiet = () => {};
    worker = new Worker(t.store.db, {
      handlers: {},
      channels: { inbox: inboxChannel, sms: logChannel('sms', quiet), email: logChannel('email', quiet) },
      now: () => t.clock.now,
      chores: [webhookChore(t.store.db, 'test-webhooks', { allowLoopback: true })]
    });
  });
  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  async function submit() {
    const company = await t.as(organisation);
    const answers = answersFor(permit, { 项目名称: projectName });
    const response = await company.post('/api/hall/cases', {
      matterCode: permit.code,
      channel: 'online',
      answers,
      materials: await uploadRequired(company, permit, answers)
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; caseNumber: string };
  }

  const log = async (id = subscription.id, client = exchange) => {
    const response = await client.get(`/api/exchange/webhooks/${id}/deliveries`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.deliveries as Array<{
      id: string;
      type: string;
      caseId: string;
      status: string;
      attempts: number;
      lastStatus: number | null;
      nextAttemptAt: string | null;
      log: Array<{ attempt: number; statusCode: number | null }>;
    }>;
  };

  it('who may: the exchange account subscribes and disables; the bureau reads; everyone else is denied', async () => {
    const body = { url: receiver.url, kinds: ['Submitted'] };
    for (const login of ['window', 'supervisor', 'bureau', organisation, person]) {
      const client = await t.as(login);
      expect((await client.post('/api/exchange/webhooks', body)).status, login).toBe(403);
    }
    expect((await t.anonymous.post('/api/exchange/webhooks', body)).status).toBe(401);
    for (const login of ['window', 'supervisor', 'handler']) {
      expect((await (await t.as(login)).get('/api/exchange/webhooks')).status, login).toBe(403);
    }
    expect((await t.anonymous.get('/api/exchange/webhooks')).status).toBe(401);
    expect((await (await t.as('bureau')).get('/api/exchange/webhooks')).status).toBe(200);
    const denied = await t.store.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'exchange.access' and outcome = 'denied'`
    );
    expect(denied[0]!.n).toBe(6);
  });

  it('refuses a private-network receiver in Chinese, and an unknown kind of event', async () => {
    const internal = await exchange.post('/api/exchange/webhooks', {
      url: 'https://10.0.0.8/hook',
      kinds: ['Submitted']
    });
    expect(internal.status).toBe(422);
    expect(internal.body.error.code).toBe('webhook.url-internal');
    expect(internal.body.error.message).toContain('内部网络');
    const plain = await exchange.post('/api/exchange/webhooks', {
      url: 'http://203.0.113.10/hook',
      kinds: ['Submitted']
    });
    expect(plain.status).toBe(422);
    expect(plain.body.error.message).toContain('https');
    const unknown = await exchange.post('/api/exchange/webhooks', { url: receiver.url, kinds: ['Nonsense'] });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body.error)).toContain('事件类型不正确');
  });

  it('delivers a submitted case to the receiver, signed; retries after a 500 once the backoff has passed', async () => {
    t.clock.set('2026-09-28 10:00');
    const created = await exchange.post('/api/exchange/webhooks', {
      url: receiver.url,
      kinds: ['Submitted', 'supervision.*']
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    subscription = created.body;
    // The secret is shown once: the list never carries it.
    const listed = await exchange.get('/api/exchange/webhooks');
    expect(listed.body.subscriptions.map((s: { id: string }) => s.id)).toContain(subscription.id);
    expect(JSON.stringify(listed.body)).not.toContain(subscription.secret);

    receiver.answers = [500];
    const submitted = await submit();
    firstCase = submitted.id;
    await worker.tick();
    expect(receiver.received).toHaveLength(1);
    const first = receiver.received[0]!;
    expect(first.status).toBe(500);
    expect(signatureValid(subscription.secret, first.headers, first.body)).toBe(true);
    expect(signatureValid('whsec_wrong', first.headers, first.body)).toBe(false);
    expect(first.headers['x-banshi-timestamp']).toBe(String(Math.floor(t.clock.now / 1000)));
    const body = WebhookBody.parse(JSON.parse(first.body));
    expect(body.deliveryId).toBe(first.headers['x-banshi-delivery']);
    expect(body.subscriptionId).toBe(subscription.id);
    expect(body.item).toMatchObject({ source: 'case', type: 'Submitted', caseId: submitted.id });
    expect(body.item.payload.applicantKind).toBe('organisation');
    for (const secret of personal) expect(first.body).not.toContain(secret);

    let [delivery] = await log();
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500, type: 'Submitted' });
    expect(Date.parse(delivery!.nextAttemptAt!)).toBe(t.clock.now + retryDelaysMs[0]!);

    // Not before the backoff has passed.
    t.clock.now += retryDelaysMs[0]! - 1_000;
    await worker.tick();
    expect(receiver.received).toHaveLength(1);

    t.clock.now += 1_000;
    await worker.tick();
    expect(receiver.received).toHaveLength(2);
    const second = receiver.received[1]!;
    expect(second.status).toBe(200);
    expect(second.headers['x-banshi-delivery']).toBe(first.headers['x-banshi-delivery']);
    expect(second.body).toBe(first.body);
    expect(signatureValid(subscription.secret, second.headers, second.body)).toBe(true);

    [delivery] = await log();
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200, nextAttemptAt: null });
    expect(delivery!.log.map(a => [a.attempt, a.statusCode])).toEqual([
      [1, 500],
      [2, 200]
    ]);
    // The bureau reads the same log.
    expect(await log(subscription.id, await t.as('bureau'))).toHaveLength(1);
    // A delivered item is not sent again.
    t.clock.now += 3_600_000;
    await worker.tick();
    expect(receiver.received).toHaveLength(2);
  });

  it('a 4xx answer stops the delivery without retrying', async () => {
    receiver.answers = [400];
    const submitted = await submit();
    await worker.tick();
    expect(receiver.received).toHaveLength(3);
    const [delivery] = await log();
    expect(delivery).toMatchObject({ caseId: submitted.id, status: 'failed', attempts: 1, lastStatus: 400 });
    t.clock.now += 24 * 3_600_000;
    await worker.tick();
    expect(receiver.received).toHaveLength(3);
  });

  it('supervision items reach the receiver too; a receiver that keeps answering 500 is given up after the last attempt', async () => {
    const window = await t.as('window');
    for (const type of ['passPreReview', 'confirmPaper', 'accept']) {
      const response = await window.post(`/api/office/cases/${firstCase}/commands`, { type });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
    }
    // The case runs past its promised limit, as the worker's supervision pass would find.
    await t.store.cases.executeWith(firstCase, () => 'supervise', at('2026-10-20 10:00'));
    receiver.answers = Array.from({ length: 100 }, () => 500);
    const before = receiver.received.length;
    await worker.tick();
    const supervision = (await log()).filter(d => d.type.startsWith('supervision.'));
    expect(supervision.length).toBeGreaterThan(0);
    const sent = receiver.received.slice(before);
    expect(sent).toHaveLength(supervision.length);
    for (const request of sent) {
      expect(signatureValid(subscription.secret, request.headers, request.body)).toBe(true);
      expect(WebhookBody.parse(JSON.parse(request.body)).item).toMatchObject({
        source: 'supervision',
        caseId: firstCase
      });
      for (const secret of personal) expect(request.body).not.toContain(secret);
    }
    for (let attempt = 1; attempt < maxWebhookAttempts; attempt++) {
      t.clock.now += retryDelaysMs[Math.min(attempt - 1, retryDelaysMs.length - 1)]!;
      await worker.tick();
    }
    expect(receiver.received.length - before).toBe(supervision.length * maxWebhookAttempts);
    for (const d of (await log()).filter(d => d.type.startsWith('supervision.'))) {
      expect(d).toMatchObject({ status: 'failed', attempts: maxWebhookAttempts, lastStatus: 500, nextAttemptAt: null });
      expect(d.log).toHaveLength(maxWebhookAttempts);
    }
    t.clock.now += 7 * 24 * 3_600_000;
    await worker.tick();
    expect(receiver.received.length - before).toBe(supervision.length * maxWebhookAttempts);
    receiver.answers = [];
  });

  it('another account cannot see or disable the subscription; a disabled subscription receives nothing more', async () => {
    expect((await (await t.as('window')).get(`/api/exchange/webhooks/${subscription.id}/deliveries`)).status).toBe(403);
    expect((await (await t.as('bureau')).post(`/api/exchange/webhooks/${subscription.id}/disable`)).status).toBe(403);
    const logged = (await log()).length;
    const disabled = await exchange.post(`/api/exchange/webhooks/${subscription.id}/disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.body.active).toBe(false);
    expect((await exchange.post(`/api/exchange/webhooks/${subscription.id}/disable`)).status).toBe(409);
    const received = receiver.received.length;
    await submit();
    await worker.tick();
    expect(receiver.received).toHaveLength(received);
    expect(await log()).toHaveLength(logged);
  });

  it('a receiver that cannot be reached is retried later, the error in the log', async () => {
    const closed = new Receiver();
    await closed.start();
    const url = closed.url;
    await closed.stop();
    const created = await exchange.post('/api/exchange/webhooks', { url, kinds: ['case.*'] });
    expect(created.status).toBe(201);
    await submit();
    await worker.tick();
    const deliveries = await log(created.body.id);
    expect(deliveries.length).toBeGreaterThan(0);
    for (const d of deliveries) {
      expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null });
      expect(d.log[0]!.statusCode).toBeNull();
      expect(Date.parse(d.nextAttemptAt!)).toBe(t.clock.now + retryDelaysMs[0]!);
    }
    const [first] = await t.store.db.query<{ last_error: string }>(
      `select last_error from webhook_deliveries where subscription_id = $1 limit 1`,
      [created.body.id]
    );
    expect(first!.last_error).toContain('无法连接接收方');
  });

  it('publishes the exchange format as JSON Schema, for everyone', async () => {
    const schema = await t.anonymous.get('/api/exchange/schema.json');
    expect(schema.status).toBe(200);
    expect(Object.keys(schema.body.$defs)).toEqual(['ExchangeFeedItem', 'ExchangeFeedPage', 'ExchangeWebhookBody']);
    expect(schema.body.$defs.ExchangeWebhookBody.properties.item.$ref).toBe('#/$defs/ExchangeFeedItem');
  });
});
