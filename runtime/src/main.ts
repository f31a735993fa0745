import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { boot, listen } from './boot.ts';
import { configuredBaseUrl } from './documents/index.ts';
import { demoPassword, demoTotpSecret, ensureDemoAccounts, groupedSecret } from './accounts/index.ts';
import { jsonLogger, levels, lineWriter } from './platform/observability/log.ts';
import { smtpSettings } from './platform/worker/smtp.ts';
import { acceptableIssuer } from './accounts/oidc.ts';
import { trustProxies } from './web/peer.ts';
import { isConnectionLost, isDriverSocketFailure } from './platform/db/db.ts';
import { collectWhenQuiet } from './platform/quiet-collect.ts';
import { processEnv, processIndex, superviseProcesses } from './platform/processes.ts';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  BANSHI_DATA_DIR: z.string().default('data'),
  /** The departments' seal key files (production: supplied by the operator); the data folder's keys by default. */
  BANSHI_SEAL_KEYS: z.string().optional(),
  BANSHI_CATALOG: z.string().default('catalog'),
  DATABASE_URL: z.string().url().optional(),
  /** The tables' owner, for migrations (022: DATABASE_URL then serves as a member of banshi_runtime). */
  DATABASE_OWNER_URL: z.string().url().optional(),
  DATABASE_READ_URL: z.string().url().optional(),
  BANSHI_WORKER: z.enum(['on', 'off']).default('on'),
  /**
   * Runtime processes sharing the port (PostgreSQL only): a number, or `auto` for one per core. The background
   * worker runs in the first (platform/processes.ts).
   */
  BANSHI_PROCESSES: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(64)]).default(1),
  BANSHI_DEMO: z.enum(['on', 'off']).optional(),
  SMTP_URL: z.string().url().optional(),
  SMS_WEBHOOK_URL: z.string().url().optional(),
  /** Lets webhook subscriptions reach receivers on this machine over http (tests and drills only). */
  BANSHI_WEBHOOK_LOOPBACK: z.enum(['on', 'off']).default('off'),
  // Drills, training and tests: the clock starts at this instant and runs on from there.
  BANSHI_CLOCK: z.iso.datetime({ offset: true }).optional(),
  /** Reverse proxies whose X-Forwarded-For is believed: addresses or CIDR ranges, comma-separated. */
  BANSHI_TRUSTED_PROXIES: z.string().optional(),
  /** The provincial unified identity platform (OpenID Connect): all four set, or none (off). */
  BANSHI_OIDC_ISSUER: z.string().url().refine(acceptableIssuer, '应为 https 地址（http 仅限本机）').optional(),
  BANSHI_OIDC_CLIENT_ID: z.string().min(1).optional(),
  BANSHI_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  BANSHI_OIDC_REDIRECT_URL: z.string().url().optional(),
  BANSHI_OIDC_SCOPE: z.string().default('openid profile'),
  BANSHI_OIDC_ID_NUMBER_CLAIM: z.string().min(1).default('id_number'),
  BANSHI_OIDC_NAME_CLAIM: z.string().min(1).default('name'),
  LOG_LEVEL: z.enum(levels).default('info'),
  /** json: one JSON object per line; text: readable lines. Text when stdout is a terminal, else JSON. */
  LOG_FORMAT: z.enum(['json', 'text']).optional()
});

const env = Env.safeParse(process.env);
if (!env.success) {
  console.error(`环境变量有误：${env.error.issues.map(i => `${i.path.join('.')} ${i.message}`).join('；')}`);
  process.exit(2);
}
const e = env.data;
const oidcSet = [
  e.BANSHI_OIDC_ISSUER,
  e.BANSHI_OIDC_CLIENT_ID,
  e.BANSHI_OIDC_CLIENT_SECRET,
  e.BANSHI_OIDC_REDIRECT_URL
];
if (oidcSet.some(v => v !== undefined) && !oidcSet.every(v => v !== undefined)) {
  console.error('环境变量有误：统一身份认证需同时设置 BANSHI_OIDC_ISSUER、CLIENT_ID、CLIENT_SECRET 和 REDIRECT_URL');
  process.exit(2);
}
// stdout is one stream in one format: JSON lines for a collector, or, at a terminal, readable lines and the banner.
const textLogs = (e.LOG_FORMAT ?? (process.stdout.isTTY ? 'text' : 'json')) === 'text';
const stdout = lineWriter();
// With several processes, each record says which wrote it (BANSHI_PROCESS, set by their parent).
const log = jsonLogger(stdout, {
  level: e.LOG_LEVEL,
  format: textLogs ? 'text' : 'json',
  fields: cluster.isWorker ? { process: processIndex() } : undefined
});
log({ level: 'info', msg: '办事 Banshi 正在启动', step: 'start', pid: process.pid, node: process.version });
const processes = e.BANSHI_PROCESSES === 'auto' ? availableParallelism() : e.BANSHI_PROCESSES;
if (processes > 1 && !e.DATABASE_URL) {
  console.error(
    '环境变量有误：BANSHI_PROCESSES 大于 1 时需要 PostgreSQL（DATABASE_URL）；内置数据库 PGlite 只能由一个进程打开。'
  );
  process.exit(2);
}
if (processes > 1 && cluster.isPrimary)
  superviseProcesses({ count: processes, worker: e.BANSHI_WORKER === 'on', log, startedAt: Date.now() });
