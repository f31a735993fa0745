import {
  Definition,
  type Condition as ConditionDef,
  type DepartmentRef,
  type Limit as LimitDef,
  type Step as StepDef,
  type SubmissionChannel,
  type SupervisionPolicy
} from '@banshi/definition';
import {
  isAcceptanceStep,
  isAndCondition,
  isBooleanLiteral,
  isComparison,
  isDecisionStep,
  isDeliveryStep,
  isFirstReviewStage,
  isGroupCondition,
  isNotCondition,
  isNumberLiteral,
  isOrCondition,
  isParallelStep,
  isPreReviewStep,
  isReviewStep,
  type Condition,
  type Department,
  type Material,
  type Matter,
  type MaterialSource,
  type Result,
  type Step
} from '../language/generated/ast.js';
import { applyRules, isJoint, law, limitValue } from '../language/policy.js';
import * as v from '../language/vocabulary.js';
import { sourceRange } from './source-range.js';
import { toConfirmMarks } from '../language/to-confirm.js';

export interface CompileContext {
  /** Paths in source ranges are relative to this directory. */
  root: string;
  /** The catalogue's supervision defaults, already merged over the documented ones. */
  supervisionDefaults: SupervisionPolicy;
}

export type CompileResult = { ok: true; definition: Definition } | { ok: false; message: string };

const zero: LimitDef = { amount: 0, unit: 'workdays' };

function departmentRef(department: Department | undefined, fallbackName: string): DepartmentRef {
  if (!department) return { name: fallbackName };
  const level = v.level(department.level);
  return {
    name: department.name,
    ...(department.code ? { code: department.code } : {}),
    ...(level ? { level } : {}),
    ...(department.region?.ref ? { region: department.region.ref.name } : {})
  };
}

function compileCondition(condition: Condition | undefined): ConditionDef | undefined {
  if (!condition) return undefined;
  if (isAndCondition(condition) || isOrCondition(condition)) {
    const left = compileCondition(condition.left);
    const right = compileCondition(condition.right);
    if (!left || !right) return undefined;
    return { op: isAndCondition(condition) ? 'and' : 'or', left, right };
  }
  if (isNotCondition(condition)) {
    const operand = compileCondition(condition.operand);
    return operand && { op: 'not', operand };
  }
  if (isGroupCondition(condition)) return compileCondition(condition.inner);
  if (isComparison(condition)) {
    const field = condition.field?.ref?.name ?? condition.field?.$refText;
    if (!field) return undefined;
    if (!condition.op || !condition.value) return { op: 'truthy', field };
    const comparator = v.comparator(condition.op);
    if (!comparator) return undefined;
    const literal = condition.value;
    const value = isNumberLiteral(literal)
      ? literal.value
      : isBooleanLiteral(literal)
        ? v.isTrueLiteral(literal.value)
        : literal.value;
    return { op: 'compare', field, comparator, value };
  }
  return undefined;
}

function origin(source: MaterialSource | undefined): Definition['materials'][number]['origin'] {
  switch (source?.$type) {
    case 'ELicenceSource':
      return {
        kind: 'eLicence',
        licence: source.licence,
        ...(source.issuer?.ref ? { issuer: source.issuer.ref.name } : {})
      };
    case 'IntermediarySource':
      return { kind: 'intermediary', ...(source.provider ? { provider: source.provider } : {}) };
    case 'OnlineFormSource':
      return { kind: 'onlineForm' };
    default:
      return { kind: 'applicant' };
  }
}

function compileMaterial(material: Material, root: string): Definition['materials'][number] {
  const condition = compileCondition(material.condition);
  const necessity = condition ? 'conditional' : (v.necessity(material.necessity) ?? 'required');
  const paperForm = v.paperForm(material.paperForm);
  const size = material.paperSize === 'A3' || material.paperSize === 'A4' ? material.paperSize : undefined;
  return {
    id: material.name,
    title: material.title ?? material.name,
    necessity,
    ...(condition ? { condition } : {}),
    ...(material.template ? { template: material.template } : {}),
    ...(material.sample ? { sample: material.sample } : {}),
    ...(paperForm
      ? {
          paper: {
            form: paperForm,
            ...(material.copies !== undefined ? { copies: material.copies } : {}),
            ...(size ? { size } : {})
          }
        }
      : {}),
    ...(material.scan ? { scan: material.maxPages !== undefined ? { maxPages: material.maxPages } : {} } : {}),
    origin: origin(material.source),
    replaces: material.replaces.map(r => r.ref?.name ?? r.$refText),
    ...(material.note ? { note: material.note } : {}),
    source: sourceRange(material, root)
  };
}

