import { audit } from '../platform/audit.ts';
import type { Logger } from '../platform/observability/log.ts';
import type { Seal } from '../platform/seal/index.ts';
import type { Services } from '../cases/index.ts';
import type { IssueOptions } from '../documents/index.ts';
import { collectCase, isClosed } from './collect.ts';
import { archiveStandard, manifestBytes, parseManifest, sha256Hex, sm3Hex, type Manifest } from './manifest.ts';
import { composeManifest, packageFiles } from './package.ts';

/** A stored archive: the row of `archives`. */
export interface ArchiveRow {
  caseId: string;
  caseNumber: string;
  department: string;
  manifestBlob: string;
  manifestDigest: string;
  manifestSize: number;
  files: number;
  seal: Seal;
  standard: string;
  createdAt: string;
}

/**
 * Archives one closed case (seed 001 第二十二条; 000: 行政审批电子档案的自动生成和保存): builds its package, puts every
 * file and the manifest in the blob store, seals the manifest with the department's seal, then in one transaction
 * under the case's row lock writes the `archives` row and runs the engine's `archive` command as the system, through
 * the case store like the timers' system commands. A case that moved on while the package was built (its version
 * changed) is left for the next pass; a second process finding it archived does nothing. Returns whether it archived.
 */
export async function archiveCase(
  s: Services,
  caseId: string,
  now: number,
  documents?: IssueOptions
): Promise<boolean> {
  const row = await s.cases.load(s.db, caseId);
  // A case archived by hand (the office's `archive` command, or before migration 026) gets its package too.
  const packageOnly = row?.status === 'archived';
  if (!row || !(isClosed(row.status) || packageOnly)) return false;
  const record = await collectCase(s, row, documents);
  const files = packageFiles(record);
  for (const f of files) await s.blobs.put(f.bytes);
  const manifest = composeManifest(record, files, now);
  const bytes = manifestBytes(manifest);
  const manifestBlob = await s.blobs.put(bytes);
  const seal = await s.seals.sign(row.department, bytes);
  return s.db.transaction(async tx => {
    const [current] = await tx.query<{ version: number; status: string }>(
      'select version, status from cases where case_id = $1 for update',
      [caseId]
    );
    if (!current || current.version !== row.version) return false;
    if (packageOnly ? current.status !== 'archived' : !isClosed(current.status)) return false;
    if ((await tx.query('select 1 from archives where case_id = $1', [caseId])).length) return false;
    await tx.query(
      `insert into archives (case_id, case_number, department, manifest_blob, manifest_digest, manifest_size, files, seal, standard, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)`,
      [
        caseId,
        row.caseNumber,
        row.department,
        manifestBlob,
        sm3Hex(bytes),
        bytes.byteLength,
        files.length,
        JSON.stringify(seal),
        archiveStandard,
        new Date(now).toISOString()
      ]
    );
    if (!packageOnly) {
      const outcome = await s.cases.executeWith(
        caseId,
        state => (isClosed(state.status) ? { type: 'archive', by: { kind: 'system' } } : undefined),
        now,
        tx
      );
      if (!outcome?.ok) throw new Error(`办件 ${row.caseNumber} 归档被拒绝：${JSON.stringify(outcome)}`);
    }
    await audit(tx, {
      actor: { kind: 'system' },
      action: 'case.archive',
      outcome: 'ok',
      caseId,
      target: row.caseNumber,
      detail: { manifest: sm3Hex(bytes), files: files.length, keyId: seal.keyId }
    });
    return true;
  });
}

/** How long a case stays closed before the chore archives it, by default: a day (see `archiveChore`). */
export const archiveAfterMs = 24 * 60 * 60_000;

/**
 * The worker's chore: cases closed at least `afterMs` ago and not yet archived, oldest first, a batch a round (and
 * cases archived by hand without a package). Seed 001 第二十二条 asks for automatic archiving after 办结 and names no
 * delay; GB/T 18894-2016 allows 实时归档 or 定期归档. The default day lets the applicant and the department read the
 * case as 已办结 on the day it closed (the hall's and the workbench's closed lists, the last notice) before it reads
 * 已归档; `afterMs: 0` archives at once. Idempotent and safe in any number of processes (the row lock and the version
 * check above); a crash between the blobs and the row leaves content-addressed blobs the next attempt reuses. A case
 * that fails (a material's file missing from the blob store) is logged and tried again after `retryMs`, so it never
 * holds up the others.
 */
