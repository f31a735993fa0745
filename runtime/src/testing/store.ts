import { WorkCalendar } from '@banshi/definition/calendar';
import { createEngine, type Engine, CaseStore } from '../cases/index.ts';
import { DefinitionRegistry, importCatalog } from '../catalog/index.ts';
import { openTestDb, type DbKind, type TestDb } from './database.ts';
import { loadCatalog } from './catalog.ts';

export interface TestStore extends TestDb {
  registry: DefinitionRegistry;
  engine: Engine;
  cases: CaseStore;
  calendar: WorkCalendar;
  close(): Promise<void>;
}

/** A fresh database of `kind` with the shipped catalogue (its golden Definitions) imported and published. */
export async function openTestStore(kind: DbKind): Promise<TestStore> {
  const t = await openTestDb(kind);
  const { catalog, definitions, calendar } = loadCatalog();
  await importCatalog(
    t.db,
    catalog,
    {},
    definitions.map(d => ({ definition: d, path: d.source.file, source: `// ${d.name}` }))
  );
  const registry = new DefinitionRegistry(t.db);
  await registry.start();
  const engine = createEngine(calendar);
  const cases = new CaseStore(t.db, engine, registry);
  return {
    ...t,
    registry,
    engine,
    cases,
    calendar,
    async close() {
      await registry.stop();
      await t.drop();
    }
  };
}
