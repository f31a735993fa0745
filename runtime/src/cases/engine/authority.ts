import type { Definition } from '@banshi/definition';
import type { CaseState } from './case-state.ts';
import type { Command } from './commands.ts';
import { routeOf, type RouteStep } from './route.ts';
import type { Actor } from './types.ts';

/**
 * A post (岗位): a catalogue role (窗口, 承办人, 处室负责人, 分管领导, …) held in a department. Without `role`, any
 * post of the department (the Definition names the department only: a co-approver, a parallel step's lead).
 */
export interface Post {
  department: string;
  role?: string;
}

/** Who may give a command on a case as it stands: posts, the applicant, the system's timers. */
export interface Authority {
  posts: Post[];
  applicant?: boolean;
  system?: boolean;
}

const none: Authority = { posts: [] };

/** The post of a step after acceptance: its role in its department; a parallel step's lead or a hand-off's department, any post. */
function stepPost(step: RouteStep | undefined): Post[] {
  if (!step) return [];
  if (step.kind === 'parallel') return [{ department: step.lead }];
  if (step.kind === 'handOff') return [{ department: step.department }];
  return [{ department: step.department, ...(step.role ? { role: step.role } : {}) }];
}

/**
 * The one place that says who may give which command, read from the Definition and the case's state: the engine
 * refuses everyone else, the API answers with it, the staff views offer only what it allows. Staff act only through
 * a post: an account with no catalogue role of the department (a matter author, a supervisor) never acts on a case.
 */
export function authorityFor(definition: Definition, state: CaseState | undefined, type: Command['type']): Authority {
  const route = routeOf(definition);
  const own = definition.department.name;
  const gate = route.acceptance
    ? { department: route.acceptance.department, role: route.acceptance.role }
    : { department: own };
  const preReview = route.preReview ? { department: route.preReview.department, role: route.preReview.role } : gate;
  const joint = (definition.annualInspection?.joint ?? []).map(j => ({ department: j.name }));
  const current = route.steps.find(s => s.id === state?.stepId);
  const delivery = route.steps.find(s => s.kind === 'delivery');
  const decision = route.steps.find(s => s.kind === 'decision');
  // The delivery step's post; a delivery step without a role, any post of its department (the deciding level's).
  const deliverer: Post =
    delivery && delivery.kind === 'delivery'
      ? { department: delivery.department, ...(delivery.role ? { role: delivery.role } : {}) }
      : { department: own };
  switch (type) {
    case 'submit':
      return { posts: [gate], applicant: true };
    case 'resubmit':
      return { posts: [gate], applicant: true };
    case 'withdraw':
      // The system withdraws an application whose correction deadline lapsed (补正期限 … 逾期 视为撤回).
      return { posts: [], applicant: true, system: true };
    case 'deemAccept':
      return { posts: [], system: true };
    case 'passPreReview':
      return { posts: [preReview, ...joint] };
    case 'recordStageOpinion':
      return definition.annualInspection?.stages.length ? { posts: [{ department: own }, ...joint] } : none;
    case 'confirmPaper':
      return { posts: dedupe([gate, preReview]) };
    case 'accept':
    case 'refuse':
      return { posts: [gate] };
    case 'requestCorrection':
      // Before acceptance the pre-review or acceptance window (and joint inspectors); during review, the current step's post.
      return state?.status === 'inReview'
        ? { posts: stepPost(current) }
        : { posts: dedupe([preReview, gate, ...joint]) };
    case 'handOff':
      return { posts: current?.kind === 'handOff' ? stepPost(current) : [] };
    case 'completeStep':
    case 'returnStep':
    case 'startSpecialProcedure':
    case 'endSpecialProcedure':
      return { posts: stepPost(current) };
    case 'explainOverdue':
      // The post that has the case in hand, or the head who answers for the limit.
      return {
        posts: dedupe([
          ...stepPost(current),
          decision && decision.kind === 'decision'
            ? { department: decision.department, ...(decision.role ? { role: decision.role } : {}) }
            : { department: own }
        ])
      };
    case 'distribute':
    case 'consolidate':
      return { posts: current?.kind === 'parallel' ? [{ department: current.lead }] : [] };
    case 'answerCoApproval':
      return {
        posts: current?.kind === 'parallel' ? current.coApprovers.map(c => ({ department: c.department })) : []
      };
    case 'requestExtension':
      // Art. 42: the handler of the step under way asks; at the decision step the head decides alone (extend).
      return { posts: current && current.kind !== 'decision' ? stepPost(current) : [] };
    case 'decide':
    case 'extend':
    case 'approveExtension':
    case 'refuseExtension':
      return {
        posts:
          decision && decision.kind === 'decision'
            ? [{ department: decision.department, ...(decision.role ? { role: decision.role } : {}) }]
            : [{ department: own }]
      };
    // Delivery, 办结 and 归档: the delivery step's post (a matter without one: any post of the deciding department).
    case 'deliver':
    case 'deliveryFailed':
    case 'complete':
      return { posts: [deliverer] };
    case 'archive':
      return { posts: [deliverer], system: true };
    default:
      return none;
  }
}

