import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectedGoldens, folders, goldenDir } from './golden.js';

describe.each(folders)('golden Definitions of %s/', folder => {
  it('every matter compiles, parses with the Definition schema, and equals its golden file', async () => {
    const { files, errors } = await expectedGoldens(folder);
    expect(errors).toEqual([]);
    expect(files.size).toBeGreaterThan(1);
    const dir = goldenDir(folder);
    const kept = existsSync(dir) ? readdirSync(dir).filter(f => f.endsWith('.json')).sort() : [];
    expect(kept, 'run `npm run golden:update` and review the diff').toEqual([...files.keys()].sort());
    for (const [name, text] of files) {
      expect(text, `${folder}/${name} differs from its golden file`).toBe(readFileSync(join(dir, name), 'utf8'));
    }
  });
});
