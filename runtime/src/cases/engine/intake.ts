import { checkAnswers, eligibilityMessage, isBlank, serves, unmetEligibility } from '@banshi/definition';
import type { CaseState } from './case-state.ts';
import type { Command } from './commands.ts';
import { actorLabel, enterStep, isStaffOf, remainingOf, resumeAll, type Context } from './context.ts';
import type { Event } from './events.ts';
import { deadlineText } from './notices.ts';
import { asRequired, paperFindings, paperToCheck } from './paper-check.ts';
import { reject, statusLabels, type Decision } from './rejection.ts';
import { nextStep } from './route.ts';

type Handler<T extends Command['type']> = (
  ctx: Context,
  state: CaseState | undefined,
  command: Extract<Command, { type: T }>
) => Decision<Event>;

const ok = (...events: Event[]): Decision<Event> => ({ ok: true, events });
/** How a submission channel reads in a refusal: 网上, 快递, 现场. */
export const channelLabel = { online: '网上', express: '快递', onSite: '现场' } as const;
const deliveryLabel = { online: '网上', express: '快递', onSite: '窗口领取', announcement: '公告' } as const;

/** Art. 32: 5 workdays to notify corrections, else the application counts as accepted from receipt. */
const correctionNoticeLimit = { amount: 5, unit: 'workdays' } as const;

function monthDay(ctx: Context): string {
  return ctx.calendar.dateOf(ctx.now).slice(5);
}

function preReviewLimit(ctx: Context, mode: 'written' | 'onSite' | undefined) {
  const inspection = ctx.definition.annualInspection?.modes.find(m => m.kind === mode);
  return inspection?.preReviewLimit ?? ctx.route.preReview?.limit ?? { amount: 2, unit: 'workdays' as const };
}

export const submit: Handler<'submit'> = (ctx, state, command) => {
  const { definition } = ctx;
  if (state) return reject('case.exists', `办件 ${state.caseNumber} 已经提交，不能重复提交。`);
  const acceptanceDepartment =
    ctx.route.preReview?.department ?? ctx.route.acceptance?.department ?? definition.department.name;
  if (command.by.kind === 'staff' && (command.by.department !== acceptanceDepartment || command.channel !== 'onSite')) {
    return reject('actor.not-allowed', `窗口代为录入只能由${acceptanceDepartment}在现场办理。`);
  }
  if (command.by.kind === 'system') return reject('actor.not-allowed', '申请只能由申请人提交或由窗口代为录入。');
  if (command.by.kind === 'applicant' && command.by.id !== command.applicant.id)
    return reject('actor.not-allowed', '不能以他人名义提交申请。');
  // An on-site application is one the window takes in person (office-audit problem 6): declared from home, it skipped
  // the uploads and the blacklist.
  if (command.by.kind === 'applicant' && command.channel === 'onSite') {
    const own = applicantChannels(definition);
    return reject(
      'submission.window-only',
      `到服务大厅窗口递交的申请由窗口工作人员当场录入，不能在网上选择“现场”递交${own.length ? `；网上可选：${own.map(c => channelLabel[c]).join('、')}` : '；本事项请到服务大厅窗口办理'}。`
    );
  }
  // Who the matter serves (服务对象): a person cannot apply for what serves only organisations, nor the reverse.
  if (!serves(definition, command.applicant.kind))
    return reject(
      'applicant.kind',
      command.applicant.kind === 'person'
        ? '本事项面向企业和其他组织，请以单位（统一社会信用代码）作为申请人。'
        : '本事项面向个人，请以个人（身份证号码）作为申请人。'
    );
  if (!definition.submission.includes(command.channel)) {
    return reject(
      'submission.channel',
      `本事项不支持${channelLabel[command.channel]}递交，可选：${definition.submission.map(c => channelLabel[c]).join('、')}。`
    );
  }
  if (command.delivery && !definition.delivery.includes(command.delivery)) {
    return reject(
      'delivery.option',
      `本事项不支持${deliveryLabel[command.delivery]}送达，可选：${definition.delivery
        .filter(d => d !== 'announcement')
        .map(d => deliveryLabel[d])
        .join('、')}。`
    );
  }
  if (definition.declaration && !command.commitmentSigned) {
    return reject('declaration.commitment', `网上申报须签署承诺：“${definition.declaration.commitment}”`);
  }
  const inspection = definition.annualInspection;
  if (inspection) {
    if (!command.inspectionMode || !inspection.modes.some(m => m.kind === command.inspectionMode)) {
      return reject(
        'inspection.mode',
        `请选择年检方式：${inspection.modes.map(m => (m.kind === 'written' ? '书面检查' : '实地检查')).join('或')}。`
      );
    }
    const today = monthDay(ctx);
    if (today < inspection.window.from || today > inspection.window.to) {
      return reject(
        'inspection.window',
        `年检申报时间为每年 ${inspection.window.from} 至 ${inspection.window.to}，现在不在申报时间内。`
      );
    }
  }
  const missing = definition.form.filter(f => f.required && isBlank(command.answers[f.name])).map(f => f.name);
  if (missing.length > 0) return reject('form.required', `以下必填项没有填写：${missing.join('、')}。`);
  const checked = checkAnswers(definition, command.answers, ctx.calendar.dateOf(ctx.now));
  const wrong = Object.values(checked.errors);
  if (wrong.length > 0) return reject('form.invalid', `申请表有误：${wrong.join('；')}。`);
  const unmet = unmetEligibility(definition, checked.answers);
  if (unmet.length > 0) return reject('eligibility.unmet', eligibilityMessage(unmet));
  const events: Event[] = [
    {
      type: 'Submitted',
      at: ctx.now,
      by: command.by,
      caseId: command.caseId,
      caseNumber: command.caseNumber,
      matterCode: definition.code,
      matterVersion: definitionVersion(ctx),
      applicant: command.applicant,
      channel: command.channel,
      answers: checked.answers,
      materials: command.materials,
      commitmentSigned: command.commitmentSigned ?? false,
      ...(command.inspectionMode ? { inspectionMode: command.inspectionMode } : {}),
      ...(command.delivery ? { delivery: command.delivery } : {}),
      deemedAcceptanceAt: ctx.calendar.deadline(ctx.now, correctionNoticeLimit),
      preReviewDeadline: ctx.calendar.deadline(ctx.now, preReviewLimit(ctx, command.inspectionMode))
    }
  ];
  if (!ctx.route.preReview && !inspection?.joint.length) {
    events.push({
      type: 'PreReviewPassed',
      at: ctx.now,
      by: { kind: 'system' },
      department: acceptanceDepartment,
      opinion: '本事项无预审环节',
      paper: paperOnPass(ctx, command.applicant.goodRecord, command.channel),
      allPassed: true
    });
  }
  return ok(...events);
};

