import type { WorkCalendar } from '@banshi/definition/calendar';
import type { Engine } from './engine/index.ts';
import type { BlobStore } from '../platform/files/blobs.ts';
import type { SealKeyring } from '../platform/seal/index.ts';
import type { CaseStore } from './case-store.ts';
import type { Db } from '../platform/db/db.ts';
import type { DefinitionRegistry } from '../catalog/index.ts';

/** Everything a request handler may use; built once per process in main.ts (and per test). */
export interface Services {
  db: Db;
  /**
   * Where reads that may lag a moment go: a streaming replica (DATABASE_READ_URL) when there is one, else `db`
   * itself. Only what no one has just written and waits to see: the hall's public pages and supervision's figures.
   * Never a write, and never an applicant's or a clerk's own case right after a command (read your writes: `db`).
   */
  reads: Db;
  registry: DefinitionRegistry;
  cases: CaseStore;
  engine: Engine;
  /** The working-day calendar of the published catalogue. */
  calendar(): WorkCalendar;
  blobs: BlobStore;
  /** The departments' electronic seals (电子签章): SM2 keys, SM3 digests. */
  seals: SealKeyring;
  now(): number;
}