/** `仅 现场、快递` as the Definition's `channels`; nothing when every channel takes the step. */
function channelsOf(written: string[]): { channels?: SubmissionChannel[] } {
  const channels = [...new Set(defined(written.map(v.submissionMode)))];
  return channels.length > 0 ? { channels } : {};
}

function compileSteps(steps: Step[], implementer: Department | undefined, root: string, prefix = ''): StepDef[] {
  const counters = new Map<string, number>();
  const nextId = (kind: string) => {
    const n = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, n);
    return `${prefix}${kind}-${n}`;
  };
  const performer = implementer?.name ?? '';
  return steps.map((step): StepDef => {
    const limit = limitValue(step.limit) ?? zero;
    const source = sourceRange(step, root);
    const role = (s: { role?: { ref?: { name: string }; $refText: string } }) =>
      s.role?.ref?.name ?? s.role?.$refText ?? '';
    if (isPreReviewStep(step))
      return {
        kind: 'preReview',
        id: nextId('preReview'),
        label: '预审',
        limit,
        source,
        role: role(step),
        department: performer
      };
    if (isAcceptanceStep(step))
      return {
        kind: 'acceptance',
        id: nextId('acceptance'),
        label: '受理',
        limit,
        source,
        role: role(step),
        department: performer
      };
    if (isDecisionStep(step))
      return {
        kind: 'decision',
        id: nextId('decision'),
        label: '决定',
        limit,
        source,
        role: role(step),
        department: performer
      };
    if (isDeliveryStep(step)) {
      return {
        kind: 'delivery',
        id: nextId('delivery'),
        label: '送达',
        limit,
        source,
        department: performer,
        ...(step.role ? { role: role(step) } : {})
      };
    }
    if (isReviewStep(step)) {
      const keyword = v.reviewLabel(step.keyword) ?? step.keyword;
      return {
        kind: 'review',
        id: nextId('review'),
        label: step.label ?? keyword,
        limit,
        source,
        role: role(step),
        department: performer,
        ...channelsOf(step.channels)
      };
    }
    if (isParallelStep(step)) {
      return {
        kind: 'parallel',
        id: nextId('parallel'),
        label: '并联审批',
        limit,
        source,
        lead: departmentRef(step.lead?.ref, step.lead?.$refText ?? ''),
        coApprovers: step.coApprovers.map(c => ({
          department: departmentRef(c.department?.ref, c.department?.$refText ?? ''),
          ...(c.task ? { task: c.task } : {}),
          limit: limitValue(c.limit) ?? limit,
          source: sourceRange(c, root)
        }))
      };
    }
    if (isFirstReviewStage(step)) {
      const id = nextId('firstReview');
      return {
        kind: 'firstReview',
        id,
        label: '初审',
        limit,
        source,
        department: departmentRef(step.department?.ref, step.department?.$refText ?? ''),
        steps: compileSteps(step.steps, step.department?.ref, root, `${id}.`)
      };
    }
    throw new Error(`unknown step ${(step as Step).$type}`);
  });
}

function compileResult(result: Result): NonNullable<Definition['result']> | undefined {
  const kind = v.resultKind(result.kind);
  if (!kind) return undefined;
  const validityUnit = v.durationUnit(result.validity?.unit);
  const condition = compileCondition(result.condition);
  return {
    kind,
    name: result.name,
    ...(result.indefinite
      ? { validity: 'indefinite' as const }
      : result.validity && validityUnit
        ? { validity: { amount: result.validity.amount, unit: validityUnit } }
        : {}),
    ...(result.sample ? { sample: result.sample } : {}),
    ...(condition ? { condition } : {})
  };
}

