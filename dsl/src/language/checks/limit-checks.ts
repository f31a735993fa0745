import type { ValidationAcceptor } from 'langium';
import {
  isAcceptanceStep,
  isDecisionStep,
  isDeliveryStep,
  isFirstReviewStage,
  isParallelStep,
  isPreReviewStep,
  type FirstReviewStage,
  type Matter,
  type ParallelStep,
  type SpecialProcedures,
  type Step
} from '../generated/ast.js';
import { isJoint, law, limitValue, type LimitValue } from '../policy.js';
import { limitUnitLabel, specialKindLabel, specialKind } from '../vocabulary.js';
import { channelRoadLabel, roads } from './channel-checks.js';
import { report } from './report.js';
import { describeLimit, keywordRange, timesWritten, propertyRange } from './util.js';

const order = (step: Step): number =>
  isPreReviewStep(step) ? 0 : isAcceptanceStep(step) ? 1 : isDecisionStep(step) ? 3 : isDeliveryStep(step) ? 4 : 2;

const stepName = (step: Step): string =>
  isPreReviewStep(step)
    ? '预审'
    : isAcceptanceStep(step)
      ? '受理'
      : isDecisionStep(step)
        ? '决定'
        : isDeliveryStep(step)
          ? '送达'
          : isParallelStep(step)
            ? '并联审批'
            : isFirstReviewStage(step)
              ? '初审'
              : (step.keyword ?? '审查');

function hasFirstReview(matter: Matter): boolean {
  return (matter.steps?.steps ?? []).some(isFirstReviewStage);
}

/** The limit a step adds to the time from acceptance to decision; undefined when it does not count. */
function countedLimit(step: Step): LimitValue | undefined {
  if (isPreReviewStep(step) || isAcceptanceStep(step) || isDeliveryStep(step)) return undefined;
  return limitValue(step.limit);
}

/** A limit counts towards a total in `unit` when written in it; workdays also count towards days (each is one). */
const countsIn = (limit: LimitValue | undefined, unit: LimitValue['unit']): boolean =>
  !!limit && (limit.unit === unit || (unit === 'days' && limit.unit === 'workdays'));

function sum(limits: Array<LimitValue | undefined>, unit: LimitValue['unit']): number {
  return limits.reduce((total, limit) => total + (limit && countsIn(limit, unit) ? limit.amount : 0), 0);
}

export function checkLimits(matter: Matter, accept: ValidationAcceptor): void {
  const limits = matter.limits;
  if (!limits) return;
  for (const [property, label] of [
    ['legal', '法定'],
    ['promised', '承诺'],
    ['extension', '延期']
  ] as const) {
    if (timesWritten(limits, property) > 1) {
      report(accept, 'error', 'limits.duplicate', `“${label}”时限写了不止一次。`, limits, {
        range: propertyRange(limits, property, 1)
      });
    }
  }
  const legal = limitValue(limits.legal);
  const promised = limitValue(limits.promised);
  if (!legal) report(accept, 'error', 'limits.missing-legal', '时限中缺少法定办结时限：`法定 20 工作日`。', limits);
  if (!promised)
    report(
      accept,
      'error',
      'limits.missing-promised',
      '时限中缺少承诺办结时限：`承诺 5 工作日`（即办件写小时）。',
      limits
    );
  const joint = isJoint(matter);
  if (legal && legal.unit === 'days' && !limits.legalBasis) {
    report(
      accept,
      'warning',
      'limits.days-without-basis',
      `法定时限 ${describeLimit(legal)}以自然日计：《行政许可法》第八十二条规定行政许可的期限以工作日计算，以日计的法定时限来自其他法律、法规，请在括号里写依据，如 \`法定 ${legal.amount} 日（依据 "《道路运输条例》第十条"）\`。`,
      limits,
      { property: 'legal' }
    );
  }
  if (legal && legal.unit === 'workdays' && !limits.legalBasis) {
    const allowed = (joint ? law.jointDecision : law.decision) + (hasFirstReview(matter) ? law.lowerLevelReview : 0);
    if (legal.amount > allowed) {
      report(
        accept,
        'error',
        'limits.legal-exceeds-law',
        `法定时限 ${describeLimit(legal)}超过了《行政许可法》规定的 ${allowed} 个工作日${joint ? '（联合办理）' : ''}：法律、法规另有规定的，请在括号里写依据，如 \`法定 ${legal.amount} 工作日（依据 "…"）\`。`,
        limits,
        { property: 'legal' }
      );
    }
  }
  const extension = limitValue(limits.extension);
  if (extension && extension.unit === 'workdays' && !limits.extensionBasis) {
    const allowed = joint ? law.jointExtension : law.extension;
    if (extension.amount > allowed) {
      report(
        accept,
        'error',
        'limits.extension-exceeds-law',
        `延期 ${describeLimit(extension)}超过了《行政许可法》允许的 ${allowed} 个工作日${joint ? '（联合办理）' : ''}；另有规定的请写依据。`,
        limits,
        { property: 'extension' }
      );
    }
  }
  if (legal && promised && legal.unit === promised.unit && promised.amount > legal.amount) {
    const range = propertyRange(limits, 'promised');
    report(
      accept,
      'error',
      'limits.promised-exceeds-legal',
      `承诺时限 ${describeLimit(promised)}长于法定时限 ${describeLimit(legal)}：承诺时限可以比法定时限短，不能更长。`,
      limits,
      {
        property: 'promised',
        ...(range
          ? {
              fix: {
                title: `把承诺时限改为 ${describeLimit(legal)}`,
                edits: [{ range, newText: `${legal.amount} ${limitUnitLabel[legal.unit]}` }]
              }
            }
          : {})
      }
    );
  }
  if (promised && legal && promised.unit === 'workdays' && legal.unit === 'days' && promised.amount > legal.amount) {
    report(
      accept,
      'error',
      'limits.promised-exceeds-legal',
      `承诺时限 ${describeLimit(promised)}长于法定时限 ${describeLimit(legal)}：${promised.amount} 个工作日至少是 ${promised.amount} 日。`,
      limits,
      { property: 'promised' }
    );
  }
  if (promised && legal && promised.unit !== 'hours' && legal.unit === 'hours') {
    report(
      accept,
      'error',
      'limits.promised-exceeds-legal',
      `法定时限以小时计，承诺时限却以${limitUnitLabel[promised.unit]}计：承诺时限不能长于法定时限。`,
      limits,
      { property: 'promised' }
    );
  }
  checkStepLimits(matter, promised, accept);
}

