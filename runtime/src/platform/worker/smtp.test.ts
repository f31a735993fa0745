import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailPassword, mailUser, startMailServer, type TestMailServer } from '../../testing/mail-server.ts';
import { PermanentFailure, type OutgoingMessage } from './channels.ts';
import { smtpChannel, smtpSettings } from './smtp.ts';

const message = (recipient: string, id = 1): OutgoingMessage => ({
  id,
  caseId: null,
  channel: 'email',
  recipient,
  subject: '【建筑工程施工许可证核发】办件 GZ-2026-000001',
  body: '您的申请已受理，承诺于 2026年10月20日前办结。\n如有疑问请致电 12345。',
  payload: {}
});

const send = (channel: ReturnType<typeof smtpChannel>, m: OutgoingMessage) => channel.deliver(m, undefined as never);

describe('e-mail through a port-587 submission server (smtp-server on 127.0.0.1: STARTTLS, then AUTH)', () => {
  let server: TestMailServer;
  beforeAll(async () => {
    server = await startMailServer();
  });
  afterAll(async () => server?.close());

  it('upgrades with STARTTLS, signs in, and delivers a Chinese subject and body with Date and Message-ID', async () => {
    await send(smtpChannel(server.settings()), message('applicant@example.com'));
    const got = server.received.at(-1)!;
    expect(got.secure).toBe(true);
    expect(got.user).toBe(mailUser);
    expect(got.from).toBe('notice@zwfw.example.gov.cn');
    expect(got.to).toEqual(['applicant@example.com']);
    expect(got.mail.subject).toBe('【建筑工程施工许可证核发】办件 GZ-2026-000001');
    expect(got.mail.text?.trim()).toBe('您的申请已受理，承诺于 2026年10月20日前办结。\n如有疑问请致电 12345。');
    expect(got.mail.from?.text).toBe('notice@zwfw.example.gov.cn');
    expect(got.mail.date).toBeInstanceOf(Date);
    expect(got.mail.messageId).toMatch(/^<.+@.+>$/);
    expect(got.mail.headers.get('content-type')).toMatchObject({ params: { charset: 'utf-8' } });
    // The subject crossed the wire encoded (RFC 2047), not as raw UTF-8 in a header.
    expect(got.raw).toMatch(/^Subject: =\?UTF-8\?/m);
  });

  it('signs in with AUTH LOGIN where the server offers only that', async () => {
    const loginOnly = await startMailServer({ authMethods: ['LOGIN'] });
    try {
      await send(smtpChannel(loginOnly.settings()), message('login@example.com'));
      expect(loginOnly.received.at(-1)).toMatchObject({ auth: 'LOGIN', user: mailUser, secure: true });
    } finally {
      await loginOnly.close();
    }
    expect(server.received[0]!.auth).toBe('PLAIN');
  });

  it('is configured from the environment as before: SMTP_URL with credentials and ?from=, plus SMTP_CA_FILE', async () => {
    const settings = smtpSettings({
      SMTP_URL: `smtp://${encodeURIComponent(mailUser)}:${encodeURIComponent(mailPassword)}@127.0.0.1:${server.port}?from=banshi@zwfw.example.gov.cn`,
      SMTP_CA_FILE: server.caFile
    })!;
    expect(settings).toMatchObject({ port: server.port, starttls: 'required', verify: true, secure: false });
    await send(smtpChannel(settings), message('second@example.com', 2));
    expect(server.received.at(-1)).toMatchObject({ from: 'banshi@zwfw.example.gov.cn', user: mailUser });
    const split = smtpSettings({
      SMTP_URL: `smtp://127.0.0.1:${server.port}`,
      SMTP_USER: mailUser,
      SMTP_PASSWORD: mailPassword,
      SMTP_FROM: 'other@zwfw.example.gov.cn',
      SMTP_CA_FILE: server.caFile
    })!;
    await send(smtpChannel(split), message('third@example.com', 3));
    expect(server.received.at(-1)).toMatchObject({ from: 'other@zwfw.example.gov.cn', to: ['third@example.com'] });
  });

  it('refuses unclear settings with a Chinese message, and is off without SMTP_URL', () => {
    expect(smtpSettings({})).toBeUndefined();
    expect(() => smtpSettings({ SMTP_URL: 'http://mail.example.com' })).toThrow(/环境变量有误/);
    expect(() => smtpSettings({ SMTP_URL: 'smtp://mail.example.com', SMTP_USER: 'only-user' })).toThrow(
      /用户名和密码须同时设置/
    );
    expect(() => smtpSettings({ SMTP_URL: 'smtp://mail.example.com', SMTP_STARTTLS: 'sometimes' })).toThrow(
      /SMTP_STARTTLS/
    );
    expect(() => smtpSettings({ SMTP_URL: 'smtp://mail.example.com', SMTP_CA_FILE: '/nonexistent/ca.pem' })).toThrow(
      /SMTP_CA_FILE/
    );
    // Without a password to protect, STARTTLS is taken when offered; with one, it is required.
    expect(smtpSettings({ SMTP_URL: 'smtp://mail.example.com' })).toMatchObject({
      port: 25,
      starttls: 'opportunistic',
      from: 'banshi@mail.example.com'
    });
    expect(smtpSettings({ SMTP_URL: 'smtps://u:p@mail.example.com' })).toMatchObject({ port: 465, secure: true });
  });

  it('does not trust a certificate it was not told to trust, and does not send the password without TLS', async () => {
    const untrusted = send(smtpChannel(server.settings({ ca: undefined })), message('x@example.com', 4));
    await expect(untrusted).rejects.toThrow(/certificate/i);
    await expect(untrusted).rejects.not.toBeInstanceOf(PermanentFailure);
    // STARTTLS turned off: the server, like most 587 servers, refuses AUTH in the clear; a setting to fix, so retried.
    const clear = send(smtpChannel(server.settings({ starttls: 'off' })), message('x@example.com', 5));
    await expect(clear).rejects.toThrow(/STARTTLS|538|530/);
    await expect(clear).rejects.not.toBeInstanceOf(PermanentFailure);
    const wrong = send(
      smtpChannel(server.settings({ auth: { user: mailUser, pass: 'wrong' } })),
      message('x@e.com', 6)
    );
    await expect(wrong).rejects.toThrow(/535/);
    await expect(wrong).rejects.not.toBeInstanceOf(PermanentFailure);
  });

  it('tells a permanent refusal (5xx) from a temporary one (4xx, no connection)', async () => {
    server.refuse('gone@example.com', 550);
    server.refuse('busy@example.com', 450);
    const channel = smtpChannel(server.settings());
    await expect(send(channel, message('gone@example.com', 7))).rejects.toBeInstanceOf(PermanentFailure);
    const busy = send(channel, message('busy@example.com', 8));
    await expect(busy).rejects.toThrow(/450/);
    await expect(busy).rejects.not.toBeInstanceOf(PermanentFailure);
    const nowhere = send(smtpChannel(server.settings({ port: 1 })), message('a@example.com', 9));
    await expect(nowhere).rejects.toThrow(/ECONNREFUSED/);
    await expect(nowhere).rejects.not.toBeInstanceOf(PermanentFailure);
    // A recipient carrying a line break is never written into the conversation.
    const before = server.received.length;
    const injected = send(channel, message('a@example.com>\r\nRSET\r\nRCPT TO:<b@example.com', 10));
    await expect(injected).rejects.toBeInstanceOf(PermanentFailure);
    expect(server.received.length).toBe(before);
    server.accept();
  });
});
