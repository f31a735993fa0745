import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** What a backup folder holds besides the database and the files: written last, read first. */
export const Manifest = z.object({
  format: z.literal('banshi-backup'),
  formatVersion: z.literal(1),
  createdAt: z.iso.datetime(),
  /** Where it was taken: the PostgreSQL host and database (never a password), or the embedded data folder. */
  source: z.string(),
  databaseKind: z.enum(['postgres', 'pglite']),
  /** The newest migration applied (schema_migrations) when the snapshot was taken. */
  migrationVersion: z.number().int().min(0),
  database: z.object({
    /** `database.pgdump` (pg_dump's custom format) or `database.pglite.tar.gz` (PGlite's dumpDataDir). */
    file: z.enum(['database.pgdump', 'database.pglite.tar.gz']),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    size: z.number().int().min(0)
  }),
  /** Rows in every table of the snapshot ("schema.table" → count): what the restore counts again. */
  tables: z.record(z.string(), z.number().int().min(0)),
  /** Every stored file the snapshot's rows name, under files/ab/cd/<sha256>. */
  files: z.array(z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().min(0) }))
});
export type Manifest = z.infer<typeof Manifest>;

export const manifestName = 'manifest.json';

/** A backup that cannot be trusted, a target that would be overwritten, a restore that did not check out. */
export class BackupError extends Error {}

export async function writeManifest(folder: string, manifest: Manifest): Promise<void> {
  await writeFile(join(folder, manifestName), `${JSON.stringify(Manifest.parse(manifest), null, 2)}\n`);
}

export async function readManifest(folder: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(join(folder, manifestName), 'utf8');
  } catch {
    throw new BackupError(`备份目录 ${folder} 中没有清单 ${manifestName}，这不是办事 Banshi 的备份。`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupError(`备份清单 ${manifestName} 不是有效的 JSON，备份已损坏。`);
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) throw new BackupError(`备份清单 ${manifestName} 的内容不完整或有误，备份已损坏。`);
  return parsed.data;
}

/** The SHA-256 of a file, read as a stream (a database dump may be large). */
export async function digestOf(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** Where the blob store keeps a file of this digest, below `root` (as platform/files/blobs.ts lays it out). */
export const blobPath = (root: string, sha256: string) => join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
