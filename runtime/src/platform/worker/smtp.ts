import { readFileSync } from 'node:fs';
import { createTransport } from 'nodemailer';
import { z } from 'zod';
import { PermanentFailure, type Channel } from './channels.ts';

/** How e-mail leaves: the submission server, how the connection is secured, who signs in and who it is from. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** Implicit TLS from the first byte (smtps://, usually port 465). */
  secure: boolean;
  /**
   * Plain connections (smtp://): `required` refuses to send unless STARTTLS succeeds, `opportunistic` upgrades when
   * the server offers it and sends in the clear when it does not, `off` never upgrades.
   */
  starttls: 'required' | 'opportunistic' | 'off';
  auth: { user: string; pass: string } | undefined;
  /** Check the server's certificate (against the system's authorities, or `ca` when given). */
  verify: boolean;
  /** PEM certificates of the authorities to trust instead of the system's (SMTP_CA_FILE). */
  ca: string | undefined;
  from: string;
}

const onOff = z.enum(['on', 'off']);
const Env = z.object({
  SMTP_URL: z.url({ protocol: /^smtps?$/ }),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  SMTP_FROM: z.email().optional(),
  SMTP_STARTTLS: z.enum(['required', 'opportunistic', 'off']).optional(),
  SMTP_TLS_VERIFY: onOff.default('on'),
  SMTP_CA_FILE: z.string().min(1).optional()
});

/**
 * The SMTP settings from the environment, or undefined when SMTP_URL is unset (e-mail then goes to the log).
 * SMTP_URL (`smtp://user:pass@host:587?from=…`, or smtps://) names the server; SMTP_USER, SMTP_PASSWORD and SMTP_FROM
 * override what it carries (a password with `@` or `:` is easier to give on its own). STARTTLS is required by
 * default when there is a password to send, so a password never crosses the network in the clear; otherwise it is
 * opportunistic. Throws a message in Chinese on a mistake.
 */
export function smtpSettings(env: Record<string, string | undefined> = process.env): SmtpSettings | undefined {
  if (!env.SMTP_URL?.trim()) return undefined;
  const parsed = Env.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success)
    throw new Error(
      `环境变量有误（邮件发送）：${parsed.error.issues.map(i => `${i.path.join('.')} ${i.message}`).join('；')}`
    );
  const e = parsed.data;
  const url = new URL(e.SMTP_URL);
  const secure = url.protocol === 'smtps:';
  const user = e.SMTP_USER ?? (url.username ? decodeURIComponent(url.username) : undefined);
  const pass = e.SMTP_PASSWORD ?? (url.password ? decodeURIComponent(url.password) : undefined);
  if ((user === undefined) !== (pass === undefined))
    throw new Error('环境变量有误（邮件发送）：SMTP 用户名和密码须同时设置');
  const from = e.SMTP_FROM ?? url.searchParams.get('from') ?? `banshi@${url.hostname}`;
  if (!z.email().safeParse(from).success)
    throw new Error(`环境变量有误（邮件发送）：发件地址 ${from} 不是电子邮箱地址`);
  let ca: string | undefined;
  if (e.SMTP_CA_FILE) {
    try {
      ca = readFileSync(e.SMTP_CA_FILE, 'utf8');
    } catch (error) {
      throw new Error(`环境变量有误（邮件发送）：无法读取 SMTP_CA_FILE（${(error as Error).message}）`, {
        cause: error
      });
    }
  }
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(url.port || (secure ? 465 : 25)),
    secure,
    starttls: e.SMTP_STARTTLS ?? (user ? 'required' : 'opportunistic'),
    auth: user !== undefined && pass !== undefined ? { user, pass } : undefined,
    verify: e.SMTP_TLS_VERIFY === 'on',
    ca,
    from
  };
}

/**
 * E-mail through an SMTP submission server, with nodemailer: STARTTLS or implicit TLS, AUTH (PLAIN, LOGIN, …, as the
 * server offers), a UTF-8 subject and body, `Date` and `Message-ID`, and a checked recipient. One connection per
 * message. A server's permanent refusal of the recipient or the message (a 5xx reply to MAIL, RCPT or DATA) is a
 * `PermanentFailure`, which the outbox does not retry; anything else (4xx, no connection, TLS, sign-in) is retried,
 * since it may clear or be fixed by the operator.
 */
export function smtpChannel(settings: SmtpSettings | string): Channel {
  const s = typeof settings === 'string' ? smtpSettings({ SMTP_URL: settings })! : settings;
  const transport = createTransport({
    host: s.host,
    port: s.port,
    secure: s.secure,
    requireTLS: !s.secure && s.starttls === 'required',
    ignoreTLS: !s.secure && s.starttls === 'off',
    auth: s.auth,
    name: 'banshi',
    tls: { rejectUnauthorized: s.verify, ...(s.ca ? { ca: s.ca } : {}) },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    // Nothing a message carries is read from disk or the network.
    disableFileAccess: true,
    disableUrlAccess: true
  });
  return {
    transactional: false,
    async deliver(message) {
      // One plain address: nodemailer would read `a@x, b@y` or `"x" <a@x>` as addresses of their own.
      if (!plainAddress.test(message.recipient))
        throw new PermanentFailure(`not a single e-mail address: ${JSON.stringify(message.recipient.slice(0, 100))}`);
      try {
        await transport.sendMail({
          from: s.from,
          to: message.recipient,
          subject: message.subject,
          text: message.body,
          textEncoding: 'base64'
        });
      } catch (error) {
        throw permanence(error);
      }
    }
  };
}

const plainAddress = /^[^\s<>()[\]\\,;:"@]+@[^\s<>()[\]\\,;:"@]+$/;

/**
 * Which failures no retry will cure: the server answered 5xx to the envelope or the message, or the envelope was
 * refused before sending (an address that is not one).
 */
function permanence(error: unknown): unknown {
  const e = error as { code?: string; responseCode?: number; message?: string };
  const refused =
    (e?.code === 'EENVELOPE' || e?.code === 'EMESSAGE') &&
    typeof e.responseCode === 'number' &&
    e.responseCode >= 500 &&
    e.responseCode < 600;
  if (refused) return new PermanentFailure(`SMTP ${e.responseCode}: ${e.message ?? ''}`, { cause: error });
  if (e?.code === 'EENVELOPE' && e.responseCode === undefined)
    return new PermanentFailure(`SMTP: ${e.message ?? 'invalid envelope'}`, { cause: error });
  return error;
}
