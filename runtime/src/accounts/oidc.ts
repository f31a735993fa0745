import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import * as client from 'openid-client';
import { isValidIdNumber } from '@banshi/definition/identifiers';
import { dateOf, shanghaiTime } from '@banshi/definition/calendar';
import type { Db, Sql } from '../platform/db/db.ts';
import { audit } from '../platform/audit.ts';
import { notifyInbox } from '../platform/notify.ts';
import { Refusal } from '../platform/refusal.ts';
import { iso } from '../platform/time.ts';
import { recordVerification } from './identity.ts';
import { maskNumber } from './identity-window.ts';
import type { Principal } from './principal.ts';
import { createSession, type NewSession } from './sessions.ts';

/**
 * A provincial unified identity platform (省统一身份认证平台) as an OpenID Connect provider: configured by the
 * operator (BANSHI_OIDC_*), off when not. seeds/001 第七条 counts an account authenticated through it as the holder's.
 */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends the browser back: this site's /hall/oidc/callback, as registered with the provider. */
  redirectUrl: string;
  /** The claim that carries the resident ID number, and the one with the holder's name. */
  idNumberClaim: string;
  nameClaim: string;
  scope: string;
}

/** What the document column of identity_verifications says for this method. */
export const oidcDocument = '统一身份认证';

/** How long a started sign-in may take at the provider. */
const flowMs = 10 * 60_000;

/** What the browser keeps between leaving for the provider and coming back (signed, HttpOnly, 10 minutes). */
interface Flow {
  state: string;
  nonce: string;
  verifier: string;
  next: string | undefined;
  expiresAt: number;
}

/** Who the provider says signed in: its subject, the ID number and the name it asserts. */
export interface Asserted {
  subject: string;
  idNumber: string;
  name: string;
}

const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

/** An issuer over https; plain http only on this machine (a provider started by a test or a drill). */
export function acceptableIssuer(raw: string): boolean {
  const url = URL.parse(raw);
  if (!url) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url));
}

/** The relying party: discovers the provider once (again after a failure), starts and finishes a sign-in. */
export class OidcRelyingParty {
  private config: Promise<client.Configuration> | undefined;
  private readonly key: Buffer;

  constructor(readonly settings: OidcSettings) {
    // The flow cookie's MAC key: from the client secret, so every process of the site accepts every other's cookie.
    this.key = createHash('sha256').update(`banshi-oidc-flow\0${settings.clientSecret}`).digest();
  }

  private configuration(): Promise<client.Configuration> {
    const issuer = new URL(this.settings.issuer);
    this.config ??= client
      .discovery(
        issuer,
        this.settings.clientId,
        undefined,
        client.ClientSecretBasic(this.settings.clientSecret),
        issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined
      )
      .catch((error: unknown) => {
        this.config = undefined;
        throw error;
      });
    return this.config;
  }

