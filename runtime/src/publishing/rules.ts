import { hasDuty, type Staff } from '../accounts/index.ts';
import { Refusal } from '../platform/refusal.ts';

/**
 * Where a matter version stands: drafted, submitted to the head, sent back, approved to go live at a set time, live,
 * or replaced by a later one.
 */
export type VersionState = 'draft' | 'submitted' | 'approved' | 'scheduled' | 'rejected' | 'published' | 'superseded';

export const stateLabels: Record<VersionState, string> = {
  draft: '草稿',
  submitted: '待部门负责人审批',
  approved: '已批准',
  scheduled: '待生效（定时发布）',
  rejected: '已退回修改',
  published: '现行版本',
  superseded: '已被新版本替代'
};

/** Versions the author may still change and submit. */
export const editableStates: readonly VersionState[] = ['draft', 'rejected'];
/**
 * A matter has at most one change in progress at a time, so versions are approved in the order they were drafted; a
 * version approved to go live later holds the slot until it does (or is withdrawn).
 */
export const openStates: readonly VersionState[] = ['draft', 'rejected', 'submitted', 'scheduled'];

/** Whether the staff member may use the studio at all. */
export const usesStudio = (staff: Staff) =>
  (['author', 'head', 'reformOffice', 'admin'] as const).some(d => hasDuty(staff, d));

/** The matters a member of staff may read: all for the reform office and administrators, else their department's. */
export function readScope(staff: Staff): 'all' | string | undefined {
  if (hasDuty(staff, 'reformOffice') || hasDuty(staff, 'admin')) return 'all';
  if ((hasDuty(staff, 'author') || hasDuty(staff, 'head')) && staff.department) return staff.department;
  return undefined;
}

export function mayRead(staff: Staff, department: string): boolean {
  const scope = readScope(staff);
  return scope === 'all' || scope === department;
}

/** Drafting, editing and submitting: an author of the matter's own department. */
export function assertMayAuthor(staff: Staff, department: string): void {
  if (!hasDuty(staff, 'author'))
    throw new Refusal('forbidden', 'studio.not-author', '只有事项编写人员可以起草、修改和提交事项变更。');
  if (staff.department !== department) {
    throw new Refusal(
      'forbidden',
      'studio.other-department',
      `该事项由${department}实施，您只能起草本部门（${staff.department ?? '无所属部门'}）的事项。`,
      { department }
    );
  }
}

/** Approving or sending back: the head of the matter's department, and not the one who drafted this version. */
export function assertMayApprove(staff: Staff, department: string, authorId: string | null): void {
  if (!hasDuty(staff, 'head')) throw new Refusal('forbidden', 'studio.not-head', '事项变更须由部门负责人审批。');
  if (staff.department !== department) {
    throw new Refusal('forbidden', 'studio.other-department', `该事项由${department}实施，只能由该部门负责人审批。`, {
      department
    });
  }
  if (authorId === staff.id)
    throw new Refusal('forbidden', 'studio.own-draft', '不能审批自己起草的事项变更，请由本部门其他负责人审批。');
}

/** Filing (备案): the reform office reviews every published change (004 第十四条; 002: it confirms departments' items). */
export function assertMayFile(staff: Staff): void {
  if (!hasDuty(staff, 'reformOffice'))
    throw new Refusal('forbidden', 'studio.not-reform-office', '只有审改办可以审查事项变更备案。');
}