function checkStepLimits(matter: Matter, promised: LimitValue | undefined, accept: ValidationAcceptor): void {
  const steps = matter.steps?.steps ?? [];
  const immediate = promised?.unit === 'hours';
  const visit = (list: Step[]): void => {
    for (const step of list) {
      const limit = limitValue(step.limit);
      if (limit && immediate && limit.unit !== 'hours' && limit.amount > 0 && !isDeliveryStep(step)) {
        report(
          accept,
          'error',
          'limits.immediate-workdays',
          `这是即办件（承诺时限以小时计），“${stepName(step)}”环节的时限却以${limitUnitLabel[limit.unit]}计：即办件的环节时限应以小时计。`,
          step,
          { property: 'limit' }
        );
      }
      // Workday steps add up within a promise in days (each workday is at least a day); other mixtures cannot be summed.
      if (limit && !immediate && promised && limit.unit !== promised.unit && !countsIn(limit, promised.unit)) {
        report(
          accept,
          'error',
          'limits.unit-mismatch',
          `“${stepName(step)}”环节以${limitUnitLabel[limit.unit]}计，但承诺时限以${limitUnitLabel[promised.unit]}计：请统一用${limitUnitLabel[promised.unit]}。`,
          step,
          { property: 'limit' }
        );
      }
      if (isDeliveryStep(step) && limit && limit.unit === 'workdays' && limit.amount > law.delivery) {
        report(
          accept,
          'error',
          'limits.delivery-exceeds-law',
          `送达时限 ${describeLimit(limit)}超过了《行政许可法》第四十四条规定的 ${law.delivery} 个工作日。`,
          step,
          { property: 'limit' }
        );
      }
      if (isParallelStep(step)) checkParallel(matter, step, accept);
      if (isFirstReviewStage(step)) {
        checkFirstReview(matter, step, accept);
        visit(step.steps);
      }
    }
  };
  visit(steps);
  // A step taken on one channel only (仅 现场) counts on that channel's road: each road must fit the promise.
  const over = promised
    ? roads(matter, steps)
        .map(road => ({ ...road, total: sum(road.steps.map(countedLimit), promised.unit) }))
        .sort((a, b) => b.total - a.total)[0]
    : undefined;
  if (promised && over && over.total > promised.amount) {
    const parts = over.steps
      .filter(s => countsIn(countedLimit(s), promised.unit))
      .map(s => `${stepName(s)} ${limitValue(s.limit)!.amount}`);
    report(
      accept,
      'error',
      'limits.steps-exceed-promised',
      `${over.channel ? `${channelRoadLabel[over.channel]}递交的办件` : ''}受理后各环节的时限合计 ${over.total} ${promised.unit === 'days' ? '' : '个'}${limitUnitLabel[promised.unit]}（${parts.join(' + ')}），超过了承诺时限 ${describeLimit(promised)}；并联审批只计一次。`,
      matter.steps!,
      { range: keywordRange(matter.steps!, '环节', 'steps') }
    );
  }
  checkStepOrder(matter, accept);
}

