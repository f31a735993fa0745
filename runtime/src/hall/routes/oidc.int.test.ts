import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Provider from 'oidc-provider';
import { testIdNumber } from '../../testing/accounts.ts';
import { dbKinds } from '../../testing/database.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { Client, openTestApp, type TestApp } from '../../testing/http.ts';
import { uploadRequired } from '../../testing/materials.ts';
import { answersFor } from '../../testing/scenario.ts';

const matter = loadCatalog().byName('社会保险个人参保证明查询打印');
const password = 'abc12345678';
const redirectUrl = 'https://hall.test/hall/oidc/callback';
const clientSecret = 'a-client-secret-of-at-least-32-characters';

/** The people the provider knows, by the login typed on its (development) sign-in form. */
const people: Record<string, { name: string; idNumber: string }> = {
  holder: { name: '核验人', idNumber: testIdNumber(801) },
  newcomer: { name: '新用户', idNumber: testIdNumber(802) },
  claimed: { name: '真本人', idNumber: testIdNumber(803) },
  stranger: { name: '他人', idNumber: testIdNumber(804) }
};

/** Cookies as a browser keeps them for one site (paths ignored: every test path is under the one that set it). */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /max-age=0|expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }
  set(pair: string): void {
    const eq = pair.indexOf('=');
    this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
}

const attr = (html: string, pattern: RegExp) => pattern.exec(html)?.[1]?.replace(/&amp;/g, '&');