function dedupe(posts: Post[]): Post[] {
  return posts.filter((p, i) => posts.findIndex(q => q.department === p.department && q.role === p.role) === i);
}

/** Whether `by` holds one of the authority's posts (or is the applicant or the system where those may act). */
export function mayGive(authority: Authority, by: Actor, state: CaseState | undefined): boolean {
  if (by.kind === 'system') return authority.system === true;
  if (by.kind === 'applicant') return authority.applicant === true && (!state || state.applicant.id === by.id);
  // A post is a catalogue role: staff with none (authors, supervisors) hold no post.
  if (by.roles.length === 0) return false;
  return authority.posts.some(
    p => p.department === by.department && (p.role === undefined || by.roles.includes(p.role))
  );
}

/** Who the authority names, in a sentence's words: 市住房和建设局的“窗口”、市消防救援支队. */
export function postsText(authority: Authority): string {
  const posts = authority.posts.map(p => (p.role ? `${p.department}的“${p.role}”` : `${p.department}的工作人员`));
  if (authority.applicant) posts.push('申请人本人');
  if (authority.system) posts.push('系统');
  return posts.join('、') || '（无人）';
}

/** Each command as staff and applicants call it. */
export const commandLabels: Record<Command['type'], string> = {
  submit: '提交申请',
  passPreReview: '预审',
  requestCorrection: '补正通知',
  resubmit: '提交补正材料',
  confirmPaper: '核对纸质材料',
  accept: '受理',
  refuse: '不予受理',
  deemAccept: '视为受理',
  recordStageOpinion: '记录阶段意见',
  withdraw: '撤回申请',
  completeStep: '环节办结',
  returnStep: '回退',
  distribute: '分送并联审批',
  answerCoApproval: '答复并联审批',
  consolidate: '汇总并联审批意见',
  handOff: '报送上级机关',
  decide: '作出决定',
  startSpecialProcedure: '启动特殊程序',
  endSpecialProcedure: '结束特殊程序',
  explainOverdue: '说明超时原因',
  extend: '延长办理期限',
  requestExtension: '申请延期',
  approveExtension: '批准延期',
  refuseExtension: '不批准延期',
  deliver: '送达',
  deliveryFailed: '登记送达失败',
  complete: '办结',
  archive: '归档'
};

/** The commands staff give (the rest are the applicant's or the system's). */
export const staffCommands: ReadonlyArray<Command['type']> = [
  'passPreReview',
  'requestCorrection',
  'confirmPaper',
  'accept',
  'refuse',
  'recordStageOpinion',
  'completeStep',
  'returnStep',
  'distribute',
  'answerCoApproval',
  'consolidate',
  'handOff',
  'startSpecialProcedure',
  'endSpecialProcedure',
  'explainOverdue',
  'extend',
  'requestExtension',
  'approveExtension',
  'refuseExtension',
  'decide',
  'deliver',
  'deliveryFailed',
  'complete',
  'archive'
];

/**
 * The staff commands `by` holds the post for on the case as it stands (its current step), for the staff views to
 * offer; whether the case's state admits each one now is still the engine's to say when it is given.
 */
export function allowedCommands(definition: Definition, state: CaseState, by: Actor): Array<Command['type']> {
  return staffCommands.filter(type => mayGive(authorityFor(definition, state, type), by, state));
}
