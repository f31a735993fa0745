import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { Channel } from './channels.ts';

/**
 * E-mail over SMTP (RFC 5321) with AUTH PLAIN, for `SMTP_URL=smtp://user:pass@host:port?from=…` (or smtps://).
 * Small on purpose: one message per connection, UTF-8 subject and body (RFC 2047 / base64).
 */
export function smtpChannel(url: string): Channel {
  const target = new URL(url);
  const from = target.searchParams.get('from') ?? `banshi@${target.hostname}`;
  return {
    transactional: false,
    async deliver(message) {
      const secure = target.protocol === 'smtps:';
      const port = Number(target.port || (secure ? 465 : 25));
      const socket: Socket = secure
        ? connectTls({ host: target.hostname, port })
        : connectTcp({ host: target.hostname, port });
      const session = new SmtpSession(socket);
      try {
        await session.expect(220);
        await session.send(`EHLO banshi`, 250);
        if (target.username) {
          const auth = Buffer.from(
            `\0${decodeURIComponent(target.username)}\0${decodeURIComponent(target.password)}`
          ).toString('base64');
          await session.send(`AUTH PLAIN ${auth}`, 235);
        }
        await session.send(`MAIL FROM:<${from}>`, 250);
        await session.send(`RCPT TO:<${message.recipient}>`, 250);
        await session.send('DATA', 354);
        const subject = `=?UTF-8?B?${Buffer.from(message.subject).toString('base64')}?=`;
        const body = Buffer.from(message.body).toString('base64').replace(/.{76}/g, '$&\r\n');
        await session.send(
          [
            `From: <${from}>`,
            `To: <${message.recipient}>`,
            `Subject: ${subject}`,
            'MIME-Version: 1.0',
            'Content-Type: text/plain; charset=UTF-8',
            'Content-Transfer-Encoding: base64',
            '',
            body,
            '.'
          ].join('\r\n'),
          250
        );
        await session.send('QUIT', 221).catch(() => {});
      } finally {
        socket.destroy();
      }
    }
  };
}

class SmtpSession {
  private buffer = '';
  private waiting: ((line: string) => void) | undefined;
  private failure: Error | undefined;

  constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.setTimeout(15_000, () => socket.destroy(new Error('SMTP timeout')));
    socket.on('data', chunk => {
      this.buffer += chunk;
      this.flush();
    });
    socket.on('error', error => {
      this.failure = error;
      this.waiting?.('');
    });
  }

  /** The next complete reply (multi-line replies end with "NNN "). */
  private flush(): void {
    const lines = this.buffer.split('\r\n');
    for (let i = 0; i < lines.length - 1; i++) {
      if (/^\d{3} /.test(lines[i]!)) {
        const reply = lines.slice(0, i + 1).join('\n');
        this.buffer = lines.slice(i + 1).join('\r\n');
        const w = this.waiting;
        this.waiting = undefined;
        w?.(reply);
        return;
      }
    }
  }

  expect(code: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting = reply => {
        if (this.failure) return reject(this.failure);
        if (!reply.split('\n').at(-1)!.startsWith(String(code)))
          return reject(new Error(`SMTP: expected ${code}, got ${reply}`));
        resolve();
      };
      this.flush();
    });
  }

  async send(line: string, code: number): Promise<void> {
    const reply = this.expect(code);
    this.socket.write(`${line}\r\n`);
    await reply;
  }
}
