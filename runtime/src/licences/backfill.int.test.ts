import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dbKinds, openTestDb } from '../testing/database.ts';
import { at, loadCatalog } from '../testing/catalog.ts';
import { migrate } from '../platform/db/migrate.ts';
import { licenceForCase, licenceHistory } from './index.ts';

const permit = loadCatalog().byName('建筑工程施工许可证核发');

describe.each(dbKinds)('the library made by migration 025 on %s', kind => {
  it('holds the licences of approvals decided before it, numbered in the order decided, and numbers go on', async () => {
    const t = await openTestDb(kind, 24);
    try {
      // Migrations run as the owner (migration 022: the runtime role creates nothing).
      const db = t.owner;
      const holder = randomUUID();
      await db.query(
        `insert into users (id, kind, login, password_hash, name, credit_code) values ($1, 'organisation', 'c', 'x', '厦门市示例建设有限公司', '91350100M000100Y43')`,
        [holder]
      );
      await db.query(
        `insert into matter_versions (code, version, state, department, name, path, source, definition, published_at) values ($1, 1, 'published', $2, $3, 'p', '', $4::jsonb, now())`,
        [permit.code, permit.department.name, permit.name, JSON.stringify(permit)]
      );
      const decided = async (number: string, when: string, approve: boolean) => {
        const id = randomUUID();
        const state = { decision: { approve, reasons: '', at: at(when) } };
        await db.query(
          `insert into cases (case_id, case_number, matter_code, matter_version, applicant_id, department, status, state, version, received_at, updated_at)
           values ($1, $2, $3, 1, $4, $5, 'completed', $6::jsonb, 1, now(), now())`,
          [id, number, permit.code, holder, permit.department.name, JSON.stringify(state)]
        );
        await db.query(
          `insert into case_events (case_id, seq, type, payload, at, actor_id) values ($1, 1, 'Decided', $2::jsonb, now(), 'l')`,
          [
            id,
            JSON.stringify({ type: 'Decided', by: { kind: 'staff', id: 'l', name: '黄局长' }, approve, at: at(when) })
          ]
        );
        return id;
      };
      const later = await decided('A2', '2026-11-02 10:00', true);
      const earlier = await decided('A1', '2026-10-12 10:00', true);
      const denied = await decided('A3', '2026-10-13 10:00', false);
      await migrate(db);

      expect(await licenceForCase(db, earlier, at('2026-12-01 10:00'))).toMatchObject({
        number: '11350200003650121J-2026-000001',
        issuedOn: '2026-10-12',
        validUntil: '2027-01-11',
        holderName: '厦门市示例建设有限公司',
        status: 'valid'
      });
      expect((await licenceForCase(db, later, at('2026-12-01 10:00')))?.number).toBe('11350200003650121J-2026-000002');
      expect(await licenceForCase(db, denied)).toBeUndefined();
      const history = await licenceHistory(db, (await licenceForCase(db, earlier))!.licenceId);
      expect(history).toMatchObject([{ status: 'valid', actorName: '黄局长', validUntil: '2027-01-11' }]);
      const [next] = await db.query<{ n: string }>(`select licence_number('11350200003650121J', 2026) as n`);
      expect(next?.n).toBe('11350200003650121J-2026-000003');
    } finally {
      await t.drop();
    }
  }, 120_000);
});
