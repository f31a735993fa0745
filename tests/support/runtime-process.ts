import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectPostgres, openPglite, type Db } from '../../runtime/src/platform/db/db.ts';
import { createPostgresDatabase, seedPgliteFolder } from '../../runtime/src/testing/database.ts';
import { requiredUploads, type AnswerMap } from '@banshi/definition/answers';
import type { Definition } from '@banshi/definition';
import { materialForm, pdf, type MaterialFile } from '../../runtime/src/testing/materials.ts';
import { demoTotpSecret, totpCode } from '../../runtime/src/accounts/totp.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The environment package.json's `start` and `start:built` give the built runtime (glibc's malloc settings). */
export const builtEnv = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '4194304' } as const;

export interface RuntimeProcess {
  url: string;
  child: ChildProcess;
  output: string[];
  /** SIGTERM and wait for the exit. */
  stop(): Promise<number | null>;
  /** SIGKILL: no chance to finish anything. */
  kill(): Promise<void>;
}

/**
 * What the deployment page's systemd unit and compose.yaml add on PostgreSQL: a 64 MB young generation for V8, and
 * one runtime process per core (docs/deployment.md, section 5). Not for the embedded database, where memory has its
 * goal and one process holds the database.
 */
export const postgresEnv = { NODE_OPTIONS: '--max-semi-space-size=64', BANSHI_PROCESSES: 'auto' } as const;

let builtHere = false;

/**
 * Starts the runtime from its sources (through tsx) as its own process and waits until it listens; with
 * `program: 'built'`, the build instead, as `npm start` runs it: dist/ made from the sources as they are (once per
 * calling process, by tools/build.mjs as npm start does), then dist/main.mjs with `builtEnv`.
 */
