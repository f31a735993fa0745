import type { Hono } from 'hono';
import type { Principal } from '../accounts/index.ts';
import { sessionIdleMs, demoPassword, demoTotpSecret, ensureDemoAccounts, totpCode } from '../accounts/index.ts';
import { directoryBlobStore } from '../platform/files/blobs.ts';
import { fileKeyring } from '../platform/seal/index.ts';
import type { Api } from '../http/api.ts';
import { createApp, type AppOptions } from '../app.ts';
import type { AppEnv } from '../web/env.ts';
import type { Services } from '../cases/index.ts';
import type { DbKind } from './database.ts';
import type { Sql } from '../platform/db/db.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { at } from './catalog.ts';
import { openTestStore, type TestStore } from './store.ts';
import { responseChecker, type Seen } from './response-check.ts';

export interface Response<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * How a demo account's client keeps working across the simulated clock's jumps: as a person coming back after a
 * break signs in again, it signs in again before a request when its session has been idle too long or has run out.
 */
export interface Renewal {
  clock: { now: number };
  idleMs: number;
  /** When the session the client starts with runs out. */
  expiresAt: number;
  signIn(): Promise<{ cookie: string; csrf: string; expiresAt: number }>;
}

/** A signed-in (or anonymous) user of the API: a cookie session with its CSRF token, as a browser holds it. */
export class Client {
  private lastUsed: number | undefined;
  private expiresAt: number;

  constructor(
    private readonly app: Hono<AppEnv>,
    readonly principal: Principal | undefined,
    private cookie?: string,
    private csrf?: string,
    private readonly renewal?: Renewal,
    /** Holds each answer against the route's documented schema (see response-check.ts); throws on a mismatch. */
    private readonly check?: (seen: Seen) => void
  ) {
    this.lastUsed = renewal?.clock.now;
    this.expiresAt = renewal?.expiresAt ?? Infinity;
  }

  /** The session this client holds, signed in again if the person has been away longer than a session lasts. */
  private async fresh(): Promise<void> {
    if (!this.renewal) return;
    const now = this.renewal.clock.now;
    if (this.lastUsed !== undefined && (now - this.lastUsed >= this.renewal.idleMs || now >= this.expiresAt)) {
      const renewed = await this.renewal.signIn();
      this.cookie = renewed.cookie;
      this.csrf = renewed.csrf;
      this.expiresAt = renewed.expiresAt;
    }
    this.lastUsed = Math.max(this.lastUsed ?? now, now);
  }

  /** The CSRF token of the session held now (it changes when the client signs in again). */
  get csrfToken(): string | undefined {
    return this.csrf;
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {}
  ): Promise<Response<T>> {
    await this.fresh();
    const init: RequestInit = { method, headers: { ...headers } };
    const h = init.headers as Record<string, string>;
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    if (body instanceof FormData) init.body = body;
    else if (typeof body === 'string') {
      init.body = body;
      h['content-type'] ??= 'application/json';
    } else if (body !== undefined) {
      init.body = JSON.stringify(body);
      h['content-type'] = 'application/json';
    }
    const response = await this.app.request(path, init);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    this.check?.({
      method,
      path,
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: parsed
    });
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  /**
   * Posts an HTML form as a browser does: urlencoded, the CSRF token in the `_csrf` field (not a header), no
   * script. Redirects are not followed: read `headers.get('location')`.
   */
  async postForm(
    path: string,
    fields: Record<string, string | string[]>,
    headers: Record<string, string> = {}
  ): Promise<Response<string>> {
    await this.fresh();
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields))
      for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
    if (this.csrf && !('_csrf' in fields)) body.append('_csrf', this.csrf);
    const h: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...headers };
    if (this.cookie) h.cookie = this.cookie;
    const response = await this.app.request(path, { method: 'POST', headers: h, body: body.toString() });
    return { status: response.status, body: await response.text(), headers: response.headers };
  }

  /** Reads a page as a browser does (with the session cookie); the body is the HTML. */
  async page(path: string): Promise<Response<string>> {
    await this.fresh();
    const response = await this.app.request(path, { headers: this.cookie ? { cookie: this.cookie } : {} });
    return { status: response.status, body: await response.text(), headers: response.headers };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body ?? {}, headers);
  }
  put<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PUT', path, body ?? {}, headers);
  }
  delete<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('DELETE', path, undefined, headers);
  }
}

export interface TestApp {
  store: TestStore;
  services: Services;
  app: Hono<AppEnv>;
  api: Api;
  /** The simulated clock every request reads. */
  clock: { now: number; set(local: string): void };
  anonymous: Client;
  /**
   * Signs in a demo account (see demo.ts): 11010519491231002X, 91350100M000100Y43, window, handler, …, or an account a
   * test made with the demo password. Staff give the code of their authenticator at the simulated clock; a member of
   * staff without one enrols it first, through the API, as they would at their first sign-in.
   */
  as(login: string): Promise<Client>;
  /**
   * The second-factor code `login` (a member of staff) would read from their authenticator at the simulated clock:
   * the demo secret's, or the one the account enrolled through `as` or `signIn`.
   */
  code(login: string): string;
  /** Signs a member of staff or an applicant in with `password` (enrolling a second factor for staff who have none). */
  signIn(login: string, password: string): Promise<Client>;
  /**
   * Posts `body` to /api/auth/login as the studio's page does, with the code of `body.login`'s authenticator unless
   * `body.code` is given, completing a first sign-in's enrolment; the answer (the enrolment's, after one) as it came.
   */
  login(
    body: Record<string, unknown> & { login: string }
  ): Promise<{ status: number; body: any; cookie: string | null }>;
  /** Registers a new applicant and returns them signed in. */
  register(kind: 'person' | 'organisation', input: Record<string, string>): Promise<Client>;
  close(): Promise<void>;
}

