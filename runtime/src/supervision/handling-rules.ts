/**
 * The rules of handling a supervision event in two levels (seeds/002 §四(四) 电子监察: each department supervises its
 * own approvals and corrects what is wrong, the city bureau may re-examine how a department handled it and
 * investigate again what was handled badly; seeds/000 职责分工 and 责任追究: the supervision office records
 * accountability). Pure: who may take which step in which state, and the state each step leaves.
 *
 * The department's supervisor asks the responsible person or post for an explanation (说明) with a deadline, records
 * the correction (纠正) and closes the event with a receipt (回告). The person or post asked explains. Only the bureau
 * re-examines a closed event (再监察: upholds it, or reopens it with its own findings, which returns it to the
 * department) and records accountability (责任追究).
 */

export const handlingStates = [
  'open',
  'explanationRequested',
  'explained',
  'corrected',
  'closed',
  'reopened',
  'upheld'
] as const;
export type HandlingState = (typeof handlingStates)[number];

export const handlingStateLabels: Record<HandlingState, string> = {
  open: '待处理',
  explanationRequested: '待说明',
  explained: '已说明',
  corrected: '已纠正',
  closed: '已回告办结',
  reopened: '督查局发回重新处理',
  upheld: '督查局维持'
};

export const handlingActions = [
  'requestExplanation',
  'explain',
  'correct',
  'close',
  'reexamine',
  'accountability'
] as const;
export type HandlingAction = (typeof handlingActions)[number];

export const handlingActionLabels: Record<HandlingAction, string> = {
  requestExplanation: '要求说明',
  explain: '作出说明',
  correct: '记录纠正',
  close: '回告办结',
  reexamine: '再监察',
  accountability: '责任追究'
};

/** The section chief (处室负责人) of a department: told of every card on their department's cases. */
export const sectionChief = '处室负责人';

/** Whom an explanation is asked of: a person by name, or whoever holds a post of the event's department. */
export interface Addressee {
  person?: { id: string; name: string };
  role?: string;
}

/** Who is acting, as the rules need to know them. */
export interface HandlingActor {
  id: string;
  department: string | null;
  roles: readonly string[];
  /** Holds the department supervisor's duty (of `department`). */
  supervisor: boolean;
  /** Holds the city supervision bureau's duty. */
  bureau: boolean;
}

/** The event as the rules see it. */
export interface HandlingSubject {
  department: string;
  state: HandlingState;
  responsible: Addressee;
  /** The addressee of every explanation request made on the event, the open one last. */
  asked: readonly Addressee[];
}

export type Verdict = { ok: true } | { ok: false; kind: 'forbidden' | 'conflict'; code: string; message: string };

/** The states each action may be taken in; accountability may be recorded at any time and moves nothing. */
const from: Record<HandlingAction, readonly HandlingState[]> = {
  requestExplanation: ['open', 'explained', 'corrected', 'reopened'],
  explain: ['explanationRequested'],
  // The supervisor need not wait for an explanation that does not come: its request stays, and raises its card.
  correct: ['open', 'explanationRequested', 'explained', 'corrected', 'reopened'],
  close: ['corrected'],
  reexamine: ['closed'],
  accountability: handlingStates
};

/** Supervises this department (not the bureau, which re-examines and does not handle). */
export const supervises = (actor: HandlingActor, department: string) =>
  actor.supervisor && actor.department === department;

/** Is `actor` the person or a holder of the post `to` names (a post of the event's department)? */
export function isAddressee(actor: HandlingActor, department: string, to: Addressee): boolean {
  if (to.person) return actor.id === to.person.id;
  if (actor.department !== department || actor.roles.length === 0) return false;
  return !to.role || actor.roles.includes(to.role);
}

/**
 * Who may read the event and its handling: the bureau; the department's supervisors; in the department, the person
 * or post responsible, anyone asked for an explanation, and the section chief. Nobody else (another department's
 * staff or supervisor, an applicant): to them the event is as absent as a missing one.
 */
export function mayRead(actor: HandlingActor, subject: HandlingSubject): boolean {
  if (actor.bureau || supervises(actor, subject.department)) return true;
  if (actor.department !== subject.department) return false;
  if (actor.roles.includes(sectionChief)) return true;
  const responsible = subject.responsible;
  if ((responsible.person || responsible.role) && isAddressee(actor, subject.department, responsible)) return true;
  return subject.asked.some(to => isAddressee(actor, subject.department, to));
}

const no = (kind: 'forbidden' | 'conflict', code: string, message: string): Verdict => ({
  ok: false,
  kind,
  code,
  message
});

/** May `actor` take `action` on the event now? First whose it is (forbidden), then whether its state allows (conflict). */
export function mayHandle(action: HandlingAction, actor: HandlingActor, subject: HandlingSubject): Verdict {
  switch (action) {
    case 'requestExplanation':
    case 'correct':
    case 'close':
      if (!supervises(actor, subject.department))
        return no(
          'forbidden',
          'supervision.not-department-supervisor',
          `只有${subject.department}的监察人员可以${handlingActionLabels[action]}。`
        );
      break;
    case 'explain': {
      const open = subject.state === 'explanationRequested' ? subject.asked.at(-1) : undefined;
      if (!open) return no('conflict', 'supervision.no-open-request', '这条监察信息没有待作出的说明。');
      if (!isAddressee(actor, subject.department, open))
        return no('forbidden', 'supervision.not-addressee', '只有被要求说明的责任人（或岗位）可以作出说明。');
      return { ok: true };
    }
    case 'reexamine':
    case 'accountability':
      if (!actor.bureau)
        return no('forbidden', 'supervision.bureau-only', `只有市效能督查局可以${handlingActionLabels[action]}。`);
      break;
  }
  if (!from[action].includes(subject.state))
    return no(
      'conflict',
      'supervision.wrong-state',
      `这条监察信息${handlingStateLabels[subject.state]}，不能${handlingActionLabels[action]}。`
    );
  return { ok: true };
}

/** The state a step leaves the event in. */
export function nextState(state: HandlingState, action: HandlingAction, upheld?: boolean): HandlingState {
  switch (action) {
    case 'requestExplanation':
      return 'explanationRequested';
    case 'explain':
      return 'explained';
    case 'correct':
      return 'corrected';
    case 'close':
      return 'closed';
    case 'reexamine':
      return upheld ? 'upheld' : 'reopened';
    case 'accountability':
      return state;
  }
}

/** The actions `actor` may take on the event now (for the console's buttons). */
export function availableActions(actor: HandlingActor, subject: HandlingSubject): HandlingAction[] {
  return handlingActions.filter(action => mayHandle(action, actor, subject).ok);
}