function compileEligibility(matter: Matter, root: string): Pick<Definition, 'eligibility'> {
  const rules = (matter.eligibility?.rules ?? []).map(rule => {
    const appliesWhen = compileCondition(rule.scope);
    return {
      name: rule.name,
      condition: compileCondition(rule.condition),
      ...(rule.message ? { message: rule.message } : {}),
      ...(appliesWhen ? { appliesWhen } : {}),
      source: sourceRange(rule, root)
    };
  });
  return rules.length ? ({ eligibility: rules } as Pick<Definition, 'eligibility'>) : {};
}

function officeHours(department: Department | undefined): { officeHours?: Array<{ from: string; to: string }> } {
  const pad = (time: string | undefined) => (time ?? '').padStart(5, '0');
  const hours = (department?.officeHours ?? []).map(r => ({ from: pad(r.from), to: pad(r.to) }));
  return hours.length ? { officeHours: hours } : {};
}

function channels(list: Matter['consultation']): Definition['consultation'] {
  return list.flatMap(c => {
    const kind = v.channelKind(c.kind);
    return kind ? [{ kind, ...(c.value ? { value: c.value } : {}) }] : [];
  });
}

/** The values marked 待确认, with where each marker stands. */
function compileToConfirm(matter: Matter, root: string): Pick<Definition, 'toConfirm'> {
  const { marks } = toConfirmMarks(matter);
  if (marks.length === 0) return {};
  const file = sourceRange(matter, root).file;
  return {
    toConfirm: marks.map(m => ({
      place: m.place,
      label: m.label,
      source: {
        file,
        line: m.range.start.line + 1,
        column: m.range.start.character + 1,
        endLine: m.range.end.line + 1,
        endColumn: m.range.end.character + 1
      }
    }))
  };
}

function defined<T>(items: Array<T | undefined>): T[] {
  return items.filter((item): item is T => item !== undefined);
}

/**
 * Compiles a checked matter to its Definition. Pure: the same matter and context give the same JSON.
 * Returns a message instead of throwing when the matter is not complete enough to run.
 */