/** The channels an applicant may choose themselves: every one the matter offers but the window's own. */
export function applicantChannels(definition: Context['definition']): Array<'online' | 'express'> {
  return definition.submission.filter((c): c is 'online' | 'express' => c !== 'onSite');
}

function definitionVersion(ctx: Context): string {
  return (ctx.definition as { version?: string }).version ?? '1';
}

/**
 * What paper the case waits for once pre-review passes. A case sent by express has its materials only on paper,
 * whatever the matter says of paper for online cases: it waits for them (office-audit problem 6).
 */
function paperOnPass(
  ctx: Context,
  goodRecord: boolean,
  channel: CaseState['channel']
): 'notRequired' | 'awaiting' | 'acceptedBeforePaper' {
  const paper = ctx.definition.paper;
  if (paper.mode === 'none') return channel === 'express' ? 'awaiting' : 'notRequired';
  return goodRecord && paper.goodRecordFirst ? 'acceptedBeforePaper' : 'awaiting';
}

/** The departments that pre-review: the implementer, and every department of a joint annual inspection. */
export function preReviewDepartments(ctx: Context): string[] {
  const own = ctx.route.preReview?.department ?? ctx.definition.department.name;
  return [own, ...(ctx.definition.annualInspection?.joint.map(j => j.name) ?? [])];
}

export const passPreReview: Handler<'passPreReview'> = (ctx, state, command) => {
  if (!state || state.status !== 'submitted') return wrongStatus(state, '预审');
  const departments = preReviewDepartments(ctx);
  const by = command.by;
  const gate = ctx.route.preReview;
  const department = by.kind === 'staff' ? by.department : '';
  const allowed =
    by.kind === 'staff' &&
    departments.includes(department) &&
    (department !== gate?.department || !gate || by.roles.includes(gate.role));
  if (!allowed)
    return reject(
      'actor.not-allowed',
      `预审应由${gate ? `${gate.department}的“${gate.role}”` : departments.join('、')}办理，${actorLabel(by)}不能办理。`
    );
  if (state.preReviewedBy.includes(department)) return reject('preReview.done', `${department}已经预审通过。`);
  const allPassed = departments.every(d => d === department || state.preReviewedBy.includes(d));
  return ok({
    type: 'PreReviewPassed',
    at: ctx.now,
    by,
    department,
    opinion: command.opinion ?? '预审通过',
    paper: paperOnPass(ctx, state.applicant.goodRecord, state.channel),
    allPassed
  });
};

