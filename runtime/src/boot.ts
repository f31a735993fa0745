import { mkdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { compileFolder, matterFiles } from '@banshi/dsl';
import { WorkCalendar } from '@banshi/definition/calendar';
import { createEngine, type EngineCalendar } from './cases/engine/index.ts';
import { directoryBlobStore } from './platform/files/blobs.ts';
import { createApp, type AppOptions } from './app.ts';
import type { Logger } from './platform/observability/log.ts';
import { Metrics } from './platform/observability/metrics.ts';
import { remindOfNextYear } from './publishing/calendar-reminder.ts';
import { calendarHistory, recountPass } from './cases/recount.ts';
import { extendAppealPeriods } from './restrictions/restrictions.ts';
import type { Services } from './cases/services.ts';
import { CaseStore } from './cases/case-store.ts';
import { connectPostgres, openPglite, type Db } from './platform/db/db.ts';
import { DefinitionRegistry, importCatalog, publishCatalog } from './catalog/registry.ts';
import { migrate } from './platform/db/migrate.ts';
import { inboxChannel, logChannel, webhookSmsChannel, type Channel } from './platform/worker/channels.ts';
import { serviceTimerHandlers } from './requests/service-timers.ts';
import { smtpChannel } from './platform/worker/smtp.ts';
import { caseTimerHandlers } from './cases/timers.ts';
import { Worker } from './platform/worker/worker.ts';

export interface BootOptions {
  databaseUrl?: string;
  dataDir: string;
  catalogDir: string;
  log: Logger;
  worker?: boolean;
  now?: () => number;
  smtpUrl?: string;
  smsWebhookUrl?: string;
  extensions?: AppOptions['extensions'];
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
  const db = options.databaseUrl
    ? connectPostgres({ url: options.databaseUrl })
    : await openPglite({ dataDir: join(options.dataDir, 'pglite') });
  const applied = await migrate(db);
  if (applied.length) options.log({ level: 'info', msg: 'migrated', versions: applied });
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
  const now = options.now ?? Date.now;
  const services: Services = {
    db,
    registry,
    cases,
    engine,
    calendar: () => calendar,
    blobs: directoryBlobStore(join(options.dataDir, 'blobs')),
    now
  };
  const metrics = new Metrics();
  metrics.gauge(async () => {
    const [row] = await db.query<{ timers: number; outbox: number; failed: number }>(
      `select (select count(*) from timers where fired_at is null and cancelled_at is null and due_at <= now())::int as timers,
              (select count(*) from outbox where status = 'pending')::int as outbox,
              (select count(*) from outbox where status = 'failed')::int as failed`
    );
    return [
      { name: 'banshi_timers_due', help: 'Timers due and not yet fired', value: row?.timers ?? 0 },
      { name: 'banshi_outbox_pending', help: 'Messages waiting to be delivered', value: row?.outbox ?? 0 },
      { name: 'banshi_outbox_failed', help: 'Messages that failed for good', value: row?.failed ?? 0 }
    ];
  });
  const { app } = createApp(services, { log: options.log, metrics, extensions: options.extensions });

  const channels: Record<string, Channel> = {
    inbox: inboxChannel,
    sms: options.smsWebhookUrl ? webhookSmsChannel(options.smsWebhookUrl) : logChannel('sms'),
    email: options.smtpUrl ? smtpChannel(options.smtpUrl) : logChannel('email')
  };
  let appealEpoch: number | undefined;
  const worker =
    options.worker === false
      ? undefined
      : new Worker(db, {
          handlers: { ...caseTimerHandlers(cases), ...serviceTimerHandlers },
          channels,
          now,
          log: options.log,
          chores: [
            { name: 'recount', run: at => recountPass({ db, registry, cases }, at) },
            { name: 'calendarReminder', run: at => remindOfNextYear(db, calendar, at) },
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
      await registry.stop();
      await db.close();
    }
  };
}

/**
 * On first start with an empty database the catalogue folder is compiled and published. On later starts, when
 * the folder's files other than matters (departments, calendars, supervision defaults) differ from the published
 * ones, they are published as a new catalogue version: this is how next year's calendar arrives. Matters change
 * through the studio, never by a restart.
 */
async function importCatalogue(
  db: Db,
  catalogDir: string,
  log: Logger,
  now: number
): Promise<'imported' | 'updated' | 'unchanged'> {
  const root = resolve(catalogDir);
  const files = matterFiles(root).map(file => ({ file, path: relative(root, file), text: readFileSync(file, 'utf8') }));
  const [latest] = await db.query<{ version: number; sources: Record<string, string> }>(
    'select version, sources from catalog_versions order by version desc limit 1'
  );
  if (latest) {
    const matterPaths = new Set(
      (await db.query<{ path: string }>('select distinct path from matter_versions')).map(r => r.path)
    );
    const others = files.filter(f => !matterPaths.has(f.path));
    const same =
      others.length === Object.keys(latest.sources).length && others.every(f => latest.sources[f.path] === f.text);
    if (same) return 'unchanged';
  }
  const compiled = await compileFolder(root);
  if (compiled.errors.length > 0 || !compiled.catalog) {
    const first = compiled.errors
      .slice(0, 10)
      .map(e => `${e.file}:${e.line}:${e.column}: ${e.message}`)
      .join('\n');
    throw new Error(
      `目录“${catalogDir}”有 ${compiled.errors.length} 个错误，不能${latest ? '更新' : '导入'}：\n${first}`
    );
  }
  // A Definition names its file relative to the workspace root the compiler used: match by suffix.
  const fileOf = (source: string) => files.find(f => f.path === source || f.file.endsWith(`/${source}`));
  const matters = compiled.definitions.map(definition => {
    const found = fileOf(definition.source.file);
    if (!found) throw new Error(`找不到事项“${definition.name}”的源文件 ${definition.source.file}`);
    return { definition, path: found.path, source: found.text };
  });
  const matterPaths = new Set(matters.map(m => m.path));
  const sources: Record<string, string> = {};
  for (const f of files) if (!matterPaths.has(f.path)) sources[f.path] = f.text;
  if (!latest) {
    const done = await importCatalog(db, compiled.catalog, sources, matters, now);
    if (done)
      log({ level: 'info', msg: 'catalogue imported', matters: matters.length, files: Object.keys(sources).length });
    return done ? 'imported' : 'unchanged';
  }
  const version = await publishCatalog(db, compiled.catalog, sources);
  log({ level: 'info', msg: 'catalogue updated', version, calendars: compiled.catalog.calendars.map(c => c.year) });
  return 'updated';
}

/** Serves the runtime over HTTP on 127.0.0.1 (or `hostname`). */
export function listen(
  runtime: Runtime,
  port: number,
  hostname = '127.0.0.1',
  onListening?: (port: number) => void
): ServerType {
  return serve({ fetch: runtime.fetch, port, hostname }, info => onListening?.(info.port));
}
