import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface RuntimeProcess {
  url: string;
  child: ChildProcess;
  output: string[];
  /** SIGTERM and wait for the exit. */
  stop(): Promise<number | null>;
  /** SIGKILL: no chance to finish anything. */
  kill(): Promise<void>;
}

/** Starts `npm start`'s program as its own process (as production runs it) and waits until it listens. */
export async function startRuntime(env: Record<string, string>, timeoutMs = 60_000): Promise<RuntimeProcess> {
  const child = spawn(process.execPath, ['--import', './tools/node-polyfills.mjs', '--import', 'tsx', 'runtime/src/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', BANSHI_DEMO: 'on', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  const output: string[] = [];
  const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`runtime did not start in ${timeoutMs} ms:\n${output.join('')}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output.push(text);
      const match = /已启动：(http:\/\/[^\s]+)/.exec(output.join(''));
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('exit', code => {
      clearTimeout(timer);
      reject(new Error(`runtime exited with ${code} before listening:\n${output.join('')}`));
    });
  });
  return {
    url, child, output,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    }
  };
}

/** A user of a running runtime, signed in with a bearer token (no cookie, no CSRF token needed). */
export class HttpUser {
  constructor(readonly base: string, readonly token: string, readonly id: string) {}

  static async signIn(base: string, login: string, password = 'banshi-demo-2026'): Promise<HttpUser> {
    const response = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password, bearer: true }) });
    const body = await response.json() as { token: string; principal: { id: string } };
    if (!response.ok) throw new Error(`sign-in failed: ${JSON.stringify(body)}`);
    return new HttpUser(base, body.token, body.principal.id);
  }

  on(base: string): HttpUser {
    return new HttpUser(base, this.token, this.id);
  }

  async post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}`, ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(20_000)
    });
    return { status: response.status, body: await response.json() };
  }
}
