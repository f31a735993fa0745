import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtEnv, postgresEnv } from '../support/runtime-process.ts';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const settings = Object.entries(builtEnv).map(([name, value]) => `${name}=${value}`);

describe('every launcher of the built runtime gives it the same memory settings', () => {
  it('npm start builds the runtime and runs the build, as npm run start:built does, both with the settings', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toMatch(/tools\/build\.mjs && .*node dist\/main\.mjs$/);
    expect(scripts['start:built']).toMatch(/node dist\/main\.mjs$/);
    for (const script of [scripts.start!, scripts['start:built']!])
      for (const setting of settings) expect(script).toContain(`${setting} `);
  });

  it('the container image and the systemd unit of the deployment page set them too', () => {
    const dockerfile = read('Dockerfile');
    for (const setting of settings) expect(dockerfile).toMatch(new RegExp(`^\\s+${setting}\\b`, 'm'));
    expect(read('docs/deployment.md')).toContain(
      `Environment=${settings.join(' ')}\nExecStart=/usr/bin/node dist/main.mjs`
    );
  });

  it('on PostgreSQL (the systemd unit, compose.yaml) a larger young generation and a process per core; not on the embedded database', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(Object.keys(postgresEnv)).toEqual(['NODE_OPTIONS', 'BANSHI_PROCESSES']);
    for (const [name, value] of Object.entries(postgresEnv)) {
      expect(read('docs/deployment.md')).toContain(`\nEnvironment=${name}=${value}\n`);
      expect(read('compose.yaml')).toMatch(new RegExp(`^\\s+${name}: ${value}$`, 'm'));
      for (const launcher of [scripts.start!, scripts['start:built']!, read('Dockerfile')])
        // The setting's telling part: the flag for NODE_OPTIONS, the name for a value as plain as `auto`.
        expect(launcher).not.toContain(value === 'auto' ? name : value);
    }
  });
});
