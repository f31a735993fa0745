import { readdirSync, readFileSync } from 'node:fs';
import { WorkCalendar } from '@banshi/definition/calendar';
import { Catalog, Definition } from '@banshi/definition';

const goldens = new URL('../../../tests/golden/catalog/', import.meta.url);

/** The shipped catalogue as compiled (its golden Definitions) and its working-day calendar, for tests. */
export function loadCatalog(): {
  definitions: Definition[];
  byName: (name: string) => Definition;
  calendar: WorkCalendar;
  catalog: Catalog;
} {
  const files = readdirSync(goldens).filter(f => f.endsWith('.json'));
  const catalog = Catalog.parse(JSON.parse(readFileSync(new URL('catalog.json', goldens), 'utf8')));
  const definitions = files
    .filter(f => f !== 'catalog.json')
    .map(f => Definition.parse(JSON.parse(readFileSync(new URL(f, goldens), 'utf8'))));
  const byName = (name: string) => {
    const found = definitions.find(d => d.name === name);
    if (!found) throw new Error(`no matter named ${name}`);
    return found;
  };
  return { definitions, byName, calendar: new WorkCalendar(catalog.calendars), catalog };
}

/** An instant from Shanghai wall-clock time, e.g. `at('2026-09-30 10:00')`. */
export function at(local: string): number {
  const [date, time = '09:00'] = local.split(' ');
  return Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}+08:00`);
}
