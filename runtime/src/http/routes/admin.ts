import { z } from 'zod';
import {
  administrationScope,
  createStaffAccount,
  Duty,
  dutyLabels,
  grantableDuties,
  listStaffAccounts,
  resetStaffPassword,
  resetStaffSecondFactor,
  setStaffDisabled,
  updateStaffAccount,
  type Principal,
  type Staff
} from '../../accounts/index.ts';
import type { Services } from '../../cases/index.ts';
import {
  approveChange,
  checkDepartment,
  DepartmentForm,
  exportCatalogue,
  importCatalogueZip,
  listChanges,
  listDepartments,
  proposeDepartmentChange,
  readChange,
  readDepartment,
  rejectChange
} from '../../publishing/index.ts';
import type { Api } from '../api.ts';
import { ApiError } from '../../web/errors.ts';
import { refuseUnstorableFields } from '../../web/clean-input.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import { Text } from '../../web/schemas.ts';
import {
  ChangeView,
  DepartmentCheck,
  DepartmentDetail,
  DepartmentList,
  ImportResult,
  StaffAccount,
  StaffList,
  StaffWithPassword
} from './admin-schemas.ts';

const noNul = (text: string) => !text.includes('\u0000');
const Note = z.string().trim().max(500, '说明不能超过 500 个字').refine(noNul, '说明不能包含空字符');
const Comment = Text(2000).refine(noNul, '意见不能包含空字符');
const DepartmentName = z.string().trim().min(1).max(60);
const Id = z.object({ id: z.uuid('编号无效') });
const Name = z
  .string()
  .trim()
  .min(1, '请填写姓名')
  .max(40, '姓名不能超过 40 个字')
  .refine(t => !/[\r\n\u0000]/.test(t), '姓名不能换行');
const Roles = z.array(z.string().trim().min(1).max(30)).max(20, '岗位不能超过 20 个');
const Duties = z.array(Duty).max(Duty.options.length);
const Proposal = z
  .object({ form: DepartmentForm, previousName: DepartmentName.optional(), note: Note.optional() })
  .strict();

/** Where the catalogue zip is uploaded (multipart: its body is a file, not JSON). */
export const catalogueImportPath = '/api/studio/admin/catalogue/import';

/**
 * 管理 (`/api/studio/admin`): departments published like matters (an administrator proposes, another member of the
 * reform office confirms), staff accounts, and the catalogue as files. The reform office and system administrators
 * administer every department; a department's administrator only their own; every action is audited.
 */
