import { readdirSync, readFileSync } from 'node:fs';
import { Definition } from '@banshi/definition';

const goldens = new URL('../../../tests/golden/examples/', import.meta.url);

/** A matter of the examples folder as compiled (its golden Definition), by name: for tests of one language element. */
export function exampleMatter(name: string): Definition {
  for (const file of readdirSync(goldens)) {
    if (!file.endsWith('.json') || file === 'catalog.json') continue;
    const definition = Definition.parse(JSON.parse(readFileSync(new URL(file, goldens), 'utf8')));
    if (definition.name === name) return definition;
  }
  throw new Error(`no example matter named ${name}`);
}
