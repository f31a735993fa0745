/**
 * The construction-permit flow the engine bench drives, step by step, in the three engines: who acts, the
 * Banshi command, the BPMN element (the start event, then one user task per step) and the XState event.
 * Copied from the last test of runtime/src/cases/engine/construction-permit.test.ts (without its rejected attempts
 * and its failed delivery): submission to archive, with the two co-approvers in parallel.
 */
import type { Actor, Command } from '../../../runtime/src/cases/engine/index.ts';

const housing = '市住房和建设局';

function staff(department: string, roles: string[], name: string): Actor & { kind: 'staff' } {
  return { kind: 'staff', id: `${department}:${name}`, name, department, roles };
}

export const actors = {
  applicant: { kind: 'applicant', id: 'applicant-1', name: '李四' } as Actor & { kind: 'applicant' },
  window: staff(housing, ['窗口'], '王窗口'),
  handler: staff(housing, ['承办人'], '陈承办'),
  chief: staff(housing, ['处室负责人'], '林科长'),
  leader: staff(housing, ['分管领导'], '黄局长'),
  planning: staff('市自然资源和规划局', ['承办人'], '规划刘'),
  civilDefence: staff('市人民防空办公室', ['承办人'], '人防赵')
};
export type ActorName = keyof typeof actors;

export const company = {
  id: 'applicant-1',
  kind: 'organisation' as const,
  name: '厦门市某建设有限公司',
  goodRecord: false
};

export interface FlowStep {
  by: ActorName;
  /** The Banshi command, without `by` (and, for the submission, without what changes per case). */
  command: Exclude<Command, { type: 'submit' }> extends infer C ? (C extends Command ? Omit<C, 'by'> : never) : never;
  /** The BPMN element that stands for the step: the start event for the submission, else a user task. */
  bpmn: string;
  xstate: string;
}

type Submit = { by: 'applicant'; command: { type: 'submit' }; bpmn: string; xstate: string };

export const steps: ReadonlyArray<FlowStep | Submit> = [
  { by: 'applicant', command: { type: 'submit' }, bpmn: 'submitted', xstate: 'SUBMIT' },
  { by: 'window', command: { type: 'passPreReview' }, bpmn: 'preReview', xstate: 'PASS_PRE_REVIEW' },
  { by: 'window', command: { type: 'confirmPaper' }, bpmn: 'confirmPaper', xstate: 'CONFIRM_PAPER' },
  { by: 'window', command: { type: 'accept' }, bpmn: 'acceptance', xstate: 'ACCEPT' },
  {
    by: 'handler',
    command: { type: 'completeStep', stepId: 'review-1', opinion: '材料齐全，符合条件' },
    bpmn: 'review',
    xstate: 'COMPLETE_REVIEW'
  },
  { by: 'handler', command: { type: 'distribute' }, bpmn: 'distribute', xstate: 'DISTRIBUTE' },
  {
    by: 'planning',
    command: { type: 'answerCoApproval', agree: true },
    bpmn: 'planning',
    xstate: 'ANSWER_CO_APPROVAL'
  },
  {
    by: 'civilDefence',
    command: { type: 'answerCoApproval', agree: true },
    bpmn: 'civilDefence',
    xstate: 'ANSWER_CO_APPROVAL'
  },
  {
    by: 'handler',
    command: { type: 'consolidate', opinion: '各协办部门均同意' },
    bpmn: 'consolidate',
    xstate: 'CONSOLIDATE'
  },
  {
    by: 'chief',
    command: { type: 'completeStep', stepId: 'review-2', opinion: '同意' },
    bpmn: 'sectionChief',
    xstate: 'COMPLETE_SECTION_REVIEW'
  },
  { by: 'leader', command: { type: 'decide', approve: true }, bpmn: 'decision', xstate: 'DECIDE' },
  { by: 'window', command: { type: 'deliver', method: 'online' }, bpmn: 'delivery', xstate: 'DELIVER' },
  { by: 'window', command: { type: 'complete' }, bpmn: 'completion', xstate: 'COMPLETE' },
  { by: 'window', command: { type: 'archive' }, bpmn: 'archive', xstate: 'ARCHIVE' }
];

/** Commands (Banshi), start + user tasks (BPMN), events sent (XState) per case. */
export const stepsPerCase = steps.length;
/** The BPMN user tasks, in the order a case signals them. */
export const userTasks = steps.slice(1).map(s => s.bpmn);

/** The clock advances this much between two commands of a case. */
export const stepMs = 3_600_000;