export function compileMatter(matter: Matter, context: CompileContext): CompileResult {
  try {
    const department = matter.department?.ref;
    const promised = limitValue(matter.limits?.promised);
    const results = defined(matter.results.map(compileResult));
    const correction = limitValue(matter.correction?.limit);
    const inspection = matter.inspection;
    const declaration = matter.declaration;
    const period = v.period(declaration?.period);
    const candidate = {
      schemaVersion: 1,
      code: matter.code?.trim(),
      ...(matter.localCode ? { localCode: matter.localCode } : {}),
      name: matter.name,
      type: v.matterType(matter.type),
      level: v.level(matter.level),
      department: {
        ...departmentRef(department, matter.department?.$refText ?? ''),
        roles: (department?.roles ?? []).map(r => ({ name: r.name, ...(r.title ? { title: r.title } : {}) })),
        ...officeHours(department)
      },
      basis: [...matter.basis],
      ...(matter.conditions ? { conditions: matter.conditions } : {}),
      ...compileEligibility(matter, context.root),
      serviceObjects: defined(matter.serviceObjects.map(v.serviceObject)),
      // What the matter does not say stays out of the Definition, so the guide never prints a default as a fact.
      ...(matter.fee
        ? {
            fees: {
              free: matter.fee.free,
              items: matter.fee.items.map(i => ({
                name: i.name,
                amountYuan: i.amount,
                basis: i.basis ?? '',
                waivable: i.waivable
              })),
              onlinePayment: matter.fee.onlinePayment
            }
          }
        : {}),
      places: [...matter.places],
      ...(matter.hours ? { hours: matter.hours } : {}),
      ...(matter.appointment ? { appointment: matter.appointment.note ? { note: matter.appointment.note } : {} } : {}),
      ...(matter.quantityLimit ? { quantityLimit: matter.quantityLimit } : {}),
      ...(matter.repeatLimit
        ? { repeatLimit: { licence: matter.repeatLimit.licence, max: matter.repeatLimit.max } }
        : {}),
      consultation: channels(matter.consultation),
      complaint: channels(matter.complaint),
      ...(results[0] ? { result: results[0] } : {}),
      ...(results.length > 1 ? { otherResults: results.slice(1) } : {}),
      ...(matter.visits
        ? { visits: { count: matter.visits.count, ...(matter.visits.reason ? { reason: matter.visits.reason } : {}) } }
        : {}),
      ...(matter.onlineDepth !== undefined ? { onlineDepth: v.onlineDepth(matter.onlineDepth) } : {}),
      paper:
        matter.paper?.none || !matter.paper
          ? { mode: 'none' }
          : {
              mode: 'afterPreReview',
              how: v.paperHow(matter.paper.how),
              goodRecordFirst: matter.paper.goodRecordFirst
            },
      form: (matter.form?.fields ?? []).map(f => ({
        name: f.name,
        kind: v.fieldKind(f.kind),
        required: f.required,
        ...(f.unit ? { unit: f.unit } : {}),
        ...(f.min !== undefined ? { min: f.min } : {}),
        ...(f.max !== undefined ? { max: f.max } : {}),
        ...(f.options.length ? { options: [...f.options] } : {}),
        source: sourceRange(f, context.root)
      })),
      materials: (matter.materials?.items ?? []).map(m => compileMaterial(m, context.root)),
      submission: defined(matter.submission.map(v.submissionMode)),
      delivery: defined(matter.delivery.map(v.deliveryMode)),
      limits: {
        immediate: promised?.unit === 'hours',
        legal: limitValue(matter.limits?.legal),
        ...(matter.limits?.legalBasis ? { legalBasis: matter.limits.legalBasis } : {}),
        promised,
        // Without an extension written, the engine still allows the law's (Art. 42); the guide is told it is the law's.
        extension: limitValue(matter.limits?.extension) ?? {
          amount: isJoint(matter) ? law.jointExtension : law.extension,
          unit: 'workdays'
        },
        ...(matter.limits?.extension ? {} : { extensionFromLaw: true as const }),
        ...(matter.limits?.extensionBasis ? { extensionBasis: matter.limits.extensionBasis } : {}),
        joint: isJoint(matter)
      },
      ...(matter.correction && correction
        ? { correction: { limit: correction, deemedWithdrawn: matter.correction.deemedWithdrawn } }
        : {}),
      steps: compileSteps(matter.steps?.steps ?? [], department, context.root),
      specialProcedures: (matter.special?.procedures ?? []).map(p => {
        const kind = v.specialKind(p.kind);
        return {
          kind,
          label: v.specialKindLabel[kind ?? ''] ?? p.kind,
          ...(p.max ? { maxDuration: limitValue(p.max) } : {}),
          ...(p.basis ? { basis: p.basis } : {}),
          source: sourceRange(p, context.root)
        };
      }),
      supervision: applyRules(context.supervisionDefaults, matter.supervision),
      ...(inspection
        ? {
            annualInspection: {
              modes: inspection.modes.map(m => ({
                kind: v.inspectionMode(m.kind),
                preReviewLimit: limitValue(m.limit) ?? {
                  amount: v.inspectionMode(m.kind) === 'onSite' ? 3 : 2,
                  unit: 'workdays'
                }
              })),
              joint: inspection.joint.map(j => departmentRef(j.ref, j.$refText)),
              window: { from: inspection.windowFrom, to: inspection.windowTo },
              conclusions: defined(inspection.conclusions.map(v.conclusion)),
              stages: inspection.stages.map(s => ({
                name: s.name,
                ...(s.due ? { due: s.due } : {}),
                ...(s.limit ? { limit: limitValue(s.limit) } : {})
              }))
            }
          }
        : {}),
      ...(declaration
        ? {
            declaration: {
              period,
              ...(declaration.dueDate
                ? { due: { date: declaration.dueDate } }
                : declaration.dueDays !== undefined
                  ? { due: { daysAfterPeriod: declaration.dueDays } }
                  : {}),
              commitment: declaration.commitment
            }
          }
        : {}),
      ...compileToConfirm(matter, context.root),
      source: sourceRange(matter, context.root)
    };
    const parsed = Definition.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        ok: false,
        message: `事项“${matter.name}”不完整，无法编译：${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim()
      };
    }
    return { ok: true, definition: parsed.data };
  } catch (error) {
    return {
      ok: false,
      message: `事项“${matter.name}”无法编译：${error instanceof Error ? error.message : String(error)}`
    };
  }
}
