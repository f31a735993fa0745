import { z } from 'zod';

/**
 * What a staff account may do besides the catalogue roles of its department (窗口, 承办人, …), which the engine
 * checks step by step: author drafts, approve as department head, file as the reform office, supervise a
 * department, supervise the whole city (the supervision bureau), read the data-exchange feed, administer accounts.
 */
export const Duty = z.enum(['author', 'head', 'reformOffice', 'supervisor', 'bureau', 'exchange', 'admin']);
export type Duty = z.infer<typeof Duty>;

export const dutyLabels: Record<Duty, string> = {
  author: '事项编写',
  head: '部门负责人',
  reformOffice: '审改办',
  supervisor: '部门监察',
  bureau: '市效能督查局',
  exchange: '数据共享接口',
  admin: '系统管理'
};

/** Who is asking: an applicant (a person or an organisation) or a member of staff. */
export type Principal =
  | { kind: 'person'; id: string; login: string; name: string; idNumber: string; goodRecord: boolean }
  | { kind: 'organisation'; id: string; login: string; name: string; creditCode: string; goodRecord: boolean }
  | {
      kind: 'staff';
      id: string;
      login: string;
      name: string;
      department: string | null;
      roles: string[];
      duties: Duty[];
    };

export type Applicant = Extract<Principal, { kind: 'person' | 'organisation' }>;
export type Staff = Extract<Principal, { kind: 'staff' }>;

export const isApplicant = (p: Principal | undefined): p is Applicant =>
  p?.kind === 'person' || p?.kind === 'organisation';
export const isStaff = (p: Principal | undefined): p is Staff => p?.kind === 'staff';
export const hasDuty = (p: Principal | undefined, duty: Duty): boolean => isStaff(p) && p.duties.includes(duty);
