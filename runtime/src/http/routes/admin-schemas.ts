import { z } from 'zod';
import { Duty } from '../../accounts/index.ts';
import { DepartmentForm } from '../../publishing/index.ts';

/** What the administration routes answer, as zod: the OpenAPI document and the studio's types come from these. */
const Iso = z.iso.datetime();
const Person = z.object({ id: z.string(), name: z.string() });

export const Problem = z.object({
  file: z.string().describe('目录中的文件路径，如 departments.matter；空串表示整个目录'),
  line: z.number().int(),
  column: z.number().int(),
  message: z.string().describe('中文说明'),
  code: z.string(),
  field: z
    .enum(['name', 'code', 'region', 'level', 'parent', 'roles', 'phones', 'officeHours', 'places', 'formerNames'])
    .optional()
    .describe('问题所在的表单项（在本部门的定义中时）')
});

export const ChangeView = z.object({
  id: z.string(),
  kind: z.enum(['department', 'import']),
  state: z.enum(['pending', 'published', 'rejected']),
  stateLabel: z.string(),
  department: z.string().nullable(),
  previousName: z.string().nullable().describe('改名或修改前的部门名称；新建部门时为 null'),
  source: z.string().nullable().describe('部门定义（事项语言）'),
  files: z.array(z.string()).describe('目录导入：变更的文件'),
  summary: z.array(z.string()).describe('中文，每行一项变化，如 层级：市级 → 县级'),
  note: z.string(),
  author: Person,
  decidedBy: Person.nullable(),
  comment: z.string().nullable(),
  createdAt: Iso,
  decidedAt: Iso.nullable(),
  catalogVersion: z.number().int().nullable().describe('发布后的目录版本')
});

export const DepartmentList = z.object({
  scope: z.string().describe('all：全部部门；否则为所管理的部门名称'),
  departments: z.array(
    DepartmentForm.extend({
      levelLabel: z.string().nullable(),
      staff: z.number().int().describe('在用的工作人员账号数'),
      matters: z.number().int().describe('现行事项数'),
      pending: ChangeView.nullable()
    })
  ),
  proposed: z.array(ChangeView).describe('待确认的新建部门'),
  regions: z.array(z.object({ name: z.string(), level: z.string().nullable() })),
  parents: z
    .array(z.object({ name: z.string(), level: z.string().nullable(), region: z.string().nullable() }))
    .describe('可选作上级部门的部门：目录中的全部部门'),
  levels: z.array(z.object({ value: z.string(), label: z.string() }))
});

export const DepartmentDetail = z.object({
  form: DepartmentForm,
  source: z.string(),
  history: z.array(ChangeView)
});

export const DepartmentCheck = z.object({
  ok: z.boolean(),
  source: z.string().describe('按表单写出的部门定义（事项语言）'),
  problems: z.array(Problem),
  summary: z.array(z.string())
});

export const StaffAccount = z.object({
  id: z.string(),
  login: z.string(),
  name: z.string(),
  department: z.string().nullable(),
  roles: z.array(z.string()),
  duties: z.array(Duty),
  dutyLabels: z.array(z.string()),
  disabled: z.boolean(),
  mustChangePassword: z.boolean().describe('持有人须在下次登录时设置新密码'),
  secondFactor: z.boolean().describe('已绑定身份验证器（动态口令）；未绑定的，持有人下次登录时先绑定'),
  createdAt: Iso
});

export const StaffList = z.object({
  items: z.array(StaffAccount),
  grantable: z.array(z.object({ duty: Duty, label: z.string() })).describe('当前管理员可以授予的职责'),
  departments: z
    .array(z.object({ name: z.string(), roles: z.array(z.object({ name: z.string(), title: z.string().optional() })) }))
    .describe('当前管理员可以管理的部门及其岗位')
});

export const StaffWithPassword = z.object({
  account: StaffAccount,
  temporaryPassword: z.string().describe('临时密码：只显示这一次，持有人首次登录时须设置新密码')
});

export const ImportResult = z.object({
  drafts: z.array(
    z.object({
      code: z.string(),
      version: z.number().int(),
      name: z.string(),
      department: z.string(),
      path: z.string()
    })
  ),
  unchanged: z.array(z.string()).describe('与现行版本相同、未起草的事项编码'),
  change: z.string().nullable().describe('目录其他文件的变更（待审改办确认）；无变化时为 null'),
  changedFiles: z.array(z.string()),
  skipped: z.array(z.string()).describe('压缩包中不是 .matter 的文件（未导入）')
});
