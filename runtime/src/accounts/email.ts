import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { audit } from '../platform/audit.ts';
import type { Db } from '../platform/db/db.ts';
import { Refusal } from '../platform/refusal.ts';
import { iso } from '../platform/time.ts';
import type { Applicant } from './principal.ts';

/**
 * An applicant's e-mail address, confirmed (issue 18, migration 029). Case notices go by e-mail only to a confirmed
 * address (`users.email`); a new address is confirmed by a single-use link sent to it through the outbox, valid for
 * 24 hours. Until then the address confirmed before, if any, keeps receiving them.
 */
export const emailLimits = {
  validMs: 24 * 3_600_000,
  /** Confirmation links one account may have sent in a day: nobody's mailbox is flooded through the hall. */
  perDay: 5,
  perDayMs: 24 * 3_600_000
} as const;

/** An address as typed in the hall: trimmed, one plain address, at most 254 characters (RFC 5321 §4.5.3.1.3). */
export const EmailAddress = z
  .string()
  .trim()
  .min(1, '请填写电子邮箱地址')
  .max(254, '电子邮箱地址不能超过 254 个字符')
  .pipe(
    z
      .email('请填写正确的电子邮箱地址，如 name@example.com')
      .refine(a => !/[\s<>()[\]\\,;:"]/.test(a), '请填写正确的电子邮箱地址，如 name@example.com')
  )
  .transform(a => {
    const at = a.lastIndexOf('@');
    return `${a.slice(0, at)}@${a.slice(at + 1).toLowerCase()}`;
  });

export interface EmailStatus {
  /** Where notices go now, and since when; null when none is confirmed. */
  confirmed: { address: string; at: string } | null;
  /** An address waiting for its link to be followed. */
  pending: { address: string; expiresAt: string } | null;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The account's confirmed address and the one waiting for confirmation, if any. */
export async function emailStatus(db: Db, userId: string, now: number): Promise<EmailStatus> {
  const [user] = await db.query<{ email: string | null; email_confirmed_at: string | Date | null }>(
    'select email, email_confirmed_at from users where id = $1',
    [userId]
  );
  const [pending] = await db.query<{ address: string; expires_at: string | Date }>(
    `select address, expires_at from email_confirmations
      where user_id = $1 and used_at is null and cancelled_at is null and expires_at > $2
      order by created_at desc, id desc limit 1`,
    [userId, iso(now)]
  );
  return {
    confirmed: user?.email
      ? { address: user.email, at: iso(user.email_confirmed_at ? new Date(user.email_confirmed_at) : now) }
      : null,
    pending: pending ? { address: pending.address, expiresAt: iso(new Date(pending.expires_at)) } : null
  };
}

/**
 * Sends a confirmation link for `address` to it (through the outbox, in this transaction), cancelling any link sent
 * before. `linkTo(token)` makes the link's address. The token is 256 random bits; only its hash is kept. At most
 * `emailLimits.perDay` links a day per account (429 `email.throttled`).
 */
export async function requestEmailConfirmation(
  db: Db,
  applicant: Applicant,
  address: string,
  context: { linkTo: (token: string) => string; ip?: string; now: number }
): Promise<{ expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = context.now + emailLimits.validMs;
  await db.transaction(async tx => {
    await tx.query('select id from users where id = $1 for update', [applicant.id]);
    const [count] = await tx.query<{ n: number }>(
      'select count(*)::int as n from email_confirmations where user_id = $1 and created_at > $2',
      [applicant.id, iso(context.now - emailLimits.perDayMs)]
    );
    if ((count?.n ?? 0) >= emailLimits.perDay)
      throw new Refusal('throttled', 'email.throttled', '今天发送确认邮件的次数已达上限，请明天再试。', {
        retryAfterSeconds: Math.ceil(emailLimits.perDayMs / 1000)
      });
    await tx.query(
      `update email_confirmations set cancelled_at = $2 where user_id = $1 and used_at is null and cancelled_at is null`,
      [applicant.id, iso(context.now)]
    );
    await tx.query(
      `insert into email_confirmations (user_id, address, token_hash, created_at, expires_at)
       values ($1, $2, $3, $4, $5)`,
      [applicant.id, address, hashToken(token), iso(context.now), iso(expiresAt)]
    );
    await tx.query(
      `insert into outbox (channel, recipient, subject, body, payload, next_attempt_at, created_at)
       values ('email', $1, $2, $3, $4::jsonb, $5, $5)`,
      [
        address,
        '请确认您的电子邮箱',
        [
          `${applicant.name}：`,
          '',
          '您在网上办事大厅填写了本电子邮箱地址，用于接收办件通知。请在 24 小时内打开以下链接，登录后确认：',
          '',
          context.linkTo(token),
          '',
          '链接只能使用一次。如果这不是您本人的操作，请忽略本邮件，本邮箱不会收到任何办件通知。'
        ].join('\n'),
        JSON.stringify({ kind: 'emailConfirmation', userId: applicant.id }),
        iso(context.now)
      ]
    );
    await audit(tx, {
      actor: applicant,
      action: 'account.email.requested',
      outcome: 'ok',
      ip: context.ip,
      detail: { domain: address.slice(address.lastIndexOf('@') + 1) }
    });
  });
  return { expiresAt: iso(expiresAt) };
}

/** What a confirmation link names, checked but not used: the address it confirms, or a refusal saying why not. */
export async function checkEmailToken(db: Db, applicant: Applicant, token: string, now: number): Promise<string> {
  const [row] = await db.query<ConfirmationRow>(
    `select id, user_id, address, expires_at, used_at, cancelled_at from email_confirmations where token_hash = $1`,
    [hashToken(token)]
  );
  return usable(row, applicant, now).address;
}

/**
 * Follows a confirmation link: its address becomes the account's (notices go there from now on), and the link is
 * used up. Refused, in Chinese, when the link is unknown, another account's, used, replaced by a newer one, or past
 * its 24 hours.
 */
export async function confirmEmail(
  db: Db,
  applicant: Applicant,
  token: string,
  context: { ip?: string; now: number }
): Promise<string> {
  return db.transaction(async tx => {
    const [row] = await tx.query<ConfirmationRow>(
      `select id, user_id, address, expires_at, used_at, cancelled_at from email_confirmations
        where token_hash = $1 for update`,
      [hashToken(token)]
    );
    const confirmed = usable(row, applicant, context.now);
    await tx.query('update email_confirmations set used_at = $2 where id = $1', [confirmed.id, iso(context.now)]);
    await tx.query('update users set email = $2, email_confirmed_at = $3 where id = $1', [
      applicant.id,
      confirmed.address,
      iso(context.now)
    ]);
    await audit(tx, {
      actor: applicant,
      action: 'account.email.confirmed',
      outcome: 'ok',
      ip: context.ip,
      detail: { domain: confirmed.address.slice(confirmed.address.lastIndexOf('@') + 1) }
    });
    return confirmed.address;
  });
}

/** Removes the account's address: no more notices by e-mail, and any link still waiting stops working. */
export async function removeEmail(db: Db, applicant: Applicant, context: { ip?: string; now: number }): Promise<void> {
  await db.transaction(async tx => {
    await tx.query('update users set email = null, email_confirmed_at = null where id = $1', [applicant.id]);
    await tx.query(
      'update email_confirmations set cancelled_at = $2 where user_id = $1 and used_at is null and cancelled_at is null',
      [applicant.id, iso(context.now)]
    );
    await audit(tx, { actor: applicant, action: 'account.email.removed', outcome: 'ok', ip: context.ip });
  });
}

interface ConfirmationRow {
  id: number;
  user_id: string;
  address: string;
  expires_at: string | Date;
  used_at: string | Date | null;
  cancelled_at: string | Date | null;
}

function usable(row: ConfirmationRow | undefined, applicant: Applicant, now: number): ConfirmationRow {
  // Another account's link answers as an unknown one: it tells nothing of whose it is.
  if (!row || row.user_id !== applicant.id)
    throw new Refusal(
      'notFound',
      'email.token.unknown',
      '确认链接无效：请检查链接是否完整，并确认登录的是填写该邮箱的账号。'
    );
  if (row.used_at) throw new Refusal('gone', 'email.token.used', '该确认链接已经使用过，不能再次使用。');
  if (row.cancelled_at)
    throw new Refusal(
      'gone',
      'email.token.replaced',
      '该确认链接已失效：此后您又填写了新的邮箱地址或删除了邮箱，请使用最新的确认邮件。'
    );
  if (new Date(row.expires_at).getTime() <= now)
    throw new Refusal(
      'gone',
      'email.token.expired',
      '该确认链接已过期（有效期 24 小时），请在“我的账号”中重新填写邮箱地址，获取新的确认邮件。'
    );
  return row;
}
