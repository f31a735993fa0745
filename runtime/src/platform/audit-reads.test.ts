import { describe, expect, it } from 'vitest';
import { auditRead, repeatedReadWindowMs } from './audit-reads.ts';
import type { Sql } from './db/db.ts';

/** The statements sent, as the audit log would receive them. */
function recorder() {
  const lines: unknown[][] = [];
  const sql = { query: async (_text: string, params: unknown[]) => (lines.push(params), []) } as unknown as Sql;
  return { sql, lines };
}

const reader = { id: '00000000-0000-4000-8000-000000000001', kind: 'staff' as const };
const read = (target: string, ip = '10.0.0.1', detail: Record<string, unknown> = {}) => ({
  actor: reader,
  action: 'supervision.read',
  outcome: 'ok' as const,
  target,
  ip,
  detail
});

describe('a repeated read is recorded once per ten minutes', () => {
  it('records the first read, not the same one ten seconds later, and again after ten minutes', async () => {
    const { sql, lines } = recorder();
    const t0 = 1_800_000_000_000;
    await auditRead(sql, read('市住房和建设局'), t0);
    await auditRead(sql, read('市住房和建设局'), t0 + 10_000);
    await auditRead(sql, read('市住房和建设局'), t0 + repeatedReadWindowMs - 1);
    expect(lines).toHaveLength(1);
    await auditRead(sql, read('市住房和建设局'), t0 + repeatedReadWindowMs);
    expect(lines).toHaveLength(2);
  });

  it('records a read of another scope, filter or address at once', async () => {
    const { sql, lines } = recorder();
    const t0 = 1_900_000_000_000;
    await auditRead(sql, read('all'), t0);
    await auditRead(sql, read('市卫生健康委员会'), t0 + 1);
    await auditRead(sql, read('all', '10.0.0.2'), t0 + 2);
    await auditRead(sql, read('all', '10.0.0.1', { level: 'redCard' }), t0 + 3);
    await auditRead(
      sql,
      { ...read('all'), actor: { id: '00000000-0000-4000-8000-000000000002', kind: 'staff' } },
      t0 + 4
    );
    expect(lines).toHaveLength(5);
  });
});
