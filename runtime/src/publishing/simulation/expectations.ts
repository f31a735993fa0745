import type { Definition } from '@banshi/definition';
import { audit } from '../../platform/audit.ts';
import { Refusal } from '../../platform/refusal.ts';
import type { Staff } from '../../accounts/index.ts';
import type { StudioDiagnostic } from '../check.ts';
import { assertMayAuthor, mayRead } from '../rules.ts';
import { checkSource, defaultPath, errorsIn } from '../sources.ts';
import { guarded, type RequestMeta } from '../version-rows.ts';
import { changesBetween } from './compare.ts';
import { Scenario } from './scenario.ts';
import { outcomeOfScenario, simulateDefinition, type SimulationDeps } from './simulate.ts';
import type { Outcome } from './timeline.ts';

/** A simulation saved with a matter: the scenario, and the outcome it had when saved. */
export interface Expectation {
  id: number;
  code: string;
  name: string;
  scenario: Scenario;
  expected: Outcome;
  createdBy: string;
  createdAt: string;
}

/** An expectation run again on a source: whether its outcome still holds, and what changed. */
export interface ExpectationResult {
  id: number;
  name: string;
  ok: boolean;
  expected: Outcome;
  /** Null when the source does not compile, or the scenario no longer fits the matter. */
  actual: Outcome | null;
  changes: string[];
}

interface Row {
  id: number;
  code: string;
  name: string;
  scenario: unknown;
  expected: Outcome;
  created_by_name: string | null;
  created_at: Date;
}

const select = `select e.id, e.code, e.name, e.scenario, e.expected, u.name as created_by_name, e.created_at
  from matter_expectations e left join users u on u.id = e.created_by`;

const toExpectation = (r: Row): Expectation => ({
  id: r.id,
  code: r.code,
  name: r.name,
  scenario: Scenario.parse(r.scenario),
  expected: r.expected,
  createdBy: r.created_by_name ?? '',
  createdAt: r.created_at.toISOString()
});

/** The department of a matter's newest version (a draft counts): expectations belong to matters that exist. */
async function departmentOf(s: SimulationDeps, code: string): Promise<string> {
  const rows = await s.db.query<{ department: string }>(
    'select department from matter_versions where code = $1 order by version desc limit 1',
    [code]
  );
  if (!rows[0])
    throw new Refusal(
      'notFound',
      'studio.matter-not-found',
      `事项 ${code} 还没有任何版本；请先保存草稿，再保存模拟预期。`,
      { code }
    );
  return rows[0].department;
}

/** A matter's expectations, oldest first: for staff who may read the matter's department. */
export async function listExpectations(s: SimulationDeps, staff: Staff, code: string, meta: RequestMeta) {
  return guarded(s, staff, 'studio.expectations', code, meta, async () => {
    const department = await departmentOf(s, code);
    if (!mayRead(staff, department))
      throw new Refusal('forbidden', 'studio.other-department', `该事项由${department}实施，您不能查看它的模拟预期。`);
    const rows = await s.db.query<Row>(`${select} where e.code = $1 order by e.id`, [code]);
    await audit(s.db, { actor: staff, action: 'studio.expectations', outcome: 'ok', target: code, ip: meta.ip });
    return { expectations: rows.map(toExpectation) };
  });
}

export interface ExpectationInput {
  name: string;
  scenario: Scenario;
  source: string;
  path?: string | undefined;
}

/**
 * Saves a simulation as an expectation of a matter: the server simulates the source itself (a source with errors is
 * refused) and keeps the outcome as the expected one. The matter's authors only.
 */
