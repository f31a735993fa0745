import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '@banshi/definition';
import { publishCatalog } from '../catalog/index.ts';
import { dbKinds, openTestDb, type TestDb } from '../testing/database.ts';
import { catalogDir } from '../testing/catalogue-sources.ts';
import { importCatalogue } from './catalogue-import.ts';

const log = () => {};
const latest = async (t: TestDb) =>
  (
    await t.db.query<{ version: number; sources: Record<string, string>; catalog: unknown }>(
      'select version, sources, catalog from catalog_versions order by version desc limit 1'
    )
  )[0]!;

describe.each(dbKinds)(
  'a restart on %s publishes what changed in the catalogue folder, over what administrators published',
  kind => {
    let t: TestDb;
    let folder: string;

    beforeAll(async () => {
      t = await openTestDb(kind);
      folder = mkdtempSync(join(tmpdir(), 'banshi-catalog-'));
      cpSync(catalogDir, folder, { recursive: true });
    }, 60_000);
    afterAll(async () => {
      rmSync(folder, { recursive: true, force: true });
      await t?.drop();
    });

    it('keeps a department made in the studio across restarts, and still takes a changed calendar file', async () => {
      expect(await importCatalogue(t.db, folder, log, Date.now())).toBe('imported');
      // As approving a department change in the studio does: a new version, not from the folder.
      const first = await latest(t);
      const departments = `${first.sources['departments.matter']}\n部门 新设局 {\n  层级 县级\n}\n`;
      const catalog = Catalog.parse(first.catalog);
      await publishCatalog(
        t.db,
        { ...catalog, departments: [...catalog.departments] },
        {
          ...first.sources,
          'departments.matter': departments
        }
      );
      expect(await importCatalogue(t.db, folder, log, Date.now())).toBe('unchanged');
      expect((await latest(t)).sources['departments.matter']).toBe(departments);

      const calendar = join(folder, 'calendars/2026.matter');
      writeFileSync(calendar, readFileSync(calendar, 'utf8').replace('办公时间 09:00-12:00', '办公时间 08:30-12:00'));
      expect(await importCatalogue(t.db, folder, log, Date.now())).toBe('updated');
      const after = await latest(t);
      expect(after.sources['departments.matter']).toBe(departments);
      expect(after.sources['calendars/2026.matter']).toContain('办公时间 08:30-12:00');
      expect(Catalog.parse(after.catalog).departments.some(d => d.name === '新设局')).toBe(true);
      expect(await importCatalogue(t.db, folder, log, Date.now())).toBe('unchanged');
    }, 120_000);
  }
);