describe.each(dbKinds)(
  '通过省统一身份认证平台登录/核验 (OpenID Connect, a real oidc-provider on 127.0.0.1) on %s',
  kind => {
    let server: Server;
    let t: TestApp;
    let plain: TestApp;

    beforeAll(async () => {
      // The provider's issuer is its own address: listen first, then answer with it.
      server = createServer();
      await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
      const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const provider = new Provider(issuer, config());
      server.on('request', provider.callback());
      t = await openTestApp(kind, {
        oidc: {
          issuer,
          clientId: 'banshi-hall',
          clientSecret,
          redirectUrl,
          scope: 'openid profile',
          idNumberClaim: 'id_number',
          nameClaim: 'name'
        }
      });
      t.clock.set('2026-10-12 10:00');
      plain = await openTestApp(kind);
    });
    afterAll(async () => {
      await t?.close();
      await plain?.close();
      await new Promise(resolve => server?.close(resolve));
    });

    /** A hall request as the browser makes it: the jar's cookies sent, the answer's kept, redirects not followed. */
    async function hall(jar: Jar, path: string): Promise<Response> {
      const response = await t.app.request(path, { headers: { cookie: jar.header() } });
      jar.take(response);
      return response;
    }

    /**
     * From the hall's button to the provider and back: the provider's authorization endpoint, its sign-in form
     * (login `login`), its consent form, and its redirect to the callback, which is returned (not yet followed).
     */
    async function atProvider(jar: Jar, start: string, login: string): Promise<string> {
      const started = await hall(jar, start);
      expect(started.status).toBe(303);
      let url = started.headers.get('location')!;
      expect(url).toContain('code_challenge_method=S256');
      expect(url).toMatch(/[?&]nonce=/);
      const browser = new Jar();
      for (let step = 0; step < 12; step++) {
        if (url.startsWith(redirectUrl)) return url;
        const response = await fetch(url, { redirect: 'manual', headers: { cookie: browser.header() } });
        browser.take(response);
        if (response.status >= 300 && response.status < 400) {
          url = new URL(response.headers.get('location')!, url).href;
          continue;
        }
        const html = await response.text();
        expect(response.status, html).toBe(200);
        const action = attr(html, /<form[^>]*action="([^"]+)"/)!;
        const prompt = attr(html, /name="prompt" value="([^"]+)"/)!;
        const fields = new URLSearchParams({ prompt, ...(prompt === 'login' ? { login, password: 'anything' } : {}) });
        const posted = await fetch(new URL(action, url), {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: browser.header(), 'content-type': 'application/x-www-form-urlencoded' },
          body: fields.toString()
        });
        browser.take(posted);
        expect(posted.status).toBe(303);
        url = new URL(posted.headers.get('location')!, url).href;
      }
      throw new Error(`the provider never sent the browser back: ${url}`);
    }

    /** The callback as the provider's redirect names it, on this site. */
    const callbackPath = (url: string) => url.slice('https://hall.test'.length);

    async function signedIn(login: string): Promise<{ jar: Jar; client: Client }> {
      const answer = await t.login({ login, password });
      expect(answer.status).toBe(200);
      const jar = new Jar();
      jar.set(answer.cookie!.split(';')[0]!);
      return {
        jar,
        client: new Client(t.app, answer.body.principal, answer.cookie!.split(';')[0]!, answer.body.csrfToken)
      };
    }

    /** The session the jar holds, as a client of the API. */
    async function clientOf(jar: Jar): Promise<Client> {
      const me = await t.app.request('/api/auth/me', { headers: { cookie: jar.header() } });
      expect(me.status).toBe(200);
      const body = (await me.json()) as { principal: never; csrfToken: string };
      const session = jar
        .header()
        .split('; ')
        .find(c => c.startsWith('banshi_session='))!;
      return new Client(t.app, body.principal, session, body.csrfToken);
    }

    async function apply(client: Client) {
      const answers = answersFor(matter);
      return client.post('/api/hall/cases', {
        matterCode: matter.code,
        channel: 'online',
        answers,
        materials: await uploadRequired(client, matter, answers)
      });
    }

    const audited = (action: string) =>
      t.store.db.query<{ outcome: string; detail: Record<string, unknown>; actor_id: string | null }>(
        `select outcome, detail, actor_id from audit_log where action = $1 order by id`,
        [action]
      );

    it('verifies a signed-in applicant whose ID number the provider asserts, who can then apply online', async () => {
      await t.register('person', { name: '核验人', idNumber: people.holder!.idNumber, phone: '13900000801', password });
      const { jar, client } = await signedIn(people.holder!.idNumber);
      expect((await apply(client)).body.error.code).toBe('identity.unverified');
      const account = await hall(jar, '/hall/account');
      const html = await account.text();
      expect(html).toContain('<strong id="level">已注册</strong>');
      expect(html).toContain('通过省统一身份认证平台核验');
      const start = attr(html, /<a class="button" id="oidc" href="([^"]+)"/)!;

      const back = await atProvider(jar, start, 'holder');
      const done = await hall(jar, callbackPath(back));
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe('/hall/account?done=verified');
      const page = await (await hall(jar, '/hall/account?done=verified')).text();
      expect(page).toContain('<strong id="level">已实名核验</strong>');
      expect(page).toContain('统一身份认证平台');
      expect(page).toContain('您已通过省统一身份认证平台完成身份认证');
      const [row] = await t.store.db.query<{ method: string; document: string; verified_by: string | null }>(
        `select method, document, verified_by from identity_verifications where user_id = $1`,
        [client.principal!.id]
      );
      expect(row).toEqual({ method: 'oidc', document: '统一身份认证', verified_by: null });
      expect((await audited('identity.oidc')).at(-1)).toMatchObject({
        outcome: 'ok',
        actor_id: client.principal!.id,
        detail: { event: 'verified', subject: 'holder' }
      });
      const applied = await apply(client);
      expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    });

    it("signs a visitor in, making a verified account with the provider's name and ID number when there is none", async () => {
      const jar = new Jar();
      const login = await (await hall(jar, '/hall/login?next=%2Fhall%2Fmy')).text();
      expect(login).toContain('通过省统一身份认证平台登录');
      const start = attr(login, /<a class="button" id="oidc" href="([^"]+)"/)!;
      expect(start).toBe('/hall/oidc/start?next=%2Fhall%2Fmy');
      const back = await atProvider(jar, start, 'newcomer');
      const done = await hall(jar, callbackPath(back));
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe('/hall/my');
      const client = await clientOf(jar);
      expect(client.principal).toMatchObject({ kind: 'person', name: '新用户', idNumber: people.newcomer!.idNumber });
      const [user] = await t.store.db.query<{ verified_method: string; password_hash: string }>(
        `select verified_method, password_hash from users where login = $1`,
        [people.newcomer!.idNumber]
      );
      expect(user).toEqual({ verified_method: 'oidc', password_hash: '!oidc' });
      expect((await audited('auth.login')).at(-1)).toMatchObject({
        outcome: 'ok',
        detail: { via: 'oidc', created: true }
      });
      const applied = await apply(client);
      expect(applied.status, JSON.stringify(applied.body)).toBe(201);

      // Next time the same holder is signed in to the same account.
      const again = new Jar();
      const second = await hall(again, callbackPath(await atProvider(again, '/hall/oidc/start', 'newcomer')));
      expect(second.status).toBe(303);
      expect((await clientOf(again)).principal!.id).toBe(client.principal!.id);
    });

    it('refuses to take over an unverified account someone else registered with the number, pointing to a window', async () => {
      const impostor = await t.register('person', {
        name: '冒用者',
        idNumber: people.claimed!.idNumber,
        phone: '13900000803',
        password
      });
      const jar = new Jar();
      const refused = await hall(jar, callbackPath(await atProvider(jar, '/hall/oidc/start', 'claimed')));
      expect(refused.status).toBe(409);
      const html = await refused.text();
      expect(html).toContain('尚未实名核验');
      expect(html).toContain('服务大厅窗口办理“号码找回”');
      expect(jar.header()).not.toContain('banshi_session=');
      const [user] = await t.store.db.query<{ id: string; verified_at: Date | null }>(
        `select id, verified_at from users where login = $1`,
        [people.claimed!.idNumber]
      );
      expect(user).toEqual({ id: impostor.principal!.id, verified_at: null });
      expect((await audited('identity.oidc')).at(-1)).toMatchObject({
        outcome: 'denied',
        detail: { code: 'oidc.unverified-account' }
      });
    });

    it('refuses a signed-in applicant whose ID number is not the one the provider asserts', async () => {
      await t.register('person', { name: '甲某', idNumber: testIdNumber(805), phone: '13900000805', password });
      const { jar, client } = await signedIn(testIdNumber(805));
      const refused = await hall(jar, callbackPath(await atProvider(jar, '/hall/oidc/start', 'stranger')));
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('与当前登录账号的身份证号码不一致');
      expect((await client.get('/api/hall/identity')).body.level).toBe('registered');
    });

    it('refuses a callback whose state was tampered with, and one without the flow cookie', async () => {
      await t.register('person', { name: '乙某', idNumber: testIdNumber(806), phone: '13900000806', password });
      const { jar, client } = await signedIn(testIdNumber(806));
      people.second = { name: '乙某', idNumber: testIdNumber(806) };
      const back = new URL(await atProvider(jar, '/hall/oidc/start', 'second'));
      back.searchParams.set('state', `${back.searchParams.get('state')!}x`);
      const tampered = await hall(jar, callbackPath(back.href));
      expect(tampered.status).toBe(400);
      expect(await tampered.text()).toContain('校验信息与本站发起时不一致');
      expect((await audited('identity.oidc')).at(-1)).toMatchObject({
        outcome: 'rejected',
        detail: { code: 'oidc.state' }
      });
      // The untampered answer, replayed without the cookie (spent by the first callback), is refused too.
      back.searchParams.set('state', back.searchParams.get('state')!.slice(0, -1));
      const replayed = await hall(jar, callbackPath(back.href));
      expect(replayed.status).toBe(400);
      expect(await replayed.text()).toContain('不是从本站发起的');
      expect((await client.get('/api/hall/identity')).body.level).toBe('registered');
    });

    it('when not configured: the routes answer 404 and no page offers the button', async () => {
      expect((await plain.app.request('/hall/oidc/start')).status).toBe(404);
      expect((await plain.app.request('/hall/oidc/callback?code=x&state=y')).status).toBe(404);
      expect(await (await plain.app.request('/hall/login')).text()).not.toContain('统一身份认证');
      const person = await plain.register('person', {
        name: '丙某',
        idNumber: testIdNumber(807),
        phone: '13900000807',
        password
      });
      const account = await person.page('/hall/account');
      expect(account.body).toContain('<strong id="level">已注册</strong>');
      expect(account.body).not.toContain('统一身份认证');
    });
  }
);

function config(): ConstructorParameters<typeof Provider>[1] {
  return {
    clients: [
      {
        client_id: 'banshi-hall',
        client_secret: clientSecret,
        redirect_uris: [redirectUrl],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic'
      }
    ],
    claims: { openid: ['sub'], profile: ['name', 'id_number'] },
    findAccount: (_ctx, id) => {
      const person = people[id];
      if (!person) return undefined;
      return { accountId: id, claims: () => ({ sub: id, name: person.name, id_number: person.idNumber }) };
    },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['a-cookie-signing-key-for-the-test'] }
  };
}
