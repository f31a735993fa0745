import { z } from 'zod';
import { Definition } from '@banshi/definition';
import { DefinitionChange, SourceDiff } from '../../publishing/diff/index.ts';
import { Correction, LineComment, Person, VersionSummary } from './studio-schemas.ts';

/** What the publishing lifecycle's routes answer (review, filing, tasks, history, compare), as zod for OpenAPI. */
const Iso = z.iso.datetime();

export const Impact = z.object({
  openCases: z.object({
    version: z.number().int().nullable().describe('这些办件所依据的（现行）版本；它们仍按该版本办理'),
    count: z.number().int(),
    byStatus: z.array(z.object({ status: z.string(), statusLabel: z.string(), count: z.number().int() }))
  }),
  applicationDrafts: z.object({
    count: z.number().int().describe('申请人尚未提交的该事项申请草稿数'),
    needChange: z.number().int().describe('新版本生效后需要申请人改动的草稿数'),
    droppedAnswers: z.number().int().describe('其中填写了新版本已删除的表单项的草稿数'),
    newRequiredFields: z.number().int().describe('其中缺少新版本新增必填项的草稿数'),
    newRequiredMaterials: z.number().int().describe('其中缺少新版本新增必交材料的草稿数')
  })
});

export const Review = z.object({
  version: VersionSummary,
  reason: z.string().nullable().describe('变更理由（提交时填写）'),
  live: z
    .object({ version: z.number().int(), definition: Definition.nullable() })
    .nullable()
    .describe('被替代的版本（用于对照“变更前”的办事指南）；新增事项为 null'),
  definition: Definition.nullable().describe('本版本的编译结果（“变更后”的办事指南）'),
  changes: z.array(DefinitionChange).describe('中文的语义差异'),
  sourceDiff: SourceDiff,
  impact: Impact,
  lineComments: z.array(LineComment),
  correction: Correction.nullable()
});

export const FilingState = z.enum(['pending', 'filed', 'correction']);

export const Filing = z.object({
  id: z.number().int(),
  code: z.string(),
  version: z.number().int(),
  previousVersion: z.number().int().nullable(),
  name: z.string(),
  department: z.string(),
  note: z.string(),
  reason: z.string().describe('变更理由'),
  approvedBy: Person,
  approvalComment: z.string(),
  filing: z.string(),
  at: Iso,
  state: FilingState,
  stateLabel: z.string().describe('待备案 / 已备案 / 责令改正'),
  decision: z.object({ by: Person, at: Iso, text: z.string().describe('备案意见或责令改正的理由') }).nullable(),
  changes: z.array(DefinitionChange).describe('相对上一现行版本的语义差异')
});

export const Filings = z.object({ items: z.array(Filing), next: z.number().int().nullable() });

export const Task = z.object({
  kind: z.enum(['correction', 'sentBack', 'approval', 'filing']),
  kindLabel: z.string(),
  code: z.string(),
  version: z.number().int(),
  name: z.string(),
  department: z.string(),
  since: Iso,
  detail: z.string(),
  filingId: z.number().int().nullable()
});

const Event = z.object({ by: Person, at: Iso, comment: z.string() });

export const History = z.object({
  code: z.string(),
  name: z.string(),
  department: z.string(),
  versions: z.array(
    VersionSummary.extend({
      supersededAt: Iso.nullable(),
      submitted: z.object({ by: Person, at: Iso, reason: z.string() }).nullable(),
      approved: Event.nullable(),
      sentBack: z.array(Event.extend({ lines: z.array(z.object({ line: z.number().int(), text: z.string() })) })),
      withdrawn: z.array(Event),
      filing: z
        .object({
          id: z.number().int(),
          at: Iso,
          text: z.string(),
          state: FilingState,
          stateLabel: z.string(),
          decision: Event.nullable()
        })
        .nullable(),
      decisions: z.array(Event.extend({ decision: z.string(), decisionLabel: z.string() }))
    })
  )
});

const Side = z.object({ version: z.number().int(), state: VersionSummary.shape.state, compiled: z.boolean() });

export const Comparison = z.object({
  code: z.string(),
  from: Side,
  to: Side,
  changes: z.array(DefinitionChange),
  sourceDiff: SourceDiff
});
