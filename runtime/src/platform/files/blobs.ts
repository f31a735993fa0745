import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Where uploaded content lives, by its SHA-256: the same bytes are stored once. */
export interface BlobStore {
  put(content: Uint8Array): Promise<string>;
  get(sha256: string): Promise<Uint8Array | undefined>;
}

/**
 * A local content-addressed directory: `<root>/ab/cd/abcd…`. Writes go to a temporary name, are flushed to disk,
 * renamed, and the directory flushed, before `put` returns: the files row that names the blob commits only after,
 * so a power loss cannot leave a row whose content is gone.
 */
export function directoryBlobStore(root: string): BlobStore {
  const pathOf = (sha: string) => join(root, sha.slice(0, 2), sha.slice(2, 4), sha);
  return {
    async put(content) {
      const sha = createHash('sha256').update(content).digest('hex');
      const target = pathOf(sha);
      const exists = await stat(target).then(
        () => true,
        () => false
      );
      if (!exists) {
        await mkdir(join(root, sha.slice(0, 2), sha.slice(2, 4)), { recursive: true });
        const directory = join(root, sha.slice(0, 2), sha.slice(2, 4));
        const temporary = `${target}.${randomUUID()}.tmp`;
        const file = await open(temporary, 'w');
        try {
          await file.writeFile(content);
          await file.sync();
        } finally {
          await file.close();
        }
        await rename(temporary, target);
        await syncDirectory(directory);
      }
      return sha;
    },
    async get(sha) {
      if (!/^[0-9a-f]{64}$/.test(sha)) return undefined;
      return readFile(pathOf(sha)).then(
        b => new Uint8Array(b),
        () => undefined
      );
    }
  };
}

/** Flushes a directory's entries (the rename) to disk; a no-op where directories cannot be opened (Windows). */
async function syncDirectory(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the file itself is already on disk.
  } finally {
    await handle.close();
  }
}
