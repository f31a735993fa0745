import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { boot } from './boot.ts';
import { silentLogger } from './platform/observability/log.ts';
import { at, loadCatalog } from './testing/catalog.ts';
import { answersFor, company } from './testing/scenario.ts';

const permit = loadCatalog().byName('建筑工程施工许可证核发');

/** Starting on the embedded database: the catalogue imported once; a changed calendar folder published on restart. */
describe('boot on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'banshi-boot-'));
  const catalogDir = join(dir, 'catalog');
  const dataDir = join(dir, 'data');
  cpSync(new URL('../../catalog', import.meta.url), catalogDir, { recursive: true });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const start = () =>
    boot({ dataDir, catalogDir, log: silentLogger, worker: false, now: () => at('2026-12-28 10:00') });

  it('imports and publishes the catalogue into an empty database, and keeps it across restarts', async () => {
    const first = await start();
    try {
      expect(first.imported).toBe(true);
      expect(first.services.registry.all()).toHaveLength(11);
      expect(first.services.registry.catalog().calendars.map(c => c.year)).toEqual([2025, 2026]);
      // A case received on 28 December 2026 has limits that run into 2027: counted on the provisional rule, not refused.
      const outcome = await submit(first);
      expect(outcome.ok && outcome.state.deemedAcceptanceAt).toBe(at('2027-01-06 00:00'));
      expect(first.services.calendar().isProvisionalYear(2027)).toBe(true);
    } finally {
      await first.close();
    }
  }, 60_000);

  it("publishes next year's calendar when it is added to the catalogue folder, and only then", async () => {
    writeFileSync(
      join(catalogDir, 'calendars', '2027.matter'),
      [
        '// 测试用 2027 年日历：只为测试“新的一年的日历在重启时发布”，节假日不是国务院办公厅的安排。',
        '日历 2027 {',
        '  来源 "测试数据"',
        '  节假日 元旦 2027-01-01 至 2027-01-03',
        '  办公时间 09:00-12:00, 13:30-17:30',
        '}',
        ''
      ].join('\n')
    );
    const second = await start();
    try {
      expect(second.imported).toBe(false);
      expect(second.services.registry.catalog().calendars.map(c => c.year)).toEqual([2025, 2026, 2027]);
      expect(second.services.calendar().isWorkday('2027-01-04')).toBe(true);
      expect(second.services.calendar().isProvisionalYear(2027)).toBe(false);
      const outcome = await submit(second);
      expect(outcome.ok).toBe(true);
      const [versions] = await second.db.query<{ n: number }>('select count(*)::int as n from catalog_versions');
      expect(versions!.n).toBe(2);
    } finally {
      await second.close();
    }
    const third = await start();
    try {
      const [versions] = await third.db.query<{ n: number }>('select count(*)::int as n from catalog_versions');
      expect(versions!.n).toBe(2);
    } finally {
      await third.close();
    }
  }, 60_000);
});

function submit(runtime: Awaited<ReturnType<typeof boot>>) {
  const caseId = crypto.randomUUID();
  return runtime.services.cases.submit(
    permit.code,
    {
      type: 'submit',
      by: { kind: 'applicant', id: caseId, name: company.name },
      caseId,
      caseNumber: '',
      applicant: { ...company, id: caseId },
      channel: 'online',
      answers: answersFor(permit),
      materials: []
    },
    at('2026-12-28 10:00')
  );
}