  /** The provider's authorization address (code flow, PKCE S256, state and nonce) and the cookie to keep. */
  async start(next: string | undefined, now: number): Promise<{ url: string; cookie: string }> {
    const config = await this.configuration().catch((error: unknown) => {
      throw unavailable(error);
    });
    const flow: Flow = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      next,
      expiresAt: now + flowMs
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUrl,
      scope: this.settings.scope,
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce
    });
    return { url: url.href, cookie: this.seal(flow) };
  }

  /**
   * The provider's answer at the callback (its query), checked against the kept cookie: the state must be the one
   * sent, the code is exchanged with the PKCE verifier, the ID token's nonce, issuer, audience and signature are
   * checked by openid-client, and the claims are read from the ID token and the userinfo endpoint.
   */
  async finish(
    query: string,
    cookie: string | undefined,
    now: number
  ): Promise<{ asserted: Asserted; next: string | undefined }> {
    const flow = cookie ? this.open(cookie) : undefined;
    if (!flow || flow.expiresAt <= now)
      throw new Refusal(
        'invalid',
        'oidc.flow',
        '统一身份认证已超时或不是从本站发起的，请重新点击“通过省统一身份认证平台登录”。'
      );
    const params = new URLSearchParams(query);
    if (params.get('state') !== flow.state)
      throw new Refusal('invalid', 'oidc.state', '统一身份认证返回的校验信息与本站发起时不一致，已拒绝。请重新登录。');
    if (params.has('error'))
      throw new Refusal(
        'forbidden',
        'oidc.denied',
        '您在统一身份认证平台取消了登录或授权，未完成认证。如需继续，请重新发起。',
        { error: params.get('error') ?? '' }
      );
    const config = await this.configuration().catch((error: unknown) => {
      throw unavailable(error);
    });
    const current = new URL(this.settings.redirectUrl);
    current.search = params.toString();
    let claims: Record<string, unknown>;
    try {
      const tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true
      });
      const fromToken = tokens.claims()!;
      const info = await client.fetchUserInfo(config, tokens.access_token, fromToken.sub);
      claims = { ...info, ...fromToken };
    } catch (error) {
      throw new Refusal('invalid', 'oidc.token', '未能从统一身份认证平台取得认证结果，请重新登录。', {
        reason: error instanceof Error ? error.message.slice(0, 200) : String(error)
      });
    }
    const idNumber = String(claims[this.settings.idNumberClaim] ?? '')
      .trim()
      .toUpperCase();
    const name = String(claims[this.settings.nameClaim] ?? '').trim();
    if (!isValidIdNumber(idNumber, dateOf(now)) || !name)
      throw new Refusal(
        'invalid',
        'oidc.claims',
        '统一身份认证平台未提供有效的身份证号码和姓名，无法核验。请到服务大厅窗口办理实名核验。'
      );
    return { asserted: { subject: String(claims.sub), idNumber, name }, next: flow.next };
  }

  private seal(flow: Flow): string {
    const body = Buffer.from(JSON.stringify(flow)).toString('base64url');
    return `${body}.${createHmac('sha256', this.key).update(body).digest('base64url')}`;
  }

  private open(cookie: string): Flow | undefined {
    const [body, mac] = cookie.split('.');
    if (!body || !mac) return undefined;
    const expected = createHmac('sha256', this.key).update(body).digest();
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString()) as Flow;
    } catch {
      return undefined;
    }
  }
}

const unavailable = (error: unknown) =>
  new Refusal('unavailable', 'oidc.unavailable', '省统一身份认证平台暂时无法访问，请稍后再试，或使用账号密码登录。', {
    reason: error instanceof Error ? error.message.slice(0, 200) : String(error)
  });

/** What a finished sign-in at the provider did to this site's accounts. */
export type OidcOutcome =
  /** The signed-in applicant's account is now verified (or already was). */
  | { kind: 'verified'; userId: string; already: boolean }
  /** A visitor is signed in to the verified account with the number; `created` when it was made just now. */
  | { kind: 'signedIn'; userId: string; created: boolean; session: NewSession };

interface AccountRow {
  id: string;
  kind: string;
  name: string;
  verified_at: Date | null;
  disabled_at: Date | null;
}

/**
 * Applies what the provider asserted (the holder of `idNumber` authenticated there, seeds/001 第七条):
 * - an applicant signed in here whose ID number is the asserted one: their account becomes 已实名核验 (method
 *   'oidc'); a different number or an organisation's account is refused and nothing changes;
 * - a visitor: signed in to the verified account with the number; with no account, one is made for the holder,
 *   verified, with the provider's name and number and no password (they sign in through the provider, or set one
 *   later through the window's claim);
 * - an unverified account with the number that the visitor has not signed in to is refused, not taken over: it may
 *   be the holder's own (who signs in to it with its password and verifies it here) or someone else's claim, which
 *   the holder takes back at a window (identity-window.ts reclaimAtWindow), where the cases it made are settled.
 * Every outcome, refusals included, is a line in the audit log.
 */