export function adminRoutes(api: Api, s: Services): void {
  const meta = (c: { env: unknown }) => ({ ip: ip(c as never) });
  const staffOf = (principal: Principal) => principal as Staff;
  const ctx = (c: { env: unknown }) => ({
    now: s.now(),
    ip: ip(c as never),
    postsOf: (name: string) =>
      s.registry
        .catalog()
        .departments.find(d => d.name === name)
        ?.roles.map(r => r.name)
  });

  api.route(
    {
      method: 'get',
      path: '/api/studio/admin/departments',
      group: 'studio',
      access: 'staff',
      summary: '部门：所管理的部门（审改办与系统管理员为全部），待确认的变更',
      response: DepartmentList
    },
    async (c, { principal }) => c.json(await listDepartments(s, staffOf(principal), meta(c)))
  );

  api.route(
    {
      method: 'get',
      path: '/api/studio/admin/departments/:name',
      group: 'studio',
      access: 'staff',
      summary: '一个部门：表单、事项语言定义和变更历史',
      params: z.object({ name: DepartmentName }),
      response: DepartmentDetail
    },
    async (c, { params, principal }) => c.json(await readDepartment(s, staffOf(principal), params.name, meta(c)))
  );

  api.route(
    {
      method: 'post',
      path: '/api/studio/admin/departments/check',
      group: 'studio',
      access: 'staff',
      summary: '检查部门信息：写成事项语言，与整个目录一起检查（不保存）',
      body: Proposal,
      response: DepartmentCheck
    },
    async (c, { body, principal }) => c.json(await checkDepartment(s, staffOf(principal), body, meta(c)))
  );

  api.route(
    {
      method: 'post',
      path: '/api/studio/admin/department-changes',
      group: 'studio',
      access: 'staff',
      summary: '提出部门变更（新建或修改；previousName 为修改前的名称），检查无误后待审改办确认',
      body: Proposal,
      response: ChangeView
    },
    async (c, { body, principal }) => c.json(await proposeDepartmentChange(s, staffOf(principal), body, meta(c)), 201)
  );

  api.route(
    {
      method: 'get',
      path: '/api/studio/admin/department-changes',
      group: 'studio',
      access: 'staff',
      summary: '目录变更（部门变更与目录导入），新的在前',
      query: z.object({ department: DepartmentName.optional() }),
      response: z.object({ items: z.array(ChangeView) })
    },
    async (c, { query, principal }) =>
      c.json({ items: await listChanges(s, staffOf(principal), query.department, meta(c)) })
  );

  api.route(
    {
      method: 'get',
      path: '/api/studio/admin/department-changes/:id',
      group: 'studio',
      access: 'staff',
      summary: '一项目录变更',
      params: Id,
      response: ChangeView
    },
    async (c, { params, principal }) => c.json(await readChange(s, staffOf(principal), params.id, meta(c)))
  );

  api.route(
    {
      method: 'post',
      path: '/api/studio/admin/department-changes/:id/approve',
      group: 'studio',
      access: 'staff',
      summary: '审改办确认（不能是提出人）：立即发布为新的目录版本，各进程即时生效',
      params: Id,
      body: z.object({ comment: Comment.optional() }).strict(),
      response: ChangeView
    },
    async (c, { params, body, principal }) =>
      c.json(await approveChange(s, staffOf(principal), params.id, body.comment, meta(c)))
  );

  api.route(
    {
      method: 'post',
      path: '/api/studio/admin/department-changes/:id/reject',
      group: 'studio',
      access: 'staff',
      summary: '审改办退回（或提出人撤回），须写明意见',
      params: Id,
      body: z.object({ comment: Comment }).strict(),
      response: ChangeView
    },
    async (c, { params, body, principal }) =>
      c.json(await rejectChange(s, staffOf(principal), params.id, body.comment, meta(c)))
  );

  api.route(
    {
      method: 'get',
      path: '/api/studio/admin/staff',
      group: 'studio',
      access: 'staff',
      summary: '工作人员账号（部门管理员只见本部门），可授予的职责和可选的岗位',
      query: z.object({ department: DepartmentName.optional() }),
      response: StaffList
    },
    async (c, { query, principal }) => {
      const staff = staffOf(principal);
      const items = await listStaffAccounts(s.db, staff, query.department, meta(c));
      const scope = administrationScope(staff);
      const departments = s.registry
        .catalog()
        .departments.filter(d => scope === 'all' || d.name === scope)
        .map(d => ({
          name: d.name,
          roles: d.roles.map(r => ({ name: r.name, ...(r.title ? { title: r.title } : {}) }))
        }));
      const grantable = grantableDuties(staff).map(duty => ({ duty, label: dutyLabels[duty] }));
      return c.json({ items, grantable, departments });
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/studio/admin/staff',
      group: 'studio',
      access: 'staff',
      summary: '新建工作人员账号：答复一次性的临时密码，持有人首次登录时须设置新密码',
      body: z
        .object({
          login: z.string().trim().max(64),
          name: Name,
          department: DepartmentName.nullable(),
          roles: Roles,
          duties: Duties
        })
        .strict(),
      response: StaffWithPassword
    },
    async (c, { body, principal }) => c.json(await createStaffAccount(s.db, staffOf(principal), body, ctx(c)), 201)
  );

  api.route(
    {
      method: 'put',
      path: '/api/studio/admin/staff/:id',
      group: 'studio',
      access: 'staff',
      summary: '修改工作人员的姓名、岗位和职责（新的岗位和职责从其下一个请求起生效）',
      params: Id,
      body: z.object({ name: Name, roles: Roles, duties: Duties }).strict(),
      response: StaffAccount
    },
    async (c, { params, body, principal }) =>
      c.json(await updateStaffAccount(s.db, staffOf(principal), params.id, body, ctx(c)))
  );

  for (const [action, disabled, summary] of [
    ['disable', true, '停用账号：其所有会话立即结束'],
    ['enable', false, '重新启用账号']
  ] as const)
    api.route(
      {
        method: 'post',
        path: `/api/studio/admin/staff/:id/${action}`,
        group: 'studio',
        access: 'staff',
        summary,
        params: Id,
        body: z.object({}).strict(),
        response: StaffAccount
      },
      async (c, { params, principal }) =>
        c.json(await setStaffDisabled(s.db, staffOf(principal), params.id, disabled, ctx(c)))
    );

  api.route(
    {
      method: 'post',
      path: '/api/studio/admin/staff/:id/reset-password',
      group: 'studio',
      access: 'staff',
      summary: '重置密码：答复一次性的临时密码（只显示这一次），其会话全部结束，持有人下次登录时须设置新密码',
      params: Id,
      body: z.object({}).strict(),
      response: StaffWithPassword
    },
    async (c, { params, principal }) => c.json(await resetStaffPassword(s.db, staffOf(principal), params.id, ctx(c)))
  );

  api.route(
    {
      method: 'post',
      path: '/api/studio/admin/staff/:id/reset-second-factor',
      group: 'studio',
      access: 'staff',
      summary: '重置动态口令（手机丢失或更换）：解除其身份验证器和恢复码，其会话全部结束，持有人下次登录时重新绑定',
      params: Id,
      body: z.object({}).strict(),
      response: StaffAccount
    },
    async (c, { params, principal }) =>
      c.json(await resetStaffSecondFactor(s.db, staffOf(principal), params.id, ctx(c)))
  );

  api.route(
    {
      method: 'get',
      path: '/api/studio/admin/catalogue/export',
      group: 'studio',
      access: 'staff',
      produces: 'application/zip',
      response: z.string().meta({ format: 'binary', description: 'zip 文件' }),
      summary: '导出现行目录：全部现行事项和目录的其他文件（.matter），zip；可用 banshi check 检查'
    },
    async (c, { principal }) => {
      const { zip, version } = await exportCatalogue(s, staffOf(principal), meta(c));
      return c.body(zip as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="catalogue-v${version}.zip"`,
        'cache-control': 'no-store'
      });
    }
  );

  api.route(
    {
      method: 'post',
      path: catalogueImportPath,
      group: 'studio',
      access: 'staff',
      multipart: true,
      summary:
        '导入目录（multipart/form-data，字段 file：.matter 文件的 zip）：整体检查无误才导入；事项成为草稿，目录其他文件成为待确认的目录变更',
      response: ImportResult
    },
    async (c, { principal }) => {
      let form: FormData;
      try {
        form = await c.req.formData();
      } catch {
        throw new ApiError(400, 'request.not-multipart', '请以 multipart/form-data 方式上传 zip 文件。');
      }
      refuseUnstorableFields(form);
      const file = form.get('file');
      if (!(file instanceof Blob))
        throw new ApiError(400, 'request.invalid', '请选择要导入的 zip 文件（字段名 file）。');
      const bytes = new Uint8Array(await file.arrayBuffer());
      return c.json(await importCatalogueZip(s, staffOf(principal), bytes, meta(c)), 201);
    }
  );
}
