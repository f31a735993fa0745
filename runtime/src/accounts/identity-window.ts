import { isValidCreditCode } from '@banshi/definition/identifiers';
import { shanghaiTime } from '@banshi/definition/calendar';
import type { Db, Sql } from '../platform/db/db.ts';
import { type Extra, noExtra } from '../platform/extra.ts';
import { notifyInbox } from '../platform/notify.ts';
import { Refusal } from '../platform/refusal.ts';
import { iso } from '../platform/time.ts';
import {
  documentLabels,
  documentsFor,
  levelLabels,
  methodLabels,
  recordVerification,
  type IdentityDocument,
  type IdentityLevel,
  type VerificationMethod
} from './identity.ts';
import type { Staff } from './principal.ts';
import { revokeUserSessions } from './sessions.ts';
import { insertWindowAccount, unclaimedPassword } from './users.ts';

/** An applicant account as the window's identity desk sees it: masked phone, level, how it was verified. */
export interface IdentityAccount {
  id: string;
  kind: 'person' | 'organisation';
  name: string;
  login: string;
  contactName: string | null;
  phone: string | null;
  level: IdentityLevel;
  levelLabel: string;
  verifiedAt: string | null;
  verifiedMethod: string | null;
  registeredAt: string;
  registeredAtWindow: boolean;
  /** A window-registered account nobody has claimed online yet (no password). */
  claimed: boolean;
}

interface Row {
  id: string;
  kind: 'person' | 'organisation';
  name: string;
  login: string;
  contact_name: string | null;
  phone: string | null;
  verified_at: Date | null;
  verified_method: VerificationMethod | null;
  created_at: Date;
  window_registered_at: Date | null;
  password_hash: string;
}

const columns =
  'id, kind, name, login, contact_name, phone, verified_at, verified_method, created_at, window_registered_at, password_hash';
const open = `kind in ('person', 'organisation') and reclaimed_at is null and disabled_at is null`;

export const maskPhone = (p: string | null) => (p && p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : null);
/** An ID number or credit code as a message may show it: its first six and last four characters. */
export const maskNumber = (n: string) => `${n.slice(0, 6)}********${n.slice(-4)}`;

function view(row: Row): IdentityAccount {
  const level: IdentityLevel = row.verified_at ? 'verified' : 'registered';
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    login: row.login,
    contactName: row.contact_name,
    phone: maskPhone(row.phone),
    level,
    levelLabel: levelLabels[level],
    verifiedAt: row.verified_at ? iso(row.verified_at) : null,
    verifiedMethod: row.verified_method ? methodLabels[row.verified_method] : null,
    registeredAt: iso(row.created_at),
    registeredAtWindow: row.window_registered_at !== null,
    claimed: row.password_hash !== unclaimedPassword
  };
}

/**
 * Open applicant accounts by what the applicant tells the clerk: an ID number or credit code (the login), or the
 * mobile number they registered with (several accounts may share one). At most 20.
 */
export async function findIdentityAccounts(sql: Sql, typed: string): Promise<IdentityAccount[]> {
  const q = typed.replace(/[\s-]/g, '').toUpperCase();
  const phone = q.replace(/^\+?86(?=1\d{10}$)/, '');
  let rows: Row[];
  if (/^\d{17}[\dX]$/.test(q) || isValidCreditCode(q))
    rows = await sql.query<Row>(`select ${columns} from users where login = $1 and ${open}`, [q]);
  else if (/^1[3-9]\d{9}$/.test(phone))
    rows = await sql.query<Row>(
      `select ${columns} from users where phone = $1 and ${open} order by created_at limit 20`,
      [phone]
    );
  else
    throw new Refusal('invalid', 'request.invalid', '请填写 18 位身份证号码、统一社会信用代码或 11 位手机号码。', {
      field: 'q'
    });
  return rows.map(view);
}

async function lockedAccount(tx: Sql, id: string): Promise<Row> {
  const [row] = /^[0-9a-f-]{36}$/i.test(id)
    ? await tx.query<Row>(`select ${columns} from users where id = $1 and ${open} for update`, [id])
    : [];
  if (!row) throw new Refusal('notFound', 'applicant.not-found', '找不到这个申请人账号，请重新查找。');
  return row;
}

function refuseWrongDocument(kind: Row['kind'], document: IdentityDocument): void {
  if (documentsFor[kind].includes(document)) return;
  throw new Refusal(
    'invalid',
    'identity.document',
    kind === 'person'
      ? '个人账号请核验本人居民身份证（或临时居民身份证）。'
      : '单位账号请核验营业执照（或法人登记证书）和经办人居民身份证。',
    { field: 'document' }
  );
}

/** What the clerk records on verifying an account: the document checked and the name on it. */
export interface WindowVerification {
  document: IdentityDocument;
  /** The name on the document, as the clerk reads it: it must be the account's. */
  nameOnDocument: string;
  documentChecked: true;
}

/**
 * A clerk verifies an account at the window (seeds/001 第七条 大厅现场认证窗口): they checked the document in person,
 * its number is the account's login (the clerk found the account by it), and the name on it is the account's. A
 * different name is refused: the account is someone else's, and the holder takes the number over instead.
 */
