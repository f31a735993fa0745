import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { WorkCalendar } from '@banshi/definition/calendar';
import {
  createEngine,
  type EngineCalendar,
  calendarHistory,
  recountPass,
  CaseStore,
  caseTimerHandlers,
  fillMeasures,
  fillWaits
} from './cases/index.ts';
import { directoryBlobStore } from './platform/files/blobs.ts';
import { fileKeyring } from './platform/seal/index.ts';
import { createApp, type AppOptions } from './app.ts';
import type { Logger } from './platform/observability/log.ts';
import { Metrics } from './platform/observability/metrics.ts';
import { progressLog } from './platform/observability/progress.ts';
import { remindOfNextYear, importCatalogue, publishDue, PublicationScheduler } from './publishing/index.ts';
import { pruneLoginFailures, pruneRegistrationCodes } from './accounts/index.ts';
import { extendAppealPeriods } from './blacklist/index.ts';
import type { Services } from './cases/index.ts';
import { documentsChore } from './documents/index.ts';
import { connectPostgres, openPglite, type Db } from './platform/db/db.ts';
import { openServing } from './platform/db/roles.ts';
import { checkpointChore } from './platform/integrity/checkpoints.ts';
import { DefinitionRegistry } from './catalog/index.ts';
import { migrate } from './platform/db/migrate.ts';
import { inboxChannel, logChannel, webhookSmsChannel, type Channel } from './platform/worker/channels.ts';
import { requestTimerHandlers } from './requests/index.ts';
import { supervisionTimerHandlers } from './supervision/index.ts';
import { webhookChore } from './exchange/index.ts';
import { archiveChore } from './archives/index.ts';
import { smtpChannel, type SmtpSettings } from './platform/worker/smtp.ts';
import { Worker } from './platform/worker/worker.ts';
import { autovacuumWarning, housekeepingChore } from './platform/db/housekeeping.ts';
import { registerWorkQueueGauges } from './platform/worker/gauges.ts';

export interface BootOptions {
  databaseUrl?: string;
  /** DATABASE_OWNER_URL: the tables' owner, for migrations; databaseUrl then serves as the runtime's role. */
  databaseOwnerUrl?: string;
  /** DATABASE_READ_URL: a streaming replica for the hall's public pages and supervision's figures (Services.reads). */
  databaseReadUrl?: string;
  dataDir: string;
  /**
   * The site's public address (BANSHI_PUBLIC_URL, else the address it listens on): sealed documents' QR codes point
   * under it, and with it the worker seals each new notice and puts sealed PDFs into archive packages.
   */
  publicUrl?: string;
  /** Where the departments' seal keys are (BANSHI_SEAL_KEYS); the data folder's `keys` by default. */
  sealKeysDir?: string;
  catalogDir: string;
  log: Logger;
  worker?: boolean;
  now?: () => number;
  /** E-mail through an SMTP server (SMTP_URL and the other SMTP_* variables); to the log without it. */
  smtp?: SmtpSettings;
  smsWebhookUrl?: string;
  /** Lets webhook subscriptions reach receivers on this machine (tests and drills only). */
  webhookLoopback?: boolean;
  extensions?: AppOptions['extensions'];
  /** The provincial identity platform (BANSHI_OIDC_*); off without it. */
  oidc?: AppOptions['oidc'];
}

export interface Runtime {
  db: Db;
  services: Services;
  worker: Worker | undefined;
  metrics: Metrics;
  fetch: (request: Request, env?: unknown) => Response | Promise<Response>;
  /** Finishes what is in flight, then closes the worker, the listeners and the database. */
  close(): Promise<void>;
  imported: boolean;
}

