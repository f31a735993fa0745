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

  it('on PostgreSQL (the systemd unit, compose.yaml) a larger young generation; not on the embedded database', () => {
    const [[name, value]] = Object.entries(postgresEnv) as [[string, string]];
    expect(read('docs/deployment.md')).toContain(`\nEnvironment=${name}=${value}\n`);
    expect(read('compose.yaml')).toMatch(new RegExp(`^\\s+${name}: ${value}$`, 'm'));
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    for (const launcher of [scripts.start!, scripts['start:built']!, read('Dockerfile')])
      expect(launcher).not.toContain(value);
  });
});