export const requestCorrection: Handler<'requestCorrection'> = (ctx, state, command) => {
  if (!state) return wrongStatus(state, '补正');
  if (state.status === 'correcting')
    return reject(
      'correction.already-issued',
      '本轮已发出补正通知：补正通知要一次性列明全部需要补正的内容，须等申请人补正后才能再次通知。'
    );
  if (!['submitted', 'awaitingPaper', 'inReview'].includes(state.status)) return wrongStatus(state, '补正');
  const items = command.items.map(i => i.trim()).filter(Boolean);
  if (items.length === 0) return reject('correction.items-required', '补正通知要列明需要补正的全部内容。');
  const inReview = state.status === 'inReview';
  const step = inReview ? ctx.route.steps.find(s => s.id === state.stepId) : undefined;
  const department = inReview
    ? step?.kind === 'parallel'
      ? step.lead
      : (step?.department ?? ctx.definition.department.name)
    : (ctx.route.preReview?.department ?? ctx.definition.department.name);
  if (command.by.kind !== 'staff' || !preReviewDepartments(ctx).concat(department).includes(command.by.department)) {
    return reject('actor.not-allowed', `补正通知应由${department}发出。`);
  }
  // Art. 32: all that needs correcting is told at once. After the resubmission, only what the first notice named and
  // is still deficient may be named again; anything new should have been in the first notice.
  if (!inReview && state.firstNotice) {
    const named = new Set(state.firstNotice);
    const fresh = items.filter(i => !named.has(i));
    if (fresh.length > 0) {
      return reject(
        'correction.not-in-first-notice',
        `依《行政许可法》第三十二条，需要补正的全部内容应当一次告知：再次通知只能列出首次补正通知中仍未补正的内容，${fresh.map(i => `“${i}”`).join('、')}不在首次通知中。`
      );
    }
  }
  const handedOff = state.opinions.some(o => o.verdict === 'handOff');
  if (inReview && handedOff && command.by.department === ctx.definition.department.name) {
    return reject(
      'correction.after-hand-off',
      '下级机关已报送初审意见和全部申请材料，上级机关不得要求申请人重复提供（《行政许可法》第三十五条）。'
    );
  }
  return ok({
    type: 'CorrectionRequested',
    at: ctx.now,
    by: command.by,
    items,
    round: state.correctionRounds + 1,
    department: command.by.department,
    ...(inReview && state.deadlines ? { remaining: remainingOf(ctx, state.deadlines) } : {}),
    ...(ctx.definition.correction ? { dueAt: ctx.calendar.deadline(ctx.now, ctx.definition.correction.limit) } : {})
  });
};

export const resubmit: Handler<'resubmit'> = (ctx, state, command) => {
  if (!state || state.status !== 'correcting') return wrongStatus(state, '补正后重新提交');
  if (
    !(command.by.kind === 'applicant' && command.by.id === state.applicant.id) &&
    !(command.by.kind === 'staff' && preReviewDepartments(ctx).includes(command.by.department))
  ) {
    return reject('actor.not-allowed', '只有申请人本人（或窗口代为录入）可以提交补正材料。');
  }
  if (lapsed(ctx, state)) {
    return reject(
      'correction.lapsed',
      `补正期限已于 ${deadlineText(state.correction!.dueAt!)}届满，逾期未补正的申请视为撤回，不能再提交补正材料；如需办理请重新申请。`
    );
  }
  const merged = checkAnswers(ctx.definition, { ...state.answers, ...command.answers }, ctx.calendar.dateOf(ctx.now));
  const wrong = Object.values(merged.errors);
  if (wrong.length > 0) return reject('form.invalid', `申请表有误：${wrong.join('；')}。`);
  const unmet = unmetEligibility(ctx.definition, merged.answers);
  if (unmet.length > 0) return reject('eligibility.unmet', eligibilityMessage(unmet));
  const answers = merged.answers;
  const materials = [...new Set([...state.materials, ...(command.materials ?? [])])];
  if (state.correction?.statusBefore === 'inReview' && state.paused) {
    return ok({
      type: 'Resubmitted',
      at: ctx.now,
      by: command.by,
      answers,
      materials,
      deadlines: resumeAll(ctx, state.paused, state.deadlines!)
    });
  }
  return ok({
    type: 'Resubmitted',
    at: ctx.now,
    by: command.by,
    answers,
    materials,
    deemedAcceptanceAt: ctx.calendar.deadline(ctx.now, correctionNoticeLimit),
    preReviewDeadline: ctx.calendar.deadline(ctx.now, preReviewLimit(ctx, state.inspectionMode))
  });
};

