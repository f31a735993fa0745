import { z } from 'zod';
import { Definition } from '@banshi/definition';
import type { Staff } from '../../accounts/index.ts';
import { CreditCode, IdNumber, Phone } from '../../accounts/registration.ts';
import {
  applicantById,
  checkUploadSize,
  cleanFileName,
  findApplicant,
  recordGoodRecord,
  registerAtWindow,
  resubmitAtWindow,
  submitAtWindow,
  uploadAtWindow,
  windowMatters,
  windowReceipt
} from '../../cases/index.ts';
import type { Services } from '../../cases/index.ts';
import { refuseUnlessAnyWindow } from '../../cases/window.ts';
import { idempotencyKey } from '../../platform/idempotency.ts';
import { acting } from '../../web/acting.ts';
import { refuseUnstorableFields } from '../../web/clean-input.ts';
import { ApiError } from '../../web/errors.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import { Answers, IdParam, MatterCode, Text, Uuid } from '../../web/schemas.ts';
import { parseWith } from '../../web/validate.ts';
import type { Api } from '../api.ts';
import { shanghaiToday } from './request-helpers.ts';

/** The path of the window's scan uploads: its body limit (a 20 MB file) is set in app.ts. */
export const windowUploadPath = '/api/office/window/files';

const WindowApplicantView = z.object({
  id: z.string(),
  kind: z.enum(['person', 'organisation']),
  name: z.string(),
  idNumber: z.string().nullable(),
  creditCode: z.string().nullable(),
  phone: z.string().nullable().describe('登记的手机号码（隐去中间四位）'),
  goodRecord: z.boolean().describe('信用良好'),
  registeredAtWindow: z.boolean(),
  claimed: z.boolean().describe('窗口注册的账号是否已由本人用短信验证码认领'),
  restriction: z
    .object({ until: z.string(), grounds: z.array(z.string()) })
    .nullable()
    .describe('列入网上办事黑名单：限制网上申请，窗口仍可收件')
});

const FileView = z.object({
  id: z.string(),
  name: z.string(),
  mediaType: z.enum(['application/pdf', 'image/jpeg', 'image/png', 'application/ofd']),
  size: z.number(),
  pages: z.number().nullable()
});

const Submitted = z.object({
  id: z.string(),
  caseNumber: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  receivedAt: z.string(),
  deemedAcceptanceAt: z.string().optional().describe('《行政许可法》第三十二条：逾期未告知补正即视为受理的时刻'),
  receiptPage: z.string().describe('可打印的收件回执页面'),
  falseMaterials: z.string().describe('提出申请材料虚假认定的接口（网上办事黑名单的既有流程）')
});

const Receipt = z.object({
  caseId: z.string(),
  caseNumber: z.string(),
  matter: z.string(),
  department: z.string(),
  applicant: z.string(),
  channel: z.string(),
  receivedAt: z.string(),
  enteredBy: z.string().nullable(),
  materials: z.array(
    z.object({
      title: z.string(),
      paper: z.string().nullable(),
      files: z.array(z.object({ name: z.string(), pages: z.number().nullable() }))
    })
  ),
  art32Date: z.string().nullable(),
  lines: z.array(z.string()),
  tracking: z.string()
});

const Lookup = z
  .object({ idNumber: z.string().max(40).optional(), creditCode: z.string().max(40).optional() })
  .refine(
    q => (q.idNumber === undefined) !== (q.creditCode === undefined),
    '请填写身份证号码或统一社会信用代码（二选一）'
  );

const IdChecked = z.literal(true, { error: '请确认已当面核验申请人的身份证件' });
const personName = z.string({ error: '请填写姓名' }).trim().min(2, '姓名至少 2 个字').max(50, '姓名最多 50 个字');

function Registration(today: string) {
  return z.discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('person'),
        name: personName,
        idNumber: IdNumber(today),
        phone: Phone,
        idChecked: IdChecked
      })
      .strict(),
    z
      .object({
        kind: z.literal('organisation'),
        name: z
          .string({ error: '请填写单位名称' })
          .trim()
          .min(2, '单位名称至少 2 个字')
          .max(100, '单位名称最多 100 个字'),
        creditCode: CreditCode,
        contactName: personName,
        phone: Phone,
        idChecked: IdChecked
      })
      .strict()
  ]);
}

