import { z } from 'zod';
import { audit } from '../../platform/audit.ts';
import type { Principal, Staff } from '../../accounts/index.ts';
import type { Services } from '../../cases/index.ts';
import {
  approveVersion,
  checkOnly,
  createDraft,
  listFilings,
  listVersions,
  readVersion,
  rejectVersion,
  submitDraft,
  updateDraft,
  usesStudio,
  type RequestMeta
} from '../../publishing/index.ts';
import type { Api } from '../api.ts';
import { forbidden } from '../../web/errors.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import { MatterCode, Text } from '../../web/schemas.ts';
import { CheckAnswer, DraftAnswer, VersionDetail, VersionList, VersionSummary } from './studio-schemas.ts';
import { Filings } from './lifecycle-schemas.ts';
import { lifecycleRoutes } from './publishing-lifecycle.ts';

/** PostgreSQL text cannot hold U+0000: refused here rather than failing in the database. */
const noNul = (text: string) => !text.includes('\u0000');
export const Source = z.string().max(200_000, '事项文件不能超过 20 万个字符').refine(noNul, '事项文件不能包含空字符');
/** A path inside the catalogue folder: relative, no `..`, ending in `.matter`. */
export const Path = z
  .string()
  .trim()
  .max(200)
  .refine(
    p =>
      p.endsWith('.matter') &&
      p.split('/').every(part => part !== '' && part !== '.' && part !== '..' && /^[\p{L}\p{N}_.-]+$/u.test(part)),
    '路径应为目录内以 .matter 结尾的相对路径，例如 housing-construction/construction-permit.matter'
  );
const Note = z.string().trim().max(500, '变更说明不能超过 500 个字').refine(noNul, '变更说明不能包含空字符');
const Comment = Text(2000).refine(noNul, '意见不能包含空字符');
const Department = z.string().max(50).refine(noNul, '部门名称不能包含空字符');
const VersionParams = z.object({ code: MatterCode, version: z.coerce.number().int().min(1).max(1_000_000) });
const State = z.enum(['draft', 'submitted', 'approved', 'scheduled', 'rejected', 'published', 'superseded']);
/** 变更理由: why the matter changes, written by the author on submitting (the head and the reform office read it). */
const Reason = z
  .string({ error: '请填写变更理由' })
  .trim()
  .min(2, '变更理由至少 2 个字')
  .max(500, '变更理由不能超过 500 个字')
  .refine(noNul, '变更理由不能包含空字符');
/** A moment with its offset (2027-01-01T00:00:00+08:00), for a publication set for later. */
const At = z.iso.datetime({ offset: true, error: '生效时间应为带时区的时刻，例如 2027-01-01T00:00:00+08:00' });
const LineComments = z
  .array(
    z
      .object({
        line: z.number().int().min(1, '行号从 1 开始').max(100_000),
        text: Text(1000).refine(noNul, '意见不能包含空字符')
      })
      .strict(),
    { error: '逐行意见应为 [{ line, text }] 的列表' }
  )
  .max(200, '逐行意见不能超过 200 条');

/** The gate of every /api/studio route: staff with a studio duty; anyone else is refused, and the refusal audited. */
export function studioGate(s: Pick<Services, 'db'>) {
  return async (
    c: { env: unknown; req: { path: string } },
    principal: Principal
  ): Promise<{ staff: Staff; meta: RequestMeta }> => {
    const staff = principal as Staff;
    const meta = { ip: ip(c) };
    if (!usesStudio(staff)) {
      await audit(s.db, { actor: staff, action: 'studio.access', outcome: 'denied', target: c.req.path, ip: meta.ip });
      throw forbidden('事项管理仅限事项编写人员、部门负责人、审改办和系统管理员使用。');
    }
    return { staff, meta };
  };
}

/**
 * The studio's API (`/api/studio`): matter versions, checking a source, drafts, submission, approval by the
 * department head (which publishes at once) and the reform office's filings. Staff with a studio duty only.
 */
