import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where uploaded content lives, by its SHA-256: the same bytes are stored once. */
export interface BlobStore {
  put(content: Uint8Array): Promise<string>;
  get(sha256: string): Promise<Uint8Array | undefined>;
}

/** A local content-addressed directory: `<root>/ab/cd/abcd…`. Writes go to a temporary name and are renamed. */
export function directoryBlobStore(root: string): BlobStore {
  const pathOf = (sha: string) => join(root, sha.slice(0, 2), sha.slice(2, 4), sha);
  return {
    async put(content) {
      const sha = createHash('sha256').update(content).digest('hex');
      const target = pathOf(sha);
      const exists = await stat(target).then(() => true, () => false);
      if (!exists) {
        await mkdir(join(root, sha.slice(0, 2), sha.slice(2, 4)), { recursive: true });
        const temporary = `${target}.${randomUUID()}.tmp`;
        await writeFile(temporary, content);
        await rename(temporary, target);
      }
      return sha;
    },
    async get(sha) {
      if (!/^[0-9a-f]{64}$/.test(sha)) return undefined;
      return readFile(pathOf(sha)).then(b => new Uint8Array(b), () => undefined);
    }
  };
}