export async function verifyAtWindow(
  db: Db,
  clerk: Staff,
  accountId: string,
  input: WindowVerification,
  now: number,
  extra: Extra<IdentityAccount> = noExtra
): Promise<IdentityAccount> {
  return db.transaction(async tx => {
    const row = await lockedAccount(tx, accountId);
    if (row.verified_at)
      throw new Refusal(
        'conflict',
        'identity.verified',
        `该账号已于 ${shanghaiTime(row.verified_at.getTime())} 完成实名核验，无需再次核验。`
      );
    refuseWrongDocument(row.kind, input.document);
    if (input.nameOnDocument.trim() !== row.name)
      throw new Refusal(
        'invalid',
        'identity.name-mismatch',
        `证件上的名称“${input.nameOnDocument.trim()}”与账号登记的“${row.name}”不一致，不能核验。如该账号并非证件本人注册，请为本人办理“号码找回”。`,
        { field: 'nameOnDocument' }
      );
    await recordVerification(
      tx,
      { userId: row.id, method: 'window', document: documentLabels[input.document], by: clerk },
      now
    );
    await notifyInbox(
      tx,
      {
        userId: row.id,
        subject: '【账号】您的账号已完成实名核验',
        body: `${shanghaiTime(now)}，服务大厅窗口核验了您的${documentLabels[input.document]}，您的账号已升级为“已实名核验”，可以在网上提交申请。`,
        payload: { kind: 'identityVerified' }
      },
      now
    );
    const verified = view({ ...row, verified_at: new Date(now), verified_method: 'window' });
    await extra(tx, verified);
    return verified;
  });
}

/** What the clerk types when the real holder of a number takes it over: the holder's own details, as registering. */
export type Reclaim =
  | { kind: 'person'; idNumber: string; name: string; phone: string; document: IdentityDocument; documentChecked: true }
  | {
      kind: 'organisation';
      creditCode: string;
      name: string;
      contactName: string;
      phone: string;
      document: IdentityDocument;
      documentChecked: true;
    };

export interface Reclaimed {
  holder: IdentityAccount;
  /** The account that had claimed the number: closed, its sessions ended, its cases left with it. */
  previous: { id: string; name: string; phone: string | null };
}

/**
 * The real holder of an ID number or credit code takes it over at the window from an unverified account that
 * claimed it (security-audit §1.4; hall-audit problem 4). The clerk checked the holder's document in person. In
 * one transaction: the claiming account releases the number (its login becomes `reclaimed:<id>`), is closed and
 * signed out everywhere; its cases and records stay with it, since they are its acts, not the holder's (第七条
 * counts only a verified account's applications as the holder's own). The holder gets a new account with the
 * number, verified, without a password: they claim it online with an SMS code to the phone given here, as any
 * window-registered account. The claimer is told by SMS and in the closed account's inbox. A verified account's
 * number is not taken over here.
 */
export async function reclaimAtWindow(
  db: Db,
  clerk: Staff,
  input: Reclaim,
  now: number,
  extra: Extra<Reclaimed> = noExtra
): Promise<Reclaimed> {
  const login = input.kind === 'person' ? input.idNumber : input.creditCode;
  const what = input.kind === 'person' ? '身份证号码' : '统一社会信用代码';
  return db.transaction(async tx => {
    const [claimed] = await tx.query<Row>(`select ${columns} from users where login = $1 for update`, [login]);
    if (!claimed || claimed.kind !== input.kind)
      throw new Refusal(
        'notFound',
        'identity.nothing-to-reclaim',
        `该${what}还没有账号，无需找回，请直接为本人办理窗口注册。`,
        { field: input.kind === 'person' ? 'idNumber' : 'creditCode' }
      );
    refuseWrongDocument(claimed.kind, input.document);
    if (claimed.verified_at)
      throw new Refusal(
        'conflict',
        'identity.verified',
        `该${what}的账号已于 ${shanghaiTime(claimed.verified_at.getTime())} 实名核验，不能在窗口找回。如对账号归属有异议，请按投诉渠道提出。`
      );
    await tx.query(
      `update users set login = $2, id_number = null, credit_code = null, disabled_at = $3,
              reclaimed_at = $3, reclaimed_by = $4, reclaimed_login = login
        where id = $1`,
      [claimed.id, `reclaimed:${claimed.id}`, iso(now), clerk.id]
    );
    await revokeUserSessions(tx, claimed.id, now);
    const id = await insertWindowAccount(
      tx,
      {
        kind: input.kind,
        login,
        name: input.name,
        phone: input.phone,
        contactName: input.kind === 'organisation' ? input.contactName : undefined
      },
      clerk,
      iso(now)
    );
    await recordVerification(
      tx,
      { userId: id, method: 'window', document: documentLabels[input.document], by: clerk, reclaimedFrom: claimed.id },
      now
    );
    const told = `您此前以${what} ${maskNumber(login)} 注册的网上办事大厅账号，已由证件本人于 ${shanghaiTime(now)} 在服务大厅窗口核验证件后收回，该账号已停用。如有疑问，请携带本人证件到服务大厅窗口咨询。`;
    await notifyInbox(
      tx,
      {
        userId: claimed.id,
        subject: '【账号安全】账号已由证件本人收回',
        body: told,
        payload: { kind: 'identityReclaimed' }
      },
      now
    );
    if (claimed.phone)
      await tx.query(
        `insert into outbox (channel, recipient, subject, body, payload, next_attempt_at, created_at)
         values ('sms', $1, $2, $3, $4::jsonb, $5, $5)`,
        [
          claimed.phone,
          '【网上办事大厅】账号已收回',
          `【网上办事大厅】${told}`,
          JSON.stringify({ kind: 'identityReclaimed', userId: claimed.id }),
          iso(now)
        ]
      );
    const [row] = await tx.query<Row>(`select ${columns} from users where id = $1`, [id]);
    const result: Reclaimed = {
      holder: view(row!),
      previous: { id: claimed.id, name: claimed.name, phone: maskPhone(claimed.phone) }
    };
    await extra(tx, result);
    return result;
  });
}
