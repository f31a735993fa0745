import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const read = (path: string) => JSON.parse(readFileSync(new URL(path, root), 'utf8')) as unknown;

const manifest = read('package.json') as { allowScripts?: Record<string, boolean> };
const lock = read('package-lock.json') as { packages: Record<string, { hasInstallScript?: boolean }> };

/** Every locked package that runs a script when installed, by name (the last part of its path in node_modules). */
const withInstallScripts = Object.entries(lock.packages)
  .filter(([path, entry]) => path.includes('node_modules/') && entry.hasInstallScript)
  .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));

describe('install scripts are decided in package.json, not left to the npm in use', () => {
  // npm 11 runs a dependency's install script only when package.json's allowScripts allows it, and skips the rest
  // with a warning; older npm runs them all. A dependency added with a script of its own fails here until someone
  // decides (`npm install-scripts approve` or `deny`).
  it('every locked package with an install script is named in allowScripts, allowed or denied', () => {
    for (const name of withInstallScripts) expect(typeof manifest.allowScripts?.[name], name).toBe('boolean');
  });

  // argon2's script is how it builds itself where no prebuilt binary fits (docs/deployment.md); esbuild's puts its
  // native binary in place for the build. Both are needed wherever Banshi is installed.
  it('argon2 and esbuild may run theirs', () => {
    expect(withInstallScripts).toEqual(expect.arrayContaining(['argon2', 'esbuild']));
    expect(manifest.allowScripts).toMatchObject({ argon2: true, esbuild: true });
  });
});
