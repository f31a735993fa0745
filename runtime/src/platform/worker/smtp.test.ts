import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpChannel } from './smtp.ts';

/** A small SMTP server speaking the protocol over a real socket, recording what it is given. */
function fakeSmtp(options: { failRcpt?: boolean } = {}) {
  const received: Array<{ auth?: string; from?: string; to?: string; data: string }> = [];
  const server: Server = createServer((socket: Socket) => {
    let current: (typeof received)[number] = { data: '' };
    let inData = false;
    let buffer = '';
    socket.write('220 test ESMTP\r\n');
    socket.on('data', chunk => {
      buffer += chunk.toString('utf8');
      let index: number;
      while ((index = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            received.push(current);
            current = { data: '' };
            socket.write('250 queued\r\n');
          } else current.data += `${line}\n`;
          continue;
        }
        if (line.startsWith('EHLO')) socket.write('250-test\r\n250 AUTH PLAIN\r\n');
        else if (line.startsWith('AUTH PLAIN')) {
          current.auth = Buffer.from(line.slice(11), 'base64').toString('utf8');
          socket.write('235 ok\r\n');
        } else if (line.startsWith('MAIL FROM:')) {
          current.from = line.slice(10);
          socket.write('250 ok\r\n');
        } else if (line.startsWith('RCPT TO:')) {
          current.to = line.slice(8);
          socket.write(options.failRcpt ? '550 no such user\r\n' : '250 ok\r\n');
        } else if (line === 'DATA') {
          inData = true;
          socket.write('354 go on\r\n');
        } else if (line === 'QUIT') socket.end('221 bye\r\n');
      }
    });
  });
  return { server, received };
}

describe('e-mail over SMTP', () => {
  const ok = fakeSmtp();
  const refusing = fakeSmtp({ failRcpt: true });
  const port = (s: Server) => (s.address() as { port: number }).port;
  beforeAll(async () => {
    await new Promise<void>(r => ok.server.listen(0, '127.0.0.1', r));
    await new Promise<void>(r => refusing.server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => {
    ok.server.close();
    refusing.server.close();
  });

  it('sends a Chinese message with authentication, the subject and body encoded as UTF-8', async () => {
    const channel = smtpChannel(`smtp://banshi:s3cret@127.0.0.1:${port(ok.server)}?from=notice@example.gov.cn`);
    await channel.deliver(
      {
        id: 1,
        caseId: null,
        channel: 'email',
        recipient: 'applicant@example.com',
        subject: '【建筑工程施工许可证核发】办件 X',
        body: '您的申请已受理。',
        payload: {}
      },
      undefined as never
    );
    expect(ok.received).toHaveLength(1);
    const mail = ok.received[0]!;
    expect(mail).toMatchObject({
      auth: '\0banshi\0s3cret',
      from: '<notice@example.gov.cn>',
      to: '<applicant@example.com>'
    });
    const [headers, body] = mail.data.split('\n\n');
    const subject = /Subject: =\?UTF-8\?B\?([^?]+)\?=/.exec(headers!)![1]!;
    expect(Buffer.from(subject, 'base64').toString('utf8')).toBe('【建筑工程施工许可证核发】办件 X');
    expect(Buffer.from(body!.replace(/\s/g, ''), 'base64').toString('utf8')).toBe('您的申请已受理。');
  });

  it('fails (for the outbox to retry) when the server refuses the recipient or cannot be reached', async () => {
    const refused = smtpChannel(`smtp://127.0.0.1:${port(refusing.server)}`);
    await expect(
      refused.deliver(
        {
          id: 2,
          caseId: null,
          channel: 'email',
          recipient: 'nobody@example.com',
          subject: 's',
          body: 'b',
          payload: {}
        },
        undefined as never
      )
    ).rejects.toThrow(/550/);
    const closed = smtpChannel('smtp://127.0.0.1:1');
    await expect(
      closed.deliver(
        { id: 3, caseId: null, channel: 'email', recipient: 'a@example.com', subject: 's', body: 'b', payload: {} },
        undefined as never
      )
    ).rejects.toThrow();
  });
});
