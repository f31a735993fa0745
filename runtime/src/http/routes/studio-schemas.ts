import { z } from 'zod';
import { Definition } from '@banshi/definition';
import { Scenario } from '../../publishing/index.ts';

/**
 * What the studio's routes answer, as zod: the OpenAPI document describes every /api/studio response from these, and
 * the studio is typed from that document.
 */
const Iso = z.iso.datetime();
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const Diagnostic = z.object({
  line: z.number().int(),
  column: z.number().int(),
  endLine: z.number().int(),
  endColumn: z.number().int(),
  severity: z.enum(['error', 'warning', 'info', 'hint']),
  message: z.string().describe('中文说明'),
  code: z.string().describe('机器可读的问题代码，如 limits.promised-exceeds-legal、studio.expectation-broken')
});

export const Person = z.object({ id: z.string(), name: z.string() });

export const VersionSummary = z.object({
  code: z.string(),
  version: z.number().int(),
  state: z.enum(['draft', 'submitted', 'approved', 'scheduled', 'rejected', 'published', 'superseded']),
  stateLabel: z.string(),
  name: z.string(),
  department: z.string(),
  path: z.string(),
  note: z.string(),
  author: Person.nullable(),
  createdAt: Iso,
  updatedAt: Iso,
  publishedAt: Iso.nullable(),
  scheduledAt: Iso.nullable().describe('部门负责人批准的定时生效时间；未定时发布为 null'),
  revision: z
    .number()
    .int()
    .describe(
      '文本的修订号：每保存一次加一；保存草稿时作为 baseRevision 发回，旧修订号的保存被拒绝（409 studio.draft-conflict）'
    ),
  compiled: z.boolean().describe('是否已编译成功（无错误）')
});

/** A comment the head attached to a line of the source when sending the version back. */
export const LineComment = z.object({
  id: z.number().int(),
  line: z.number().int(),
  text: z.string(),
  by: Person,
  at: Iso,
  sentBackWith: z.number().int().describe('退回这一版的审批记录编号')
});

/** A correction the reform office ordered (责令改正), open until a later version of the matter is filed. */
export const Correction = z.object({
  code: z.string(),
  version: z.number().int().describe('被责令改正的版本'),
  filingId: z.number().int(),
  reasons: z.string(),
  orderedBy: Person,
  orderedAt: Iso
});

export const VersionList = z.object({
  items: z.array(VersionSummary),
  next: z.string().nullable().describe('下一页的游标；没有更多时为 null')
});

export const VersionDetail = VersionSummary.extend({
  source: z.string(),
  definition: Definition.nullable(),
  diagnostics: z.array(Diagnostic).optional().describe('仅草稿和被退回的版本：按现行目录检查的诊断信息'),
  reason: z.string().nullable().describe('最近一次提交时的变更理由；未提交过为 null'),
  lineComments: z.array(LineComment).describe('部门负责人退回时针对源文件各行的意见'),
  correction: Correction.nullable().describe('审改办对该事项责令改正、尚待改正的意见'),
  approvals: z.array(
    z.object({ decision: z.string(), decisionLabel: z.string(), actor: Person, comment: z.string(), at: Iso })
  )
});

const CardLevel = z.enum(['warning', 'yellow', 'red', 'anomaly']);

export const Outcome = z.object({
  decidedOn: Day.nullable().describe('作出决定的日期'),
  promisedBy: Day.nullable().describe('承诺时限届满日（最后一天）'),
  legalBy: Day.nullable().describe('法定时限届满日（最后一天，含延期）'),
  deemedAcceptance: z.boolean().describe('是否视为受理（《行政许可法》第三十二条）'),
  cards: z.array(
    z.object({ level: CardLevel, day: Day, what: z.string().describe('中文说明') }).describe('预警、黄牌、红牌与异常')
  )
});

export const TimelineEntry = z.object({
  at: Iso,
  day: Day.describe('所在日期；期限为其最后一天'),
  kind: z.string().describe('机器可读的种类，如 submitted、deadline:legal、yellowCard'),
  label: z.string().describe('中文标题，如 受理期限、补正告知、黄牌、法定时限届满'),
  detail: z.string().optional().describe('中文说明，如 20 个工作日，起算 2026-10-09（国庆节顺延）'),
  level: z.enum(['info', 'deadline', 'warning', 'yellow', 'red', 'anomaly']),
  provisional: z.literal(true).optional().describe('按暂定日历（该年节假日安排尚未公布）计算，日期可能调整')
});