export async function saveExpectation(
  s: SimulationDeps,
  staff: Staff,
  code: string,
  input: ExpectationInput,
  meta: RequestMeta
): Promise<Expectation> {
  return guarded(s, staff, 'studio.expectation.create', code, meta, async () => {
    assertMayAuthor(staff, await departmentOf(s, code));
    const checked = await checkSource(s.db, input.path ?? (await defaultPath(s.db, code)), input.source);
    if (errorsIn(checked).length > 0 || !checked.definition)
      throw new Refusal('invalid', 'studio.expectation-source-errors', '事项源文件有错误，无法模拟，预期没有保存。', {
        diagnostics: checked.diagnostics
      });
    if (checked.identity.code !== code)
      throw new Refusal(
        'invalid',
        'studio.expectation-other-matter',
        `源文件是事项 ${checked.identity.code ?? '（无编码）'}，不是事项 ${code}，预期没有保存。`
      );
    const { outcome } = simulateDefinition(checked.definition, s.calendar(), input.scenario);
    const rows = await s.db.query<{ id: number }>(
      `insert into matter_expectations (code, name, scenario, expected, created_by, created_at)
       values ($1, $2, $3::jsonb, $4::jsonb, $5, $6) on conflict (code, name) do nothing returning id`,
      [code, input.name, JSON.stringify(input.scenario), JSON.stringify(outcome), staff.id, new Date(s.now())]
    );
    if (!rows[0])
      throw new Refusal(
        'conflict',
        'studio.expectation-name-taken',
        `该事项已有名为“${input.name}”的模拟预期，请换一个名称。`
      );
    await audit(s.db, {
      actor: staff,
      action: 'studio.expectation.create',
      outcome: 'ok',
      target: `${code}#${rows[0].id}`,
      ip: meta.ip
    });
    const saved = await s.db.query<Row>(`${select} where e.id = $1`, [rows[0].id]);
    return toExpectation(saved[0]!);
  });
}

/** Deletes one expectation of a matter. The matter's authors only. */
export async function deleteExpectation(
  s: SimulationDeps,
  staff: Staff,
  code: string,
  id: number,
  meta: RequestMeta
): Promise<{ deleted: true }> {
  const target = `${code}#${id}`;
  return guarded(s, staff, 'studio.expectation.delete', target, meta, async () => {
    assertMayAuthor(staff, await departmentOf(s, code));
    const rows = await s.db.query('delete from matter_expectations where code = $1 and id = $2 returning id', [
      code,
      id
    ]);
    if (rows.length === 0)
      throw new Refusal('notFound', 'studio.expectation-not-found', `事项 ${code} 没有编号为 ${id} 的模拟预期。`);
    await audit(s.db, { actor: staff, action: 'studio.expectation.delete', outcome: 'ok', target, ip: meta.ip });
    return { deleted: true };
  });
}

/**
 * Every expectation of a matter run again on a compiled source (or marked not run when it does not compile). A
 * scenario the matter no longer admits (its special procedure removed, say) is a broken expectation, not an error.
 */
export async function rerunExpectations(
  s: SimulationDeps,
  code: string | undefined,
  definition: Definition | undefined
): Promise<ExpectationResult[]> {
  if (!code) return [];
  const rows = await s.db.query<Row>(`${select} where e.code = $1 order by e.id`, [code]);
  const calendar = s.calendar();
  return rows.map(row => {
    const expected = row.expected;
    if (!definition)
      return {
        id: row.id,
        name: row.name,
        ok: false,
        expected,
        actual: null,
        changes: ['源文件有错误，未能重新模拟。']
      };
    try {
      const actual = outcomeOfScenario(definition, calendar, Scenario.parse(row.scenario));
      const changes = changesBetween(expected, actual);
      return { id: row.id, name: row.name, ok: changes.length === 0, expected, actual, changes };
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      return { id: row.id, name: row.name, ok: false, expected, actual: null, changes: [error.message] };
    }
  });
}

/** A warning per broken expectation, at the matter's start: it never blocks submission. */
export function expectationWarnings(
  results: ExpectationResult[],
  range: Pick<StudioDiagnostic, 'line' | 'column' | 'endLine' | 'endColumn'>,
  compiled: boolean
): StudioDiagnostic[] {
  if (!compiled) return [];
  return results
    .filter(r => !r.ok)
    .map(r => ({
      ...range,
      severity: 'warning' as const,
      code: 'studio.expectation-broken',
      message: `模拟预期“${r.name}”不再成立：${r.changes.join('；')}。`
    }));
}