/** The registration code as the SMS the applicant receives says it (the outbox holds the message). */
export async function smsCode(sql: Sql, registrationId: string): Promise<string> {
  const [sms] = await sql.query<{ body: string }>(
    `select body from outbox where channel = 'sms' and payload->>'registrationId' = $1`,
    [registrationId]
  );
  const code = /验证码是 (\d{6})/.exec(sms?.body ?? '')?.[1];
  if (!code) throw new Error(`no registration code was sent for ${registrationId}`);
  return code;
}

/** The whole API over a fresh database of `kind` with the catalogue and the demo accounts, on a simulated clock. */
export async function openTestApp(kind: DbKind, options: AppOptions = {}): Promise<TestApp> {
  const store = await openTestStore(kind);
  const blobDir = mkdtempSync(join(tmpdir(), 'banshi-blobs-'));
  const clock = {
    now: at('2026-09-28 10:00'),
    set(local: string) {
      this.now = at(local);
    }
  };
  const services: Services = {
    db: store.db,
    reads: store.db,
    registry: store.registry,
    cases: store.cases,
    engine: store.engine,
    calendar: () => store.calendar,
    blobs: directoryBlobStore(blobDir),
    seals: fileKeyring(store.db, mkdtempSync(join(tmpdir(), 'banshi-keys-')), () => clock.now),
    now: () => clock.now
  };
  await ensureDemoAccounts(store.db);
  const { app, api } = createApp(services, options);
  const check = responseChecker(api.routes);
  const sessions = new Map<string, Client>();
  // What each member of staff's authenticator holds: the demo secret, or what they enrolled here.
  const secrets = new Map<string, string>();
  const code = (login: string) => totpCode(secrets.get(login) ?? demoTotpSecret, clock.now);
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body)
    });
  /** Enrols a second factor with the enrolment session a first sign-in gave, as the studio's page does. */
  const enrol = async (login: string, cookie: string, csrf: string) => {
    const shown = await app.request('/api/auth/second-factor/enrolment', { headers: { cookie } });
    const answer = (await shown.json()) as { secret: string };
    if (shown.status !== 200) throw new Error(`enrolment of ${login} refused: ${JSON.stringify(answer)}`);
    secrets.set(login, answer.secret.replace(/\s/g, ''));
    return post('/api/auth/second-factor/enrolment', { code: code(login) }, { cookie, 'x-csrf-token': csrf });
  };
  const postLogin = async (input: Record<string, unknown> & { login: string }) => {
    let response = await post('/api/auth/login', { code: code(input.login), ...input });
    let body = (await response.json()) as any;
    if (response.status === 200 && body.enrolment) {
      response = await enrol(input.login, response.headers.get('set-cookie')!.split(';')[0]!, body.csrfToken);
      body = await response.json();
    }
    return { status: response.status, body, cookie: response.headers.get('set-cookie'), response };
  };
  const session = async (login: string, password: string) => {
    const { response, body } = await postLogin({ login, password });
    if (response.status !== 200) throw new Error(`sign-in of ${login} failed: ${JSON.stringify(body)}`);
    return {
      principal: body.principal,
      cookie: response.headers.get('set-cookie')!.split(';')[0]!,
      csrf: body.csrfToken,
      expiresAt: Date.parse(body.expiresAt)
    };
  };
  const signIn = async (login: string, password: string) => {
    const first = await session(login, password);
    const idleMs = first.principal.kind === 'staff' ? sessionIdleMs.staff : sessionIdleMs.applicant;
    return new Client(
      app,
      first.principal,
      first.cookie,
      first.csrf,
      { clock, idleMs, expiresAt: first.expiresAt, signIn: () => session(login, password) },
      check
    );
  };
  return {
    store,
    services,
    app,
    api,
    clock,
    anonymous: new Client(app, undefined, undefined, undefined, undefined, check),
    async as(login) {
      let client = sessions.get(login);
      if (!client) sessions.set(login, (client = await signIn(login, demoPassword)));
      return client;
    },
    code,
    signIn,
    async login(body) {
      const { status, body: answer, cookie } = await postLogin(body);
      return { status, body: answer, cookie };
    },
    async register(kind, input) {
      const started = await post(`/api/auth/register/${kind}`, input);
      const { registrationId } = (await started.json()) as { registrationId: string };
      if (started.status !== 202) throw new Error(`registration refused: ${JSON.stringify({ registrationId })}`);
      const code = await smsCode(store.db, registrationId);
      const response = await post('/api/auth/register/confirm', { registrationId, code });
      const body = (await response.json()) as { principal: Principal; csrfToken: string };
      if (response.status !== 201) throw new Error(`registration failed: ${JSON.stringify(body)}`);
      return new Client(
        app,
        body.principal,
        response.headers.get('set-cookie')!.split(';')[0]!,
        body.csrfToken,
        undefined,
        check
      );
    },
    async close() {
      await store.close();
      rmSync(blobDir, { recursive: true, force: true });
    }
  };
}