export async function applyOidcIdentity(
  db: Db,
  input: { principal: Principal | undefined; asserted: Asserted; ip: string; now: number }
): Promise<OidcOutcome> {
  const { principal, asserted, ip, now } = input;
  const detail = { subject: asserted.subject, idNumber: maskNumber(asserted.idNumber) };
  const refuse = async (refusal: Refusal) => {
    await audit(db, {
      actor: principal,
      action: 'identity.oidc',
      outcome: 'denied',
      target: maskNumber(asserted.idNumber),
      ip,
      detail: { ...detail, code: refusal.code }
    });
    return refusal;
  };
  if (principal && principal.kind !== 'person')
    throw await refuse(
      new Refusal(
        'forbidden',
        'oidc.not-person',
        principal.kind === 'staff'
          ? '工作人员账号不能通过省统一身份认证平台核验。请退出后再以个人身份登录。'
          : '省统一身份认证平台核验的是个人身份，法人和其他组织账号请到服务大厅窗口核验营业执照和经办人身份证。'
      )
    );
  if (principal && principal.idNumber !== asserted.idNumber)
    throw await refuse(
      new Refusal(
        'forbidden',
        'oidc.mismatch',
        `统一身份认证平台认证的身份证号码（${maskNumber(asserted.idNumber)}）与当前登录账号的身份证号码不一致，未作核验。请确认是本人账号，或退出后通过统一身份认证平台直接登录。`
      )
    );
  const settled = db.transaction<OidcOutcome>(async tx => {
    const [row] = await tx.query<AccountRow>(
      `select id, kind, name, verified_at, disabled_at from users
        where login = $1 and reclaimed_at is null for update`,
      [asserted.idNumber]
    );
    if (principal) {
      const already = row?.verified_at != null;
      if (!already) await verify(tx, principal.id, asserted, now);
      await audit(tx, {
        actor: principal,
        action: 'identity.oidc',
        outcome: 'ok',
        target: maskNumber(asserted.idNumber),
        ip,
        detail: { ...detail, event: already ? 'already-verified' : 'verified' }
      });
      return { kind: 'verified', userId: principal.id, already };
    }
    if (row && (row.kind !== 'person' || row.disabled_at))
      throw new Refusal('forbidden', 'auth.disabled', '该身份证号码的账号已停用，请到服务大厅窗口咨询。');
    if (row && !row.verified_at)
      throw new Refusal(
        'conflict',
        'oidc.unverified-account',
        `身份证号码 ${maskNumber(asserted.idNumber)} 已注册账号，但尚未实名核验。如是您本人注册的，请先用该账号和密码登录，再在“我的账号”中通过省统一身份认证平台核验；如不是您本人注册的，请携带居民身份证到任一服务大厅窗口办理“号码找回”。`
      );
    let userId = row?.id;
    const created = !userId;
    if (!userId) {
      userId = randomUUID();
      // No password: `!oidc` is no argon2 hash, so no password signs in to it (accounts/passwords.ts).
      await tx.query(
        `insert into users (id, kind, login, password_hash, name, id_number, created_at)
         values ($1, 'person', $2, '!oidc', $3, $2, $4)`,
        [userId, asserted.idNumber, asserted.name, iso(now)]
      );
      await verify(tx, userId, asserted, now);
    }
    const session = await createSession(tx, userId, now);
    const actor = { id: userId, kind: 'person' as const };
    await audit(tx, {
      actor,
      action: 'auth.login',
      outcome: 'ok',
      target: asserted.idNumber,
      ip,
      detail: { via: 'oidc', subject: asserted.subject, ...(created ? { created: true } : {}) }
    });
    await audit(tx, {
      actor,
      action: 'identity.oidc',
      outcome: 'ok',
      target: maskNumber(asserted.idNumber),
      ip,
      detail: { ...detail, event: created ? 'account-created' : 'signed-in' }
    });
    return { kind: 'signedIn', userId, created, session };
  });
  return settled.catch(async (error: unknown) => {
    throw error instanceof Refusal ? await refuse(error) : error;
  });
}

/** Records the verification and tells the holder in their inbox. */
async function verify(tx: Sql, userId: string, asserted: Asserted, now: number) {
  await recordVerification(tx, { userId, method: 'oidc', document: oidcDocument, by: undefined }, now);
  await notifyInbox(
    tx,
    {
      userId,
      subject: '【账号】您的账号已完成实名核验',
      body: `${shanghaiTime(now)}，您通过省统一身份认证平台完成了身份认证（身份证号码 ${maskNumber(asserted.idNumber)}），您的账号已升级为“已实名核验”，可以在网上提交申请。`,
      payload: { kind: 'identityVerified' }
    },
    now
  );
}