export async function startRuntime(
  env: Record<string, string>,
  timeoutMs = 60_000,
  program: 'source' | 'built' = 'source'
): Promise<RuntimeProcess> {
  // Under Vitest, dist/ is built once before any file runs (tests/support/build-once.ts).
  if (program === 'built' && !builtHere && process.env.BANSHI_BUILT_FOR_TESTS !== '1') {
    execFileSync(process.execPath, ['--import', 'tsx', 'tools/build.mjs'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit']
    });
    builtHere = true;
  }
  const child = spawn(
    process.execPath,
    program === 'built'
      ? ['dist/main.mjs']
      : ['--import', './tools/node-polyfills.mjs', '--import', 'tsx', 'runtime/src/main.ts'],
    {
      cwd: root,
      env: { ...process.env, PORT: '0', BANSHI_DEMO: 'on', ...(program === 'built' ? builtEnv : {}), ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  );
  const output: string[] = [];
  const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    // A runtime that does not start in time is killed: left running, it outlived the test (and a bench) that gave up.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`runtime did not start in ${timeoutMs} ms:\n${output.join('')}`));
    }, timeoutMs);
    let listening = false;
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      // Looked for until found only: joining every line a busy runtime logs on each chunk grows with the square of
      // the output and slowed the reading side (a bench's own process) until the runtime blocked on its stdout pipe.
      if (listening) return;
      const match = /已启动：(http:\/\/[^\s"]+)/.exec(output.join(''));
      if (match) {
        listening = true;
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
    url,
    child,
    output,
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

/**
 * Where one runtime of a test lives: a data folder, a PostgreSQL database of its own (or PGlite in the folder), and
 * the process while it runs; `dispose` stops it and removes both.
 */
export class RuntimeRig {
  readonly dataDir: string;
  database: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
  running: RuntimeProcess | undefined;

  constructor(
    name: string,
    readonly kind: 'postgres' | 'pglite' = 'postgres',
    /**
     * PGlite: the first start opens a migrated cluster copied from the test template (seedPgliteFolder) instead of
     * running initdb and every migration in the process, for tests that prove something else than a first start.
     * `program`: the sources through tsx (default) or the build, as `npm start` and production run it.
     */
    readonly options: { seeded?: boolean; program?: 'source' | 'built' } = {}
  ) {
    this.dataDir = mkdtempSync(join(tmpdir(), `banshi-${name}-`));
  }

  /** Starts the runtime on this rig's data (its database made on the first start) with `env` besides. */
  async start(env: Record<string, string> = {}): Promise<RuntimeProcess> {
    if (this.kind === 'postgres') this.database ??= await createPostgresDatabase();
    else if (this.options.seeded && !existsSync(join(this.dataDir, 'pglite')))
      await seedPgliteFolder(join(this.dataDir, 'pglite'));
    this.running = await startRuntime(
      {
        BANSHI_DATA_DIR: this.dataDir,
        ...(this.database ? { DATABASE_URL: this.database.url } : {}),
        ...env
      },
      60_000,
      this.options.program
    );
    return this.running;
  }

  /** The database as the runtime left it, opened directly (with PGlite, only while no runtime holds it). */
  async open(): Promise<Db> {
    return this.database
      ? connectPostgres({ url: this.database.url, max: 2 })
      : openPglite({ dataDir: join(this.dataDir, 'pglite') });
  }

  async dispose(): Promise<void> {
    await this.running?.stop();
    await this.database?.drop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** The secrets staff accounts enrolled through `HttpUser.signIn`, by login; the rest hold the demo secret. */
const enrolledSecrets = new Map<string, string>();

/** The runtime's clock (a drill clock under BANSHI_CLOCK), which second-factor codes are checked at. */
export async function runtimeNow(base: string): Promise<number> {
  const answer = (await (await fetch(`${base}/api/auth/demo`)).json()) as { now: string };
  return Date.parse(answer.now);
}

/**
 * The code `login`'s authenticator shows at the runtime's clock: the demo staff's published secret (demo.ts), or the
 * one the account enrolled through `HttpUser.signIn`. Applicants send it too; it is not read for them.
 */
export async function authenticatorCode(base: string, login: string): Promise<string> {
  return totpCode(enrolledSecrets.get(login) ?? demoTotpSecret, await runtimeNow(base));
}

/** A user of a running runtime, signed in with a bearer token (no cookie, no CSRF token needed). */
export class HttpUser {
  constructor(
    readonly base: string,
    readonly token: string,
    readonly id: string
  ) {}

  /**
   * Signs in with the password and, for staff, the code their authenticator shows at the runtime's clock (the demo
   * secret's, or the one enrolled here); a member of staff without a second factor enrols one first, as at their
   * first sign-in.
   */
  static async signIn(base: string, login: string, password = 'banshi-demo-2026'): Promise<HttpUser> {
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body)
      });
    let response = await post('/api/auth/login', {
      login,
      password,
      bearer: true,
      code: await authenticatorCode(base, login)
    });
    let body = (await response.json()) as { token: string; principal: { id: string }; enrolment?: true };
    if (response.ok && body.enrolment) {
      const bearer = { authorization: `Bearer ${body.token}` };
      const shown = await fetch(`${base}/api/auth/second-factor/enrolment`, { headers: bearer });
      const { secret } = (await shown.json()) as { secret: string };
      enrolledSecrets.set(login, secret.replace(/\s/g, ''));
      response = await post(
        '/api/auth/second-factor/enrolment',
        { code: await authenticatorCode(base, login) },
        bearer
      );
      body = (await response.json()) as typeof body;
    }
    if (!response.ok) throw new Error(`sign-in failed: ${JSON.stringify(body)}`);
    return new HttpUser(base, body.token, body.principal.id);
  }

  on(base: string): HttpUser {
    return new HttpUser(base, this.token, this.id);
  }

  async post(
    path: string,
    body: unknown,
    headers: Record<string, string> = {}
  ): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}`, ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(20_000)
    });
    return { status: response.status, body: await response.json() };
  }

  async get(path: string): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.base}${path}`, {
      headers: { authorization: `Bearer ${this.token}` },
      signal: AbortSignal.timeout(20_000)
    });
    const text = await response.text();
    return {
      status: response.status,
      body: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text
    };
  }

  async put(path: string, body: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.base}${path}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(20_000)
    });
    return { status: response.status, body: await response.json() };
  }

  /** Uploads a file for a material as the hall's page does: multipart over HTTP, the bearer token, no JSON. */
  async upload(material: string, bytes: Uint8Array = pdf(), name?: string): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.base}/api/hall/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}` },
      body: materialForm(material, bytes, name),
      signal: AbortSignal.timeout(20_000)
    });
    return { status: response.status, body: await response.json() };
  }

  /**
   * One PDF uploaded for each material the answers make required, ready for the application's `materials`. A
   * refused upload throws an Error saying so; a request the server never answered rejects as fetch does.
   */
  async uploadRequired(definition: Pick<Definition, 'materials'>, answers: AnswerMap): Promise<MaterialFile[]> {
    const files: MaterialFile[] = [];
    for (const material of requiredUploads(definition, answers)) {
      const answer = await this.upload(material.id);
      if (answer.status !== 201) throw new UploadRefused(material.id, answer);
      files.push({ material: material.id, fileId: answer.body.id });
    }
    return files;
  }
}

/** An upload the server answered with something other than 201. */
export class UploadRefused extends Error {
  constructor(
    readonly material: string,
    readonly answer: { status: number; body: unknown }
  ) {
    super(`upload of ${material} → ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}