export const confirmPaper: Handler<'confirmPaper'> = (ctx, state, command) => {
  if (
    !state ||
    !(state.paper === 'awaiting' || state.paper === 'acceptedBeforePaper') ||
    ['archived', 'withdrawn', 'refused'].includes(state.status)
  ) {
    return reject('paper.not-awaited', '本办件没有待核对的纸质材料。');
  }
  const department = ctx.route.acceptance?.department ?? ctx.definition.department.name;
  if (!isStaffOf(command.by, department)) return reject('actor.not-allowed', `纸质材料应由${department}核对。`);
  const expected = paperToCheck(ctx.definition, state);
  const items = command.items ?? asRequired(expected);
  const findings = paperFindings(expected, items);
  if (findings.length > 0) {
    return reject(
      'paper.mismatch',
      `纸质材料核对不符：${findings.join('；')}。请告知申请人补齐或更正后再核对；纸质材料与网上提交的不一致的，可依法不予受理。`
    );
  }
  return ok({ type: 'PaperConfirmed', at: ctx.now, by: command.by, items });
};

export const recordStageOpinion: Handler<'recordStageOpinion'> = (ctx, state, command) => {
  const stages = ctx.definition.annualInspection?.stages ?? [];
  if (!state || !['submitted', 'preReviewed', 'awaitingPaper'].includes(state.status))
    return wrongStatus(state, '记录阶段意见');
  const expected = stages[state.stageOpinions.length];
  if (!expected || expected.name !== command.stage)
    return reject('stage.order', `应先记录“${expected?.name ?? '（无）'}”的意见。`);
  if (command.by.kind !== 'staff' || !command.opinion.trim())
    return reject('stage.opinion', '阶段意见须由工作人员填写。');
  // A stage past its date is not left hanging: the case is refused, with its notice (office-audit 24).
  if (expected.due && monthDay(ctx) > expected.due)
    return ok({ type: 'Refused', at: ctx.now, by: command.by, reasons: lateStage(expected) });
  return ok({
    type: 'StageOpinionRecorded',
    at: ctx.now,
    by: command.by,
    stage: command.stage,
    opinion: command.opinion
  });
};

function lateStage(stage: { name: string; due?: string | undefined }): string {
  return `“${stage.name}”阶段截止于每年 ${stage.due}，逾期未取得该阶段意见，不予受理。`;
}

function stagesBeforeAcceptance(ctx: Context, state: CaseState): string | undefined {
  const stages = ctx.definition.annualInspection?.stages ?? [];
  const needed = stages.slice(0, Math.max(0, stages.length - 1));
  const missing = needed.slice(state.stageOpinions.length);
  return missing.length ? missing.map(s => s.name).join('、') : undefined;
}

export const accept: Handler<'accept'> = (ctx, state, command) => {
  if (!state || state.status !== 'preReviewed') return wrongStatus(state, '受理');
  const gate = ctx.route.acceptance;
  if (
    gate ? !isStaffOf(command.by, gate.department, gate.role) : !isStaffOf(command.by, ctx.definition.department.name)
  ) {
    return reject(
      'actor.not-allowed',
      `受理应由${gate ? `${gate.department}的“${gate.role}”` : ctx.definition.department.name}办理，${actorLabel(command.by)}不能办理。`
    );
  }
  const stages = stagesBeforeAcceptance(ctx, state);
  if (stages) return reject('stage.missing', `受理前须先取得“${stages}”的意见。`);
  return ok(accepted(ctx, state, command.by, false, ctx.now, command.opinion ?? '予以受理'));
};

function accepted(
  ctx: Context,
  state: CaseState,
  by: Command['by'],
  deemed: boolean,
  from: number,
  opinion: string
): Event {
  const { calendar, definition } = ctx;
  const first = nextStep(ctx.route, state.channel);
  const base = {
    legal: calendar.deadline(from, definition.limits.legal),
    promised: calendar.deadline(from, definition.limits.promised)
  };
  const deadlines = enterStep({ ...ctx, now: deemed ? ctx.now : from }, base, first, undefined);
  return { type: 'Accepted', at: ctx.now, by, deemed, acceptedFrom: from, deadlines, stepId: first?.id, opinion };
}

