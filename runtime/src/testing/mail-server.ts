import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { SmtpSettings } from '../platform/worker/smtp.ts';

/** A message as the server received it: the envelope and the parsed mail. */
export interface ReceivedMail {
  from: string;
  to: string[];
  user: string | undefined;
  /** The AUTH mechanism the client signed in with. */
  auth: string | undefined;
  /** Whether the message came over TLS (STARTTLS). */
  secure: boolean;
  mail: ParsedMail;
  /** The message as it crossed the wire. */
  raw: string;
}

export interface TestMailServer {
  port: number;
  /** The server's self-signed certificate (PEM), for the client to trust. */
  ca: string;
  caFile: string;
  received: ReceivedMail[];
  /** Settings for the platform's SMTP channel that reach this server as a submission server would be reached. */
  settings(overrides?: Partial<SmtpSettings>): SmtpSettings;
  /** Makes the server answer RCPT TO for `address` with `code` (550: for good, 450: try later). */
  refuse(address: string, code: number): void;
  /** Stops refusing every address. */
  accept(): void;
  close(): Promise<void>;
}

export const mailUser = 'banshi-mailer';
export const mailPassword = 'p@ss:word/with spaces';

/**
 * A real SMTP server (smtp-server, nodemailer's server) on 127.0.0.1, set up the way a port-587 submission server
 * is: STARTTLS with a self-signed certificate made here by openssl, and AUTH PLAIN or LOGIN (or only those in
 * `authMethods`) allowed only after it. What sign-in each message came with is kept (`auth`).
 */
export async function startMailServer(
  options: { authMethods?: Array<'PLAIN' | 'LOGIN'> } = {}
): Promise<TestMailServer> {
  const dir = mkdtempSync(join(tmpdir(), 'banshi-smtp-'));
  const keyFile = join(dir, 'key.pem');
  const caFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      caFile,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1'
    ],
    { stdio: 'ignore' }
  );
  const ca = readFileSync(caFile, 'utf8');
  const received: ReceivedMail[] = [];
  const refusals = new Map<string, number>();
  const methods = new Map<string, string>();
  const server = new SMTPServer({
    key: readFileSync(keyFile),
    cert: ca,
    authMethods: options.authMethods ?? ['PLAIN', 'LOGIN'],
    // AUTH only over TLS, as smtp-server does by default; said here because the test relies on it.
    allowInsecureAuth: false,
    logger: false,
    onAuth(auth, session, callback) {
      methods.set(session.id, auth.method);
      if (auth.username === mailUser && auth.password === mailPassword) return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const code = refusals.get(address.address.toLowerCase());
      if (code === undefined) return callback();
      return callback(
        Object.assign(new Error(code >= 500 ? 'No such mailbox' : 'Mailbox busy, try again later'), {
          responseCode: code
        })
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          mail => {
            received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map(r => r.address),
              user: session.user as string | undefined,
              auth: methods.get(session.id),
              secure: session.secure,
              mail,
              raw: raw.toString('utf8')
            });
            callback();
          },
          (error: Error) => callback(error)
        );
      });
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    ca,
    caFile,
    received,
    settings: overrides => ({
      host: '127.0.0.1',
      port,
      secure: false,
      starttls: 'required',
      auth: { user: mailUser, pass: mailPassword },
      verify: true,
      ca,
      from: 'notice@zwfw.example.gov.cn',
      ...overrides
    }),
    refuse: (address, code) => refusals.set(address.toLowerCase(), code),
    accept: () => refusals.clear(),
    close: () =>
      new Promise<void>(resolve =>
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        })
      )
  };
}