/** Opens the database (PostgreSQL when a URL is given, else PGlite under dataDir), migrates, imports, wires. */
export async function boot(options: BootOptions): Promise<Runtime> {
  if (!options.databaseUrl) mkdirSync(join(options.dataDir, 'pglite'), { recursive: true });
  // A first start is long (PGlite's initdb, every migration, the catalogue compiled): say what it is doing.
  const creating = !options.databaseUrl && !existsSync(join(options.dataDir, 'pglite', 'PG_VERSION'));
  options.log({
    level: 'info',
    msg: creating ? '正在创建内置数据库（PGlite，首次启动约需十几秒）' : '正在打开数据库',
    step: 'database',
    database: options.databaseUrl ? 'postgres' : 'pglite'
  });
  const migrated = progressLog(options.log, 'migrate', (done, total, name) => `数据库迁移 ${done}/${total}：${name}`);
  const progress = (m: { version: number; name: string }, done: number, total: number) =>
    migrated(done, total, `${String(m.version).padStart(3, '0')}_${m.name}`);
  // PostgreSQL: migrated as the owner (databaseOwnerUrl), served as the runtime's role (migration 022). PGlite is
  // one user in one process: it stays the owner (see README, 生产环境的数据库角色).
  const { db, applied } = options.databaseUrl
    ? await openServing({
        databaseUrl: options.databaseUrl,
        ownerUrl: options.databaseOwnerUrl,
        log: options.log,
        progress
      })
    : await openPglite({ dataDir: join(options.dataDir, 'pglite') }).then(async pg => ({
        db: pg,
        applied: await migrate(pg, Infinity, progress)
      }));
  if (applied.length) options.log({ level: 'info', msg: 'migrated', versions: applied });
  const vacuumOff = await autovacuumWarning(db);
  if (vacuumOff) options.log({ level: 'warn', msg: vacuumOff, step: 'database' });
  options.log({ level: 'info', msg: '正在载入事项目录（首次启动时编译）', step: 'catalogue', dir: options.catalogDir });
  const imported =
    (await importCatalogue(db, options.catalogDir, options.log, (options.now ?? Date.now)())) === 'imported';
  const registry = new DefinitionRegistry(db);
  await registry.start();

  // The calendar follows the published catalogue; the engine reads it through this port.
  let calendar = new WorkCalendar(registry.catalog().calendars);
  let calendarVersion = registry.catalog();
  registry.onChange(() => {
    if (registry.catalog() !== calendarVersion) {
      calendarVersion = registry.catalog();
      calendar = new WorkCalendar(calendarVersion.calendars);
    }
  });
  const port: EngineCalendar = {
    deadline: (a, b) => calendar.deadline(a, b),
    remaining: (a, b, c) => calendar.remaining(a, b, c),
    resume: (a, b) => calendar.resume(a, b),
    isWorkday: d => calendar.isWorkday(d),
    isProvisional: (a, b) => calendar.isProvisional(a, b),
    dateOf: a => calendar.dateOf(a),
    endOfDay: d => calendar.endOfDay(d)
  };
  const engine = createEngine(port);
  const cases = new CaseStore(db, engine, registry, calendarHistory());
  // Cases written before the inbox kept who they wait for (a database migrated to 014) get their rows once.
  const waited = await fillWaits(db, row => cases.definitionOf(row));
  if (waited) options.log({ level: 'info', msg: 'inbox filled for earlier cases', cases: waited });
  // And their performance measures (绩效测评), for a database migrated to 019.
  const measured = await fillMeasures(db, registry);
  if (measured) options.log({ level: 'info', msg: 'performance measures filled for earlier cases', cases: measured });
  const now = options.now ?? Date.now;
  // A replica serves as the runtime's role too; it is read only, so nothing needs migrating there.
  const reads =
    options.databaseReadUrl && db.kind === 'postgres' ? connectPostgres({ url: options.databaseReadUrl }) : db;
  const services: Services = {
    db,
    reads,
    registry,
    cases,
    engine,
    calendar: () => calendar,
    blobs: directoryBlobStore(join(options.dataDir, 'blobs')),
    seals: fileKeyring(db, options.sealKeysDir ?? join(options.dataDir, 'keys'), options.now ?? Date.now),
    now
  };
  // Every process keeps a timer for the nearest scheduled publication (issue 14): live at its time, no request needed.
  const scheduler = new PublicationScheduler(services, options.log);
  await scheduler.start();
  const metrics = new Metrics();
  registerWorkQueueGauges(metrics.registry, db);
  const { app } = createApp(services, {
    log: options.log,
    metrics,
    extensions: options.extensions,
    webhookLoopback: options.webhookLoopback,
    oidc: options.oidc
  });

  // Messages with no gateway go to the log as records of it: with the time, the level, the format and the masking.
  const toLog = (line: string) => options.log(JSON.parse(line) as Parameters<Logger>[0]);
  const channels: Record<string, Channel> = {
    inbox: inboxChannel,
    sms: options.smsWebhookUrl ? webhookSmsChannel(options.smsWebhookUrl) : logChannel('sms', toLog),
    email: options.smtp ? smtpChannel(options.smtp) : logChannel('email', toLog)
  };
  let appealEpoch: number | undefined;
  const documents = options.publicUrl ? { baseUrl: options.publicUrl } : undefined;
  const worker =
    options.worker === false
      ? undefined
      : new Worker(db, {
          handlers: { ...caseTimerHandlers(cases), ...requestTimerHandlers, ...supervisionTimerHandlers },
          channels,
          now,
          log: options.log,
          chores: [
            // A net under the publication timer (a process asleep at the time, a clock set forward in a drill).
            { name: 'scheduledPublications', run: at => publishDue(services, at) },
            { name: 'recount', run: at => recountPass({ db, registry, cases }, at) },
            { name: 'calendarReminder', run: at => remindOfNextYear(db, calendar, at) },
            // Webhooks (issue 16): what entered the feed, queued per subscription, then POSTed with retries.
            webhookChore(db, `webhooks-${process.pid}`, { allowLoopback: options.webhookLoopback ?? false }),
            // Sealed documents (issue 17): each new notice of a case as a sealed PDF, when the public address is known.
            ...(documents ? [documentsChore(services, documents)] : []),
            // Hourly, a signed checkpoint of the hash chains' heads into files outside the database (issue 17).
            checkpointChore(services, join(options.dataDir, 'checkpoints'), options.log),
            // Closed cases archived automatically (seed 001 第二十二条): a sealed package, then the `archive` command.
            archiveChore(services, { log: options.log, documents }),
            // The embedded database has no autovacuum: dead rows reclaimed and statistics kept, as PostgreSQL would.
            housekeepingChore(db, options.log),
            // Failed sign-ins older than the throttle's window count for nothing: they go.
            { name: 'loginFailures', run: async at => (await pruneLoginFailures(db, at), 0) },
            // Registrations past confirming and past counting towards a limit: their details go.
            { name: 'registrationCodes', run: async at => (await pruneRegistrationCodes(db, at), 0) },
            // Once per calendar epoch in each process (idempotent across processes): appeal periods only ever lengthen.
            {
              name: 'appealPeriods',
              run: async at => {
                const epoch = registry.calendarEpoch();
                if (epoch === appealEpoch) return 0;
                await extendAppealPeriods(db, calendar, at);
                appealEpoch = epoch;
                return 0;
              }
            }
          ]
        });
  worker?.start();

  return {
    db,
    services,
    worker,
    metrics,
    imported,
    fetch: app.fetch,
    async close() {
      await worker?.stop();
      await scheduler.stop();
      await registry.stop();
      if (reads !== db) await reads.close();
      await db.close();
    }
  };
}

/**
 * How long an idle kept-alive connection stays open. Longer than what the clients in front keep one idle for
 * (nginx's upstream `keepalive_timeout` is 60 s), so the client closes first: with Node's default of 5 s the server
 * could close a connection just as a client sent its next request on it, which the client saw as "socket hang up"
 * on a POST it could not safely repeat.
 */
const KEEP_ALIVE_MS = 65_000;

/** Serves the runtime over HTTP on 127.0.0.1 (or `hostname`). */
export function listen(
  runtime: Pick<Runtime, 'fetch'>,
  port: number,
  hostname = '127.0.0.1',
  onListening?: (port: number) => void
): ServerType {
  const server = serve({ fetch: runtime.fetch, port, hostname }, info => onListening?.(info.port));
  if ('keepAliveTimeout' in server) {
    server.keepAliveTimeout = KEEP_ALIVE_MS;
    // Above the idle time, as Node's documentation advises, so a kept connection is not cut by the headers' clock.
    server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  }
  return server;
}