export const deemAccept: Handler<'deemAccept'> = (ctx, state, command) => {
  if (!state || !['submitted', 'preReviewed', 'awaitingPaper'].includes(state.status))
    return wrongStatus(state, '视为受理');
  if (command.by.kind !== 'system')
    return reject('actor.not-allowed', '视为受理由系统按《行政许可法》第三十二条自动作出。');
  if (state.deemedAcceptanceAt === undefined || ctx.now < state.deemedAcceptanceAt) {
    return reject('deemed.not-due', '收到申请之日起 5 个工作日尚未届满，不能视为受理。');
  }
  // A mandatory stage opinion is part of a complete application: never skipped by deemed acceptance (office-audit 24).
  // Missing at the deemed instant, there is no deemed acceptance: the window accepts or refuses the case.
  const stages = ctx.definition.annualInspection?.stages ?? [];
  const needed = stages.slice(0, Math.max(0, stages.length - 1));
  const missing = needed.find((stage, i) => {
    const o = state.stageOpinions[i];
    return !o || o.at > state.deemedAcceptanceAt!;
  });
  if (missing)
    return reject(
      'stage.missing',
      `收到申请之日起 5 个工作日届满时尚未取得“${missing.name}”的意见，不能视为受理：请窗口受理或不予受理。`
    );
  // From the receipt of the complete application: after a correction, the day the corrections arrived.
  return ok(
    accepted(
      ctx,
      state,
      command.by,
      true,
      state.completeAt,
      '收到申请之日起 5 个工作日内未告知补正，依法自收到申请之日起即为受理'
    )
  );
};

export const refuse: Handler<'refuse'> = (ctx, state, command) => {
  if (!state || !['submitted', 'preReviewed', 'awaitingPaper'].includes(state.status))
    return wrongStatus(state, '不予受理');
  const gate = ctx.route.acceptance;
  if (
    gate ? !isStaffOf(command.by, gate.department, gate.role) : !isStaffOf(command.by, ctx.definition.department.name)
  ) {
    return reject(
      'actor.not-allowed',
      `不予受理应由${gate ? `${gate.department}的“${gate.role}”` : ctx.definition.department.name}决定。`
    );
  }
  if (!command.reasons.trim()) return reject('refusal.reasons-required', '不予受理必须书面说明理由。');
  return ok({ type: 'Refused', at: ctx.now, by: command.by, reasons: command.reasons.trim() });
};

/** Whether the applicant's correction deadline has passed on a matter where that means the application is withdrawn. */
function lapsed(ctx: Context, state: CaseState): boolean {
  const due = state.correction?.dueAt;
  return (
    state.status === 'correcting' && !!ctx.definition.correction?.deemedWithdrawn && due !== undefined && ctx.now >= due
  );
}

/** The reason a lapsed correction deadline gives for the withdrawal. */
export const deemedWithdrawnReason = '逾期未补正，视为撤回申请';

export const withdraw: Handler<'withdraw'> = (ctx, state, command) => {
  if (
    !state ||
    !['submitted', 'correcting', 'awaitingPaper', 'preReviewed', 'inReview', 'paused'].includes(state.status)
  )
    return wrongStatus(state, '撤回');
  // The matter's 补正期限 ran out with the corrections still missing: the application is deemed withdrawn.
  if (command.by.kind === 'system') {
    if (!lapsed(ctx, state)) return reject('case.status', '补正期限未届满，不能视为撤回。');
    return ok({ type: 'Withdrawn', at: ctx.now, by: command.by, reason: deemedWithdrawnReason });
  }
  if (!(command.by.kind === 'applicant' && command.by.id === state.applicant.id))
    return reject('actor.not-allowed', '只有申请人本人可以撤回申请。');
  return ok({ type: 'Withdrawn', at: ctx.now, by: command.by, reason: command.reason?.trim() || '申请人撤回' });
};

export function wrongStatus(state: CaseState | undefined, action: string): Decision<Event> {
  if (!state) return reject('case.not-found', `办件不存在，不能${action}。`);
  if (state.status === 'archived') return reject('case.archived', `办件 ${state.caseNumber} 已归档，不能再${action}。`);
  return reject('case.status', `办件当前状态为“${statusLabels[state.status]}”，不能${action}。`);
}
