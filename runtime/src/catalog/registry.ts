import { Catalog, Definition } from '@banshi/definition';
import type { Db, Sql } from '../platform/db/db.ts';
import { currentNames, withCurrentNames } from './department-names.ts';

/** NOTIFY channel: a matter version or catalogue was published; every process reloads what is live. */
export const publishedChannel = 'banshi_published';
/** The payload's prefix on `publishedChannel` when a version is scheduled for later or withdrawn from its schedule. */
export const scheduleNotice = 'schedule:';

export interface LiveMatter {
  code: string;
  version: number;
  definition: Definition;
  publishedAt: number;
}

/**
 * The published definitions as this process sees them. New cases start under `live(code)`; a running case asks
 * `version(code, n)` for the one it started under, which never changes once published (cached for ever).
 */
export class DefinitionRegistry {
  private liveByCode = new Map<string, LiveMatter>();
  private versions = new Map<string, Definition>();
  /** Versions as `version()` answers them, with today's department names: valid for one catalogue version. */
  private renamed = {
    catalogVersion: -1,
    names: new Map<string, string>() as ReadonlyMap<string, string>,
    byKey: new Map<string, Definition>()
  };
  private currentCatalog: { version: number; catalog: Catalog; epoch: number } | undefined;
  private listeners: Array<() => void> = [];
  private unlisten: (() => Promise<void>) | undefined;

  constructor(private readonly db: Db) {}

  /** Loads what is published and follows every later publication (from this or any other process). */
  async start(): Promise<void> {
    await this.reload();
    this.unlisten = await this.db.listen(publishedChannel, payload => {
      // A version scheduled or its schedule withdrawn: nothing live changed (the publication timers re-arm on it).
      if (payload.startsWith(scheduleNotice)) return;
      void this.reload().catch(error =>
        console.error(JSON.stringify({ level: 'error', msg: 'definition reload failed', error: String(error) }))
      );
    });
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
  }

  /** Called after every reload: the hall's caches hang on this. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  async reload(): Promise<void> {
    const rows = await this.db.query<{ code: string; version: number; definition: unknown; published_at: Date }>(
      `select code, version, definition, published_at from matter_versions where state = 'published' order by code`
    );
    const next = new Map<string, LiveMatter>();
    for (const row of rows) {
      const definition = this.cached(row.code, row.version, row.definition);
      next.set(row.code, { code: row.code, version: row.version, definition, publishedAt: row.published_at.getTime() });
    }
    // The epoch: the first version of the run of latest versions whose calendars are the latest's.
    const catalogRows = await this.db.query<{ version: number; catalog: unknown; epoch: number }>(
      `with latest as (select version, catalog from catalog_versions order by version desc limit 1)
       select l.version, l.catalog,
              coalesce((select max(c.version) from catalog_versions c where c.catalog->'calendars' is distinct from l.catalog->'calendars'), 0) + 1 as epoch
       from latest l`
    );
    const catalogRow = catalogRows[0];
    if (catalogRow && catalogRow.version !== this.currentCatalog?.version) {
      this.currentCatalog = {
        version: catalogRow.version,
        catalog: Catalog.parse(catalogRow.catalog),
        epoch: Number(catalogRow.epoch)
      };
    }
    this.liveByCode = next;
    for (const listener of this.listeners) listener();
  }

  catalog(): Catalog {
    if (!this.currentCatalog) throw new Error('no catalogue imported');
    return this.currentCatalog.catalog;
  }

  /** The catalogue version this process reads. */
  catalogVersion(): number {
    if (!this.currentCatalog) throw new Error('no catalogue imported');
    return this.currentCatalog.version;
  }

  /**
   * The calendar epoch: the catalogue version since which the calendars are the ones this process counts on.
   * Deadlines counted on an earlier epoch are recounted (store/cases.ts `recount`).
   */
  calendarEpoch(): number {
    if (!this.currentCatalog) throw new Error('no catalogue imported');
    return this.currentCatalog.epoch;
  }

  hasCatalog(): boolean {
    return this.currentCatalog !== undefined;
  }

  live(code: string): LiveMatter | undefined {
    return this.liveByCode.get(code);
  }

  all(): LiveMatter[] {
    return [...this.liveByCode.values()];
  }

  /**
   * The definition a case started under, naming each department as the catalogue names it today: a department
   * renamed since (its old name among its 曾用名) is the same department, and its staff go on acting on the case.
   * The one place a rename reaches running cases; the engine compares names as they are.
   */
  async version(code: string, version: number, sql: Sql = this.db): Promise<Definition | undefined> {
    const raw = await this.asWritten(code, version, sql);
    return raw && this.withCurrentNames(`${code}@${version}`, raw);
  }

