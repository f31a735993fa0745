import { Refusal } from '../platform/refusal.ts';
import { Duty, hasDuty, type Staff } from './principal.ts';

/**
 * Who administers what: the reform office (审改办, which owns the catalogue) and system administrators (duty
 * `admin` without a department) administer every department; a department's administrator (duty `admin` with a
 * department) administers only their own.
 */
export function administrationScope(staff: Staff): 'all' | string | undefined {
  if (hasDuty(staff, 'reformOffice')) return 'all';
  if (hasDuty(staff, 'admin')) return staff.department ?? 'all';
  return undefined;
}

/** Refuses unless the staff member administers `department` (null: accounts and changes outside any department). */
export function assertAdministers(staff: Staff, department: string | null): void {
  const scope = administrationScope(staff);
  if (!scope)
    throw new Refusal('forbidden', 'admin.not-administrator', '只有审改办、系统管理员和部门管理员可以办理管理事务。');
  if (scope !== 'all' && scope !== department)
    throw new Refusal(
      'forbidden',
      'admin.other-department',
      `您是${scope}的管理员，只能管理本部门${department ? `，不能管理${department}` : ''}。`,
      { department }
    );
}

/** What a department's administrator may grant: duties inside their own department. */
const departmentDuties: readonly Duty[] = ['author', 'head', 'supervisor', 'admin'];

/** The duties the staff member may grant: every one for the reform office and system administrators. */
export function grantableDuties(staff: Staff): Duty[] {
  const scope = administrationScope(staff);
  if (!scope) return [];
  return scope === 'all' ? [...Duty.options] : [...departmentDuties];
}