export function publishingRoutes(api: Api, s: Services): void {
  const gate = studioGate(s);

  api.route(
    {
      method: 'get',
      path: '/api/studio/matters',
      group: 'studio',
      access: 'staff',
      summary: '事项版本列表（本部门；审改办可看全部）',
      query: z.object({
        code: MatterCode.optional(),
        state: State.optional(),
        department: Department.optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
        cursor: z
          .string()
          .regex(/^[0-9A-Z]{33}\.\d{1,9}$/, '分页游标无效')
          .optional()
      }),
      response: VersionList
    },
    async (c, { query, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await listVersions(s, staff, query, meta));
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/studio/matters/:code/versions/:version',
      group: 'studio',
      access: 'staff',
      summary: '事项某一版本：源文件、编译结果、审批记录',
      params: VersionParams,
      response: VersionDetail
    },
    async (c, { params, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await readVersion(s, staff, params.code, params.version, meta));
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/studio/check',
      group: 'studio',
      access: 'staff',
      summary: '检查事项源文件：诊断信息；无错误时返回编译结果',
      body: z.object({ path: Path.optional(), source: Source }).strict(),
      response: CheckAnswer
    },
    async (c, { body, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await checkOnly(s, staff, body.path, body.source, meta));
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/studio/drafts',
      group: 'studio',
      access: 'staff',
      summary: '起草事项新版本（编码取自源文件；有错误也可保存，但不能提交）',
      body: z.object({ source: Source, path: Path.optional(), note: Note.optional() }).strict(),
      response: DraftAnswer
    },
    async (c, { body, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await createDraft(s, staff, body, meta), 201);
    }
  );

  api.route(
    {
      method: 'put',
      path: '/api/studio/drafts/:code/:version',
      group: 'studio',
      access: 'staff',
      summary: '修改草稿（或被退回的版本）；baseRevision 不是最新修订号时拒绝（409 studio.draft-conflict）',
      params: VersionParams,
      body: z
        .object({
          source: Source,
          note: Note.optional(),
          // Optional for one release, while the studio's autosave learns to send it.
          baseRevision: z.number().int().min(1).optional().describe('编辑器所依据文本的修订号（版本信息中的 revision）')
        })
        .strict(),
      response: DraftAnswer
    },
    async (c, { params, body, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await updateDraft(s, staff, params.code, params.version, body, meta));
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/studio/drafts/:code/:version/submit',
      group: 'studio',
      access: 'staff',
      summary: '提交部门负责人审批（须无错误，须写明变更理由）',
      params: VersionParams,
      body: z.object({ reason: Reason }).strict(),
      response: VersionSummary
    },
    async (c, { params, body, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await submitDraft(s, staff, params.code, params.version, body.reason, meta));
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/studio/drafts/:code/:version/approve',
      group: 'studio',
      access: 'staff',
      summary: '部门负责人批准：立即发布并报审改办备案；填写 at 则于该时刻定时发布',
      params: VersionParams,
      body: z
        .object({
          comment: Comment.optional(),
          at: At.optional().describe('定时生效的时刻（须晚于现在）；不填则立即发布')
        })
        .strict(),
      response: VersionSummary
    },
    async (c, { params, body, principal }) => {
      const { staff, meta } = await gate(c, principal);
      const at = body.at === undefined ? undefined : Date.parse(body.at);
      return c.json(await approveVersion(s, staff, params.code, params.version, { comment: body.comment, at }, meta));
    }
  );

  api.route(
    {
      method: 'post',
      path: '/api/studio/drafts/:code/:version/reject',
      group: 'studio',
      access: 'staff',
      summary: '部门负责人退回修改（须写明意见；可附针对源文件各行的意见）',
      params: VersionParams,
      body: z.object({ comment: Comment, lines: LineComments.optional() }).strict(),
      response: VersionSummary
    },
    async (c, { params, body, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await rejectVersion(s, staff, params.code, params.version, body.comment, body.lines ?? [], meta));
    }
  );

  api.route(
    {
      method: 'get',
      path: '/api/studio/filings',
      group: 'studio',
      access: 'staff',
      summary: '事项变更备案（审改办）：每项已发布的变更、其差异和备案状态',
      query: z.object({
        department: Department.optional(),
        state: z.enum(['pending', 'filed', 'correction']).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
        cursor: z.coerce.number().int().positive().optional()
      }),
      response: Filings
    },
    async (c, { query, principal }) => {
      const { staff, meta } = await gate(c, principal);
      return c.json(await listFilings(s, staff, query, meta));
    }
  );

  lifecycleRoutes(api, s, gate);
}
