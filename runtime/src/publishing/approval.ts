import { Refusal } from '../platform/refusal.ts';
import { audit } from '../platform/audit.ts';
import { type Staff } from '../accounts/index.ts';
import { Definition } from '@banshi/definition';
import { publishedChannel } from '../catalog/index.ts';
import { assertMayApprove, assertMayAuthor, stateLabels } from './rules.ts';
import { checkSource, errorsIn } from './sources.ts';
import {
  guarded,
  iso,
  load,
  lockMatter,
  mustLoad,
  type StudioDeps,
  type VersionRow,
  versionSummary,
  type RequestMeta
} from './version-rows.ts';
import { assertEditable, assertSameMatter } from './drafts.ts';

/** A draft's road to publication: submitted by its author, approved or rejected by the department head. */
export async function submitDraft(
  s: StudioDeps,
  staff: Staff,
  code: string,
  version: number,
  comment: string | undefined,
  meta: RequestMeta
) {
  const target = `${code}@${version}`;
  return guarded(s, staff, 'studio.submit', target, meta, async () => {
    const current = await mustLoad(s.db, code, version);
    assertMayAuthor(staff, current.department);
    assertEditable(current);
    const result = await checkSource(s.db, current.path, current.source);
    const errors = errorsIn(result);
    if (errors.length > 0 || !result.definition) {
      throw new Refusal(
        'invalid',
        'studio.draft-has-errors',
        `草稿还有 ${errors.length} 处错误，改正后才能提交审批。`,
        { diagnostics: result.diagnostics }
      );
    }
    assertSameMatter(result.identity, current);
    const definition = result.definition;
    assertNothingToConfirm(definition);
    const now = iso(s.now());
    const row = await s.db.transaction(async tx => {
      await lockMatter(tx, code);
      assertEditable((await load(tx, code, version, true))!);
      await tx.query(
        `update matter_versions set state = 'submitted', definition = $3::jsonb, name = $4, updated_at = $5 where code = $1 and version = $2`,
        [code, version, JSON.stringify(definition), definition.name, now]
      );
      await tx.query(
        `insert into matter_approvals (code, version, actor_id, decision, comment, at) values ($1, $2, $3, 'submit', $4, $5)`,
        [code, version, staff.id, comment ?? '', now]
      );
      await audit(tx, { actor: staff, action: 'studio.submit', outcome: 'ok', target, ip: meta.ip });
      return (await load(tx, code, version))!;
    });
    return versionSummary(row);
  });
}

/**
 * A value marked 待确认 is one the source guide lacks: the draft checks, previews and simulates with it, but the
 * department head is not asked to approve (004 第十四条) a guide that is not yet known to be true.
 */
function assertNothingToConfirm(definition: Definition): void {
  const marks = definition.toConfirm ?? [];
  if (marks.length === 0) return;
  const places = marks.map(m => `第 ${m.source.line} 行“${m.label}”`).join('；');
  throw new Refusal(
    'invalid',
    'studio.draft-to-confirm',
    `草稿还有 ${marks.length} 处“待确认”，向部门核实并删去“待确认”后才能提交审批：${places}。`,
    { toConfirm: marks }
  );
}

function assertSubmitted(row: VersionRow): void {
  if (row.state !== 'submitted') {
    throw new Refusal(
      'conflict',
      'studio.not-submitted',
      `事项 ${row.code} 第 ${row.version} 版当前为“${stateLabels[row.state]}”，不在待审批状态。`,
      { state: row.state }
    );
  }
}

/**
 * The head approves: the version is published at once (the previous one superseded), every runtime process is told
 * in the same transaction, and the change is filed with the reform office.
 */
export async function approveVersion(
  s: StudioDeps,
  staff: Staff,
  code: string,
  version: number,
  comment: string | undefined,
  meta: RequestMeta
) {
  const target = `${code}@${version}`;
  const row = await guarded(s, staff, 'studio.approve', target, meta, async () => {
    const current = await mustLoad(s.db, code, version);
    assertMayApprove(staff, current.department, current.author_id);
    assertSubmitted(current);
    const parsed = Definition.safeParse(current.definition);
    if (!parsed.success)
      throw new Refusal(
        'conflict',
        'studio.definition-invalid',
        '该版本的编译结果无效，请退回编写人员重新检查后提交。'
      );
    const now = iso(s.now());
    return s.db.transaction(async tx => {
      await lockMatter(tx, code);
      assertSubmitted((await load(tx, code, version, true))!);
      const previous = await tx.query<{ version: number }>(
        `update matter_versions set state = 'superseded', updated_at = $2 where code = $1 and state = 'published' returning version`,
        [code, now]
      );
      await tx.query(
        `update matter_versions set state = 'published', published_at = $3, updated_at = $3 where code = $1 and version = $2`,
        [code, version, now]
      );
      const filing = `${current.department}负责人${staff.name}批准并发布，报审改办备案${previous[0] ? `（替代第 ${previous[0].version} 版）` : '（新增事项）'}。`;
      await tx.query(
        `insert into matter_approvals (code, version, actor_id, decision, comment, at)
         values ($1, $2, $3, 'approve', $4, $5), ($1, $2, $3, 'publish', '', $5), ($1, $2, $3, 'file', $6, $5)`,
        [code, version, staff.id, comment ?? '', now, filing]
      );
      await tx.query('select pg_notify($1, $2)', [publishedChannel, target]);
      await audit(tx, {
        actor: staff,
        action: 'studio.approve',
        outcome: 'ok',
        target,
        ip: meta.ip,
        detail: { superseded: previous[0]?.version ?? null }
      });
      return (await load(tx, code, version))!;
    });
  });
  // Every process reloads on the notification; this one does not wait for it to answer with the new version live.
  await s.registry.reload();
  return versionSummary(row);
}

/** The head sends a submitted version back with a comment; the author may edit and submit it again. */
export async function rejectVersion(
  s: StudioDeps,
  staff: Staff,
  code: string,
  version: number,
  comment: string,
  meta: RequestMeta
) {
  const target = `${code}@${version}`;
  return guarded(s, staff, 'studio.reject', target, meta, async () => {
    const current = await mustLoad(s.db, code, version);
    assertMayApprove(staff, current.department, current.author_id);
    assertSubmitted(current);
    const now = iso(s.now());
    const row = await s.db.transaction(async tx => {
      await lockMatter(tx, code);
      assertSubmitted((await load(tx, code, version, true))!);
      await tx.query(
        `update matter_versions set state = 'rejected', updated_at = $3 where code = $1 and version = $2`,
        [code, version, now]
      );
      await tx.query(
        `insert into matter_approvals (code, version, actor_id, decision, comment, at) values ($1, $2, $3, 'reject', $4, $5)`,
        [code, version, staff.id, comment, now]
      );
      await audit(tx, { actor: staff, action: 'studio.reject', outcome: 'ok', target, ip: meta.ip });
      return (await load(tx, code, version))!;
    });
    return versionSummary(row);
  });
}
