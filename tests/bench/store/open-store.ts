/**
 * A case store over a database someone else created (the bench's parent process owns and drops it), set up as
 * `openTestStore` does: the shipped catalogue imported and published, the registry started, the applicant's
 * phone and e-mail read in the command's transaction for the outbox.
 */
import { createEngine } from '../../../runtime/src/cases/engine/index.ts';
import { CaseStore } from '../../../runtime/src/cases/case-store.ts';
import type { Db, Sql } from '../../../runtime/src/platform/db/db.ts';
import { DefinitionRegistry, importCatalog } from '../../../runtime/src/catalog/registry.ts';
import { loadCatalog } from '../../../runtime/src/testing/catalog.ts';

export interface BenchStore {
  cases: CaseStore;
  registry: DefinitionRegistry;
  calendar: ReturnType<typeof loadCatalog>['calendar'];
  byName: ReturnType<typeof loadCatalog>['byName'];
}

export async function openBenchStore(db: Db): Promise<BenchStore> {
  const { catalog, definitions, calendar, byName } = loadCatalog();
  await importCatalog(
    db,
    catalog,
    {},
    definitions.map(d => ({ definition: d, path: d.source.file, source: `// ${d.name}` }))
  );
  const registry = new DefinitionRegistry(db);
  await registry.start();
  const cases = new CaseStore(db, createEngine(calendar), registry);
  return { cases, registry, calendar, byName };
}

/** An organisation that applies: with a phone, so each notification goes to the inbox and by SMS. */
export async function insertApplicant(db: Db, id: string, login: string): Promise<void> {
  await db.query(
    `insert into users (id, kind, login, password_hash, name, phone) values ($1, 'organisation', $2, 'x', '厦门市某建设有限公司', '13800000000')`,
    [id, login]
  );
}

/**
 * `db` with every round trip counted: the store's queries, and BEGIN and COMMIT for each transaction. `statements()`
 * reads the count so far.
 */
export function countingStatements(db: Db): { db: Db; statements(): number } {
  let statements = 0;
  const count = (sql: Sql): Sql => ({
    query: (text, params) => {
      statements++;
      return sql.query(text, params);
    }
  });
  return {
    db: {
      ...db,
      query: count(db).query,
      transaction: fn => {
        statements += 2;
        return db.transaction(tx => fn(count(tx)));
      }
    },
    statements: () => statements
  };
}