  /**
   * A version as it was published, department names and all: what a diff between versions must compare (a rename
   * version differs from the one before it only in those names).
   */
  async asWritten(code: string, version: number, sql: Sql = this.db): Promise<Definition | undefined> {
    const key = `${code}@${version}`;
    const known = this.versions.get(key);
    if (known) return known;
    const rows = await sql.query<{ definition: unknown }>(
      `select definition from matter_versions where code = $1 and version = $2 and definition is not null`,
      [code, version]
    );
    return rows[0] ? this.cached(code, version, rows[0].definition) : undefined;
  }

  private withCurrentNames(key: string, definition: Definition): Definition {
    if (!this.currentCatalog) return definition;
    if (this.renamed.catalogVersion !== this.currentCatalog.version)
      this.renamed = {
        catalogVersion: this.currentCatalog.version,
        names: currentNames(this.currentCatalog.catalog),
        byKey: new Map()
      };
    let mapped = this.renamed.byKey.get(key);
    if (!mapped) {
      mapped = withCurrentNames(definition, this.renamed.names);
      this.renamed.byKey.set(key, mapped);
    }
    return mapped;
  }

  private cached(code: string, version: number, raw: unknown): Definition {
    const key = `${code}@${version}`;
    let definition = this.versions.get(key);
    if (!definition) {
      definition = Definition.parse(raw);
      this.versions.set(key, definition);
    }
    return definition;
  }
}

export interface ImportedMatter {
  definition: Definition;
  path: string;
  source: string;
}

/**
 * Imports a compiled catalogue into an empty database: the catalogue as version 1 and every matter published as
 * its version 1. Does nothing when a catalogue is already there (another process got there first).
 */
export async function importCatalog(
  db: Db,
  catalog: Catalog,
  sources: Record<string, string>,
  matters: ImportedMatter[],
  now: number = Date.now()
): Promise<boolean> {
  const imported = await db.transaction(async tx => {
    await tx.query('select pg_advisory_xact_lock(7012)');
    const existing = await tx.query('select 1 from catalog_versions limit 1');
    if (existing.length > 0) return false;
    // The folder's files are the sources: a later start compares the folder with them (folder_sources).
    await tx.query(
      'insert into catalog_versions (version, catalog, sources, folder_sources) values (1, $1::jsonb, $2::jsonb, $2::jsonb)',
      [JSON.stringify(catalog), JSON.stringify(sources)]
    );
    await tx.query(
      `insert into matter_versions (code, version, state, department, name, path, source, definition, note, published_at)
       select m.code, 1, 'published', m.department, m.name, m.path, m.source, m.definition, '目录初始导入', $2
       from jsonb_to_recordset($1::jsonb) as m(code text, department text, name text, path text, source text, definition jsonb)`,
      [
        JSON.stringify(
          matters.map(m => ({
            code: m.definition.code,
            department: m.definition.department.name,
            name: m.definition.name,
            path: m.path,
            source: m.source,
            definition: m.definition
          }))
        ),
        new Date(now).toISOString()
      ]
    );
    await tx.query(`select pg_notify($1, 'catalog')`, [publishedChannel]);
    return true;
  });
  return imported;
}

/**
 * Publishes a new version of the catalogue outside matters (departments, calendars, supervision defaults): every
 * process reloads it over NOTIFY, and the calendar of every later computation follows. Cases keep the deadlines
 * their events carry.
 */
export async function publishCatalog(
  db: Db,
  catalog: Catalog,
  sources: Record<string, string>,
  /** The catalogue folder's own files, when a start publishes what changed in it. */
  folderSources?: Record<string, string>
): Promise<number> {
  return db.transaction(async tx => {
    await tx.query('select pg_advisory_xact_lock(7012)');
    const [row] = await tx.query<{ v: number }>('select coalesce(max(version), 0)::int + 1 as v from catalog_versions');
    await tx.query(
      'insert into catalog_versions (version, catalog, sources, folder_sources) values ($1, $2::jsonb, $3::jsonb, $4::jsonb)',
      [row!.v, JSON.stringify(catalog), JSON.stringify(sources), folderSources ? JSON.stringify(folderSources) : null]
    );
    await tx.query(`select pg_notify($1, 'catalog')`, [publishedChannel]);
    return row!.v;
  });
}