else await serve();

/** One runtime process: the database, the HTTP server, the worker when on. */
async function serve(): Promise<void> {
  const clockStart = e.BANSHI_CLOCK ? Date.parse(e.BANSHI_CLOCK) : undefined;
  // With several processes, a drill clock runs from when their parent started, in each and after a restart.
  const bootedAt = Number(process.env[processEnv.clockFrom] ?? Date.now());
  const now = clockStart === undefined ? Date.now : () => clockStart + (Date.now() - bootedAt);

  try {
    trustProxies(
      (e.BANSHI_TRUSTED_PROXIES ?? '')
        .split(',')
        .map(p => p.trim())
        .filter(Boolean)
    );
  } catch (error) {
    console.error(
      `环境变量 BANSHI_TRUSTED_PROXIES 有误：${(error as Error).message}（应为逗号分隔的地址或网段，如 127.0.0.1, 10.0.0.0/8）`
    );
    process.exit(2);
  }

  // Where sealed documents' QR codes point: the operator's public address, else the address this process listens on
  // (trying Banshi on this machine); unknown until listening when the port is chosen by the system (PORT=0).
  let publicUrl: string | undefined;
  try {
    const listening = ['0.0.0.0', '::'].includes(e.HOST) ? '127.0.0.1' : e.HOST;
    publicUrl =
      configuredBaseUrl(process.env) ??
      (e.PORT ? `http://${listening.includes(':') ? `[${listening}]` : listening}:${e.PORT}` : undefined);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }

  let runtime;
  try {
    runtime = await boot({
      databaseUrl: e.DATABASE_URL,
      databaseOwnerUrl: e.DATABASE_OWNER_URL,
      databaseReadUrl: e.DATABASE_READ_URL,
      dataDir: resolve(e.BANSHI_DATA_DIR),
      publicUrl,
      sealKeysDir: e.BANSHI_SEAL_KEYS ? resolve(e.BANSHI_SEAL_KEYS) : undefined,
      catalogDir: resolve(e.BANSHI_CATALOG),
      log,
      worker: e.BANSHI_WORKER === 'on',
      smtp: smtpSettings(process.env),
      smsWebhookUrl: e.SMS_WEBHOOK_URL,
      webhookLoopback: e.BANSHI_WEBHOOK_LOOPBACK === 'on',
      oidc:
        e.BANSHI_OIDC_ISSUER && e.BANSHI_OIDC_CLIENT_ID && e.BANSHI_OIDC_CLIENT_SECRET && e.BANSHI_OIDC_REDIRECT_URL
          ? {
              issuer: e.BANSHI_OIDC_ISSUER,
              clientId: e.BANSHI_OIDC_CLIENT_ID,
              clientSecret: e.BANSHI_OIDC_CLIENT_SECRET,
              redirectUrl: e.BANSHI_OIDC_REDIRECT_URL,
              scope: e.BANSHI_OIDC_SCOPE,
              idNumberClaim: e.BANSHI_OIDC_ID_NUMBER_CLAIM,
              nameClaim: e.BANSHI_OIDC_NAME_CLAIM
            }
          : undefined,
      now
    });
  } catch (error) {
    console.error(`办事 Banshi 未能启动：${(error as Error).message}`);
    process.exit(1);
  }
  const rt = runtime;
  // A connection cut mid-write can fail inside the driver's socket callback, outside any request: log it and keep
  // serving (the pool reconnects); anything else uncaught still ends the process (security-audit §1.8).
  process.on('uncaughtException', error => {
    if (isDriverSocketFailure(error)) {
      log({ level: 'warn', msg: 'database connection lost in the driver', error: String(error) });
      return;
    }
    console.error(error);
    process.exit(1);
  });
  process.on('unhandledRejection', reason => {
    if (isDriverSocketFailure(reason) || isConnectionLost(reason)) {
      log({ level: 'warn', msg: 'database connection lost outside a request', error: String(reason) });
      return;
    }
    console.error(reason);
    process.exit(1);
  });
  // Demo accounts only where they are safe: the embedded database, or when asked for.
  const demo = (e.BANSHI_DEMO ?? (e.DATABASE_URL ? 'off' : 'on')) === 'on' ? await ensureDemoAccounts(rt.db) : [];

  const server = listen(rt, e.PORT, e.HOST, port => {
    const base = `http://${e.HOST}:${port}`;
    // With several processes the first gives the banner; the others say they are there.
    if (processIndex() > 1) {
      log({
        level: 'info',
        msg: `进程 ${processIndex()}/${processes} 已就绪：${base}`,
        step: 'ready',
        url: base,
        process: processIndex()
      });
      return;
    }
    const lines = [
      `办事 Banshi 已启动：${base}`,
      `  数据库：${e.DATABASE_URL ? `PostgreSQL（${new URL(e.DATABASE_URL).host}）` : `内置 PGlite（${resolve(e.BANSHI_DATA_DIR)}）`}；${rt.services.registry.all().length} 个事项已发布`,
      ...(e.DATABASE_URL
        ? []
        : [
            '  注意：内置数据库仅供试用和开发。PGlite 不做 fsync，操作系统崩溃或断电可能丢失已确认的数据；',
            '        生产环境请设置 DATABASE_URL 使用 PostgreSQL。(The embedded database is for trying Banshi and for development only.)'
          ]),
      `  电子文书二维码指向：${publicUrl ?? '（未设置 BANSHI_PUBLIC_URL：文书在首次下载时按请求地址签章）'}`,
      ...(e.BANSHI_CLOCK ? [`  演练时钟：从 ${e.BANSHI_CLOCK} 起计时（BANSHI_CLOCK），不是真实时间。`] : []),
      `  网上办事大厅：${base}/hall    办事工作台（工作人员）：${base}/studio`,
      `  接口文档：${base}/api/docs    OpenAPI：${base}/api/openapi.json    健康检查：${base}/api/health`,
      ...(demo.length
        ? [
            `  演示账号（密码均为 ${demoPassword}）：`,
            ...demo.map(a => `    ${a.login.padEnd(20)} ${a.who}`),
            `  工作人员另需动态口令：在验证器应用（TOTP）中添加演示密钥 ${groupedSecret(demoTotpSecret)}，登录时输入 6 位数字。`
          ]
        : [])
    ];
    if (textLogs) stdout(lines.join('\n'));
    // The same, as one record (its message is the banner's first line) that collectors parse like every other.
    else
      log({
        level: 'info',
        msg: lines[0]!,
        step: 'ready',
        url: base,
        hall: `${base}/hall`,
        studio: `${base}/studio`,
        docs: `${base}/api/docs`,
        openapi: `${base}/api/openapi.json`,
        health: `${base}/api/health`,
        database: e.DATABASE_URL ? 'postgres' : 'pglite',
        matters: rt.services.registry.all().length,
        publicUrl,
        ...(e.BANSHI_CLOCK ? { clock: e.BANSHI_CLOCK } : {}),
        ...(e.DATABASE_URL
          ? {}
          : { notice: '内置数据库仅供试用和开发（PGlite 不做 fsync）；生产环境请设置 DATABASE_URL 使用 PostgreSQL。' }),
        ...(demo.length
          ? { demo: { password: demoPassword, totpSecret: groupedSecret(demoTotpSecret), accounts: demo } }
          : {})
      });
  });

  let stopping = false;
  async function stop(signal: string) {
    if (stopping) return;
    stopping = true;
    log({ level: 'info', msg: 'shutting down', signal });
    // Stop accepting; requests in flight finish; then the worker's pass, the listeners and the database.
    await new Promise<void>(resolveClose => server.close(() => resolveClose()));
    await rt.close();
    process.exit(0);
  }
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // Memory back once requests stop for a while (an office's evening), not held at the day's peak until morning.
  collectWhenQuiet(server, {
    onCollected: (before, after) =>
      log({
        level: 'debug',
        msg: '空闲时已回收内存',
        heapUsedMb: Math.round(after / 2 ** 20),
        freedMb: Math.round((before - after) / 2 ** 20)
      })
  });
}