const Application = z
  .object({
    applicantId: Uuid,
    matterCode: MatterCode,
    answers: Answers,
    materials: z.array(z.object({ material: Text(100), fileId: Uuid }).strict()).max(100),
    delivery: z.enum(['onSite', 'express', 'online']).optional(),
    inspectionMode: z.enum(['written', 'onSite']).optional(),
    commitmentSigned: z.boolean().optional()
  })
  .strict();

/**
 * 窗口收件 (seeds/003 §四; issue 15): the window post of a matter's accepting department finds or registers a walk-in
 * applicant, uploads their scans, submits on their behalf with the on-site channel and prints the receipt. Every
 * command checks the post (authority.ts's one rule) and is audited.
 */
export function windowRoutes(api: Api, s: Services): void {
  const today = () => shanghaiToday(s.now());

  api.route(
    {
      method: 'get',
      path: '/api/office/window/matters',
      group: 'office',
      access: 'staff',
      summary: '窗口收件：本人担任受理窗口的在办事项（含生成申请表的 Definition）',
      response: z.object({
        items: z.array(z.object({ code: z.string(), name: z.string(), version: z.number(), definition: Definition }))
      })
    },
    c => {
      const staff = c.get('principal') as Staff;
      refuseUnlessAnyWindow(s, staff);
      return c.json({
        items: windowMatters(s, staff).map(m => ({
          code: m.code,
          name: m.definition.name,
          version: m.version,
          definition: m.definition
        }))
      });
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/office/window/applicants',
      group: 'office',
      access: 'staff',
      summary: '窗口收件：按身份证号码或统一社会信用代码查找申请人（未注册时 applicant 为 null）',
      query: Lookup,
      response: z.object({ applicant: WindowApplicantView.nullable() })
    },
    async (c, { query, principal }) => {
      const staff = principal as Staff;
      const found = await acting(c, s, staff, 'window.applicant.find', undefined, async () => {
        refuseUnlessAnyWindow(s, staff);
        const login =
          query.idNumber !== undefined
            ? { idNumber: parseWith(z.object({ idNumber: IdNumber(today()) }), query, '查询参数').idNumber }
            : { creditCode: parseWith(z.object({ creditCode: CreditCode }), query, '查询参数').creditCode };
        return findApplicant(s.db, login, s.now());
      });
      return c.json({ applicant: found ?? null });
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/office/window/applicants',
      group: 'office',
      access: 'staff',
      summary: '窗口收件：当场注册申请人（已当面核验身份证件；不设密码，本人日后凭短信验证码认领）',
      body: z.unknown(),
      response: WindowApplicantView
    },
    async (c, { body, principal }) => {
      const staff = principal as Staff;
      const created = await acting(c, s, staff, 'window.applicant.register', undefined, async done => {
        refuseUnlessAnyWindow(s, staff);
        const input = parseWith(Registration(today()), body, '请求');
        return registerAtWindow(s.db, staff, input, s.now(), (tx, a) =>
          done(tx, { target: a.id, detail: { kind: a.kind, idCheckedInPerson: true } })
        );
      });
      return c.json(created, 201);
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/office/window/applicants/:id/good-record',
      group: 'office',
      access: 'staff',
      summary: '窗口收件：登记（或取消）申请人信用良好，写明依据',
      params: IdParam,
      body: z.object({ goodRecord: z.boolean(), basis: Text(500) }).strict(),
      response: WindowApplicantView
    },
    async (c, { params, body, principal }) => {
      const staff = principal as Staff;
      const updated = await acting(c, s, staff, 'window.applicant.goodRecord', params.id, async done => {
        refuseUnlessAnyWindow(s, staff);
        return recordGoodRecord(s.db, staff, params.id, body, s.now(), (tx, a) =>
          done(tx, { target: a.id, detail: { goodRecord: body.goodRecord, basis: body.basis } })
        );
      });
      return c.json(updated);
    }
  );

  api.route(
    {
      method: 'post',
      path: windowUploadPath,
      group: 'office',
      access: 'staff',
      multipart: true,
      summary: '窗口收件：为申请人上传扫描件（multipart/form-data：file、applicantId、matterCode、material）',
      response: FileView
    },
    async (c, { principal }) => {
      const staff = principal as Staff;
      let form: FormData;
      try {
        form = await c.req.formData();
      } catch {
        throw new ApiError(400, 'request.not-multipart', '请以 multipart/form-data 方式上传文件。');
      }
      refuseUnstorableFields(form);
      const file = form.get('file');
      if (!(file instanceof Blob)) throw new ApiError(400, 'request.invalid', '请选择要上传的文件（字段名 file）。');
      const fields = parseWith(
        z.object({ applicantId: Uuid, matterCode: MatterCode, material: Text(100) }),
        {
          applicantId: form.get('applicantId') ?? undefined,
          matterCode: form.get('matterCode') ?? undefined,
          material: form.get('material') ?? undefined
        },
        '请求'
      );
      const name = cleanFileName((file as Blob & { name?: string }).name);
      const stored = await acting(c, s, staff, 'window.file.upload', name, async () => {
        checkUploadSize(file.size);
        return uploadAtWindow(s, staff, { ...fields, name, bytes: new Uint8Array(await file.arrayBuffer()) }, ip(c));
      });
      return c.json(stored, 201);
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/office/window/applications',
      group: 'office',
      access: 'staff',
      idempotent: true,
      summary: '窗口收件：代申请人提交申请（递交方式：现场；与网上申请相同的申请表与申请条件校验）',
      body: Application,
      response: Submitted
    },
    async (c, { body, principal }) => {
      const staff = principal as Staff;
      const key = idempotencyKey(c.req.header('idempotency-key'));
      const result = await acting(c, s, staff, 'window.submit', body.matterCode, () =>
        submitAtWindow(s, staff, body, key, ip(c))
      );
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      const v = result.body as {
        id: string;
        caseNumber: string;
        status: string;
        statusLabel: string;
        receivedAt: string;
        deemedAcceptanceAt?: string;
      };
      return c.json(
        {
          id: v.id,
          caseNumber: v.caseNumber,
          status: v.status,
          statusLabel: v.statusLabel,
          receivedAt: v.receivedAt,
          ...(v.deemedAcceptanceAt ? { deemedAcceptanceAt: v.deemedAcceptanceAt } : {}),
          receiptPage: `/hall/window/cases/${v.id}/receipt`,
          falseMaterials: `/api/office/cases/${v.id}/false-materials`
        },
        201
      );
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/office/window/cases/:id/resubmit',
      group: 'office',
      access: 'staff',
      idempotent: true,
      summary: '窗口代为补正：申请人到窗口交来补正材料，由窗口扫描上传并代为提交（与网上补正相同的文件校验）',
      params: IdParam,
      body: z
        .object({
          materials: z
            .array(z.object({ material: Text(100), fileId: Uuid }).strict())
            .min(1, '请上传申请人交来的补正材料')
            .max(100)
        })
        .strict(),
      response: z.object({ id: z.string(), status: z.string(), statusLabel: z.string() })
    },
    async (c, { params, body, principal }) => {
      const staff = principal as Staff;
      const key = idempotencyKey(c.req.header('idempotency-key'));
      const result = await acting(c, s, staff, 'window.resubmit', params.id, () =>
        resubmitAtWindow(s, staff, params.id, body, key, ip(c))
      );
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      const v = result.body as { id: string; status: string; statusLabel: string };
      return c.json({ id: v.id, status: v.status, statusLabel: v.statusLabel });
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/office/window/cases/:id/receipt',
      group: 'office',
      access: 'staff',
      summary: '窗口收件：收件回执的内容（可打印页面见 /hall/window/cases/:id/receipt）',
      params: IdParam,
      response: Receipt
    },
    async (c, { params, principal }) => c.json(await windowReceipt(s, principal as Staff, params.id, ip(c)))
  );

  api.route(
    {
      method: 'get',
      path: '/api/office/window/applicants/:id',
      group: 'office',
      access: 'staff',
      summary: '窗口收件：申请人（按编号）',
      params: IdParam,
      response: WindowApplicantView
    },
    async (c, { params, principal }) => {
      const staff = principal as Staff;
      refuseUnlessAnyWindow(s, staff);
      return c.json(await applicantById(s.db, params.id, s.now()));
    }
  );
}