function checkParallel(matter: Matter, step: ParallelStep, accept: ValidationAcceptor): void {
  const parallelLimit = limitValue(step.limit);
  const lead = step.lead?.ref;
  const seen = new Set<string>();
  step.coApprovers.forEach(coApprover => {
    const department = coApprover.department?.ref;
    if (!department) return;
    if (lead && department === lead) {
      const range = coApprover.$cstNode?.range;
      report(
        accept,
        'error',
        'parallel.lead-is-coapprover',
        `“${department.name}”是牵头部门，不能同时作为协办部门。`,
        coApprover,
        {
          property: 'department',
          ...(range ? { fix: { title: '删除这个协办部门', edits: [{ range, newText: '' }] } } : {})
        }
      );
    }
    if (seen.has(department.name)) {
      report(accept, 'error', 'parallel.duplicate-coapprover', `协办部门“${department.name}”重复。`, coApprover, {
        property: 'department'
      });
    }
    seen.add(department.name);
    const own = limitValue(coApprover.limit);
    if (own && parallelLimit && own.unit === parallelLimit.unit && own.amount > parallelLimit.amount) {
      report(
        accept,
        'error',
        'parallel.coapprover-exceeds-step',
        `协办部门“${department.name}”的时限 ${describeLimit(own)}长于并联审批的 ${describeLimit(parallelLimit)}。`,
        coApprover,
        { property: 'limit' }
      );
    }
  });
  if (step.coApprovers.length === 0) {
    report(accept, 'error', 'parallel.no-coapprovers', '并联审批至少要有一个协办部门。', step);
  }
  const own = matter.department?.ref;
  if (lead && own && lead !== own) {
    report(
      accept,
      'info',
      'parallel.lead-not-implementer',
      `牵头部门“${lead.name}”不是本事项的实施部门“${own.name}”。`,
      step,
      { property: 'lead' }
    );
  }
}

function checkFirstReview(matter: Matter, stage: FirstReviewStage, accept: ValidationAcceptor): void {
  const limit = limitValue(stage.limit);
  if (limit && limit.unit === 'workdays' && limit.amount > law.lowerLevelReview) {
    report(
      accept,
      'error',
      'limits.first-review-exceeds-law',
      `下级机关初审时限 ${describeLimit(limit)}超过了《行政许可法》第四十三条规定的 ${law.lowerLevelReview} 个工作日。`,
      stage,
      { property: 'limit' }
    );
  }
  if (limit) {
    const total = Math.max(...roads(matter, stage.steps).map(road => sum(road.steps.map(countedLimit), limit.unit)));
    if (total > limit.amount) {
      report(
        accept,
        'error',
        'limits.first-review-steps',
        `初审内各环节的时限合计 ${total}，超过了初审时限 ${describeLimit(limit)}。`,
        stage,
        { property: 'limit' }
      );
    }
  }
  for (const step of stage.steps) {
    if (isDecisionStep(step) || isDeliveryStep(step) || isFirstReviewStage(step)) {
      report(
        accept,
        'error',
        'steps.first-review-content',
        `初审中不能有“${stepName(step)}”：决定和送达由上级机关作出。`,
        step
      );
    }
  }
}

function checkStepOrder(matter: Matter, accept: ValidationAcceptor): void {
  const steps = matter.steps?.steps ?? [];
  if (!matter.steps) return;
  let highest = -1;
  for (const step of steps) {
    const rank = order(step);
    if (rank < highest) {
      report(
        accept,
        'error',
        'steps.order',
        `“${stepName(step)}”的位置不对：环节应按 预审 → 受理 → 审查/并联/初审 → 决定 → 送达 的顺序写。`,
        step
      );
    }
    highest = Math.max(highest, rank);
  }
  const nested = steps.flatMap(s => (isFirstReviewStage(s) ? [s, ...s.steps] : [s]));
  const count = (predicate: (s: Step) => boolean) => nested.filter(predicate).length;
  const range = keywordRange(matter.steps, '环节', 'steps');
  if (count(isAcceptanceStep) === 0) {
    report(accept, 'error', 'steps.missing-acceptance', '环节中缺少“受理”：受理是开始计时的时点。', matter.steps, {
      range
    });
  }
  if (count(isDecisionStep) === 0) {
    report(accept, 'error', 'steps.missing-decision', '环节中缺少“决定”。', matter.steps, { range });
  }
  if (count(isPreReviewStep) === 0) {
    report(
      accept,
      'warning',
      'steps.missing-pre-review',
      '环节中没有“预审”：网上申请一般先预审，不齐全的一次性告知补正。',
      matter.steps,
      { range }
    );
  }
  for (const [predicate, label] of [
    [isAcceptanceStep, '受理'],
    [isDecisionStep, '决定'],
    [isDeliveryStep, '送达'],
    [isPreReviewStep, '预审']
  ] as const) {
    if (count(predicate) > 1) {
      report(accept, 'error', 'steps.duplicate', `“${label}”环节只能有一个。`, matter.steps, { range });
    }
  }
}

export function checkSpecialProcedures(special: SpecialProcedures, accept: ValidationAcceptor): void {
  const seen = new Set<string>();
  special.procedures.forEach(procedure => {
    const kind = specialKind(procedure.kind) ?? procedure.kind;
    if (seen.has(kind)) {
      report(accept, 'warning', 'special.duplicate', `特殊程序“${specialKindLabel[kind] ?? kind}”重复。`, procedure, {
        property: 'kind'
      });
    }
    seen.add(kind);
    if (!procedure.max) {
      report(
        accept,
        'warning',
        'special.missing-duration',
        `特殊程序“${specialKindLabel[kind] ?? kind}”没有写最长时间：要书面告知申请人所需时间，如 \`最长 20 工作日\`。`,
        procedure,
        { property: 'kind' }
      );
    }
  });
}