export function archiveChore(
  s: Services,
  options: { log?: Logger; documents?: IssueOptions; batch?: number; retryMs?: number; afterMs?: number } = {}
): { name: string; run(now: number): Promise<number> } {
  const failed = new Map<string, number>();
  let lookedForHandArchived = -Infinity;
  return {
    name: 'archives',
    async run(now) {
      const limit = (options.batch ?? 20) + failed.size;
      // Closed cases, through the partial index cases_closed (migration 026): the pass costs nothing when none is due.
      const rows = await s.db.query<{ case_id: string }>(
        `select case_id from cases where status in ('completed', 'refused', 'withdrawn') and updated_at <= $2
         order by updated_at, case_id limit $1`,
        [limit, new Date(now - (options.afterMs ?? archiveAfterMs)).toISOString()]
      );
      // Cases archived by hand without a package: a scan of the archived ones, so every ten minutes only.
      if (now - lookedForHandArchived >= 10 * 60_000) {
        lookedForHandArchived = now;
        rows.push(
          ...(await s.db.query<{ case_id: string }>(
            `select c.case_id from cases c
             where c.status = 'archived' and not exists (select 1 from archives a where a.case_id = c.case_id)
             order by c.updated_at, c.case_id limit $1`,
            [limit]
          ))
        );
      }
      let archived = 0;
      for (const { case_id } of rows) {
        const after = failed.get(case_id);
        if (after !== undefined && after > now) continue;
        try {
          if (await archiveCase(s, case_id, now, options.documents)) archived++;
          failed.delete(case_id);
        } catch (error) {
          failed.set(case_id, now + (options.retryMs ?? 10 * 60_000));
          options.log?.({ level: 'error', msg: 'archive failed', caseId: case_id, error: String(error) });
        }
      }
      return archived;
    }
  };
}

/** The stored archive of a case, if it has one. */
export async function archiveOf(s: Pick<Services, 'db'>, caseId: string): Promise<ArchiveRow | undefined> {
  const [r] = await s.db.query<ArchiveDbRow>(`${selectArchive} where case_id = $1`, [caseId]);
  return r && archiveRow(r);
}

/** Every stored archive, oldest first. */
export async function allArchives(db: Pick<Services['db'], 'query'>): Promise<ArchiveRow[]> {
  return (await db.query<ArchiveDbRow>(`${selectArchive} order by created_at, case_id`)).map(archiveRow);
}

/** The manifest of a stored archive, read back from the blob store; undefined when its bytes are gone or altered. */
export async function manifestOf(
  s: Pick<Services, 'blobs'>,
  a: ArchiveRow
): Promise<{ bytes: Uint8Array; manifest: Manifest } | undefined> {
  const bytes = await s.blobs.get(a.manifestBlob);
  if (!bytes || sha256Hex(bytes) !== a.manifestBlob) return undefined;
  const manifest = parseManifest(bytes);
  return manifest && { bytes, manifest };
}

interface ArchiveDbRow {
  case_id: string;
  case_number: string;
  department: string;
  manifest_blob: string;
  manifest_digest: string;
  manifest_size: string | number;
  files: number;
  seal: Seal;
  standard: string;
  created_at: Date | string;
}
const selectArchive = `select case_id, case_number, department, manifest_blob, manifest_digest, manifest_size, files, seal, standard, created_at from archives`;
const archiveRow = (r: ArchiveDbRow): ArchiveRow => ({
  caseId: r.case_id,
  caseNumber: r.case_number,
  department: r.department,
  manifestBlob: r.manifest_blob,
  manifestDigest: r.manifest_digest,
  manifestSize: Number(r.manifest_size),
  files: r.files,
  seal: r.seal,
  standard: r.standard,
  createdAt: new Date(r.created_at).toISOString()
});