export const ExpectationResult = z.object({
  id: z.number().int(),
  name: z.string(),
  ok: z.boolean(),
  expected: Outcome,
  actual: Outcome.nullable().describe('源文件有错误或情形不再适用时为 null'),
  changes: z.array(z.string()).describe('中文，如 作出决定的日期由 2026-10-20 变为 2026-10-22')
});

export const CheckAnswer = z.object({
  path: z.string(),
  ok: z.boolean(),
  diagnostics: z.array(Diagnostic),
  definition: Definition.nullable(),
  expectations: z.array(ExpectationResult)
});

export const DraftAnswer = VersionSummary.extend({
  diagnostics: z.array(Diagnostic),
  expectations: z.array(ExpectationResult)
});

export const SimulationAnswer = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    diagnostics: z.array(Diagnostic),
    timeline: z.array(TimelineEntry),
    outcome: Outcome,
    provisionalYears: z.array(z.number().int()).describe('模拟经过的暂定年度：这些年度的日期可能调整')
  }),
  z.object({
    ok: z.literal(false).describe('源文件有错误：没有模拟'),
    diagnostics: z.array(Diagnostic),
    timeline: z.array(TimelineEntry).max(0),
    outcome: z.null()
  })
]);

export const Expectation = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  scenario: Scenario,
  expected: Outcome,
  createdBy: z.string().describe('保存者姓名'),
  createdAt: Iso
});

const Holiday = z.object({ name: z.string(), from: Day, to: Day });
const CalendarYearSchema = z.object({
  year: z.number().int(),
  source: z.string().optional(),
  holidays: z.array(Holiday),
  adjustedWorkdays: z.array(Day),
  officeHours: z.array(z.object({ from: z.string(), to: z.string() }))
});
const Comparison = z
  .object({
    workdays: z.number().int(),
    provisionalWorkdays: z.number().int(),
    nowWorkdays: z.array(Day).describe('按暂定规则休息、公布后上班的日子（调休上班）'),
    nowRestDays: z.array(Day).describe('按暂定规则上班、公布后休息的日子')
  })
  .describe('与暂定规则（只含法定节假日和补假）相比');

export const CalendarDraftView = z.object({
  id: z.string(),
  year: z.number().int(),
  state: z.enum(['draft', 'submitted', 'rejected', 'published']),
  stateLabel: z.string(),
  source: z.string(),
  calendar: CalendarYearSchema.nullable(),
  note: z.string(),
  author: Person,
  decidedBy: Person.nullable(),
  comment: z.string().nullable().describe('审改办负责人的意见；尚未审批时为 null'),
  createdAt: Iso,
  updatedAt: Iso,
  publishedAt: Iso.nullable(),
  catalogVersion: z.number().int().nullable()
});

export const CalendarCheck = z.object({
  diagnostics: z.array(Diagnostic),
  year: z.number().int().optional(),
  calendar: CalendarYearSchema.optional(),
  comparison: Comparison.optional()
});

export const CalendarDraftAnswer = CalendarDraftView.extend({
  diagnostics: z.array(Diagnostic),
  comparison: Comparison.optional()
});

export const CalendarList = z.object({
  years: z.array(
    z.object({
      year: z.number().int(),
      provisional: z.boolean().describe('尚未公布该年节假日安排：按法定节假日暂定'),
      source: z.string().nullable(),
      holidays: z.array(Holiday),
      adjustedWorkdays: z.array(Day)
    })
  ),
  drafts: z.array(CalendarDraftView)
});

/** A material's template (空白表格) or sample (填写样本) in one matter version. */
export const MaterialFile = z.object({
  material: z.string().describe('申请材料的简称（Definition 中的 id）'),
  kind: z.enum(['template', 'sample']),
  kindLabel: z.string(),
  name: z.string(),
  type: z.enum(['docx', 'xlsx', 'pdf', 'ofd']),
  typeLabel: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedAt: Iso,
  uploadedBy: Person.nullable()
});

export const MaterialFileList = z.object({
  items: z.array(MaterialFile),
  editable: z.boolean().describe('当前用户能否修改这一版的样表和示例')
});
