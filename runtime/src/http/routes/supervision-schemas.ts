import { z } from 'zod';
import { Text, Uuid } from '../../web/schemas.ts';

const Instant = z.string().describe('ISO 8601');
const Level = z.enum(['warning', 'yellowCard', 'redCard', 'anomaly']);
export const HandlingStateSchema = z
  .enum(['open', 'explanationRequested', 'explained', 'corrected', 'closed', 'reopened', 'upheld'])
  .describe(
    'open 待处理 · explanationRequested 待说明 · explained 已说明 · corrected 已纠正 · closed 已回告办结 · reopened 督查局发回重新处理 · upheld 督查局维持'
  );
const Action = z.enum(['requestExplanation', 'explain', 'correct', 'close', 'reexamine', 'accountability']);
const Addressee = z.object({
  person: z.object({ id: z.string(), name: z.string() }).optional(),
  role: z.string().optional()
});

/** An event id in the path. */
export const EventParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const SupervisionListItem = z.object({
  id: z.number(),
  caseId: z.string().nullable(),
  subjectId: z.string(),
  caseNumber: z.string().nullable(),
  key: z.string(),
  rule: z.string(),
  level: Level,
  department: z.string(),
  message: z.string().optional(),
  deadline: Instant.optional(),
  responsible: z
    .object({
      role: z.string().optional(),
      person: z.object({ id: z.string(), name: z.string() }).optional(),
      staffId: z.string().optional().describe('咨询转交超时：转交的工作人员')
    })
    .optional()
    .describe('记录所列的责任岗位或责任人（未列明时缺省或为空）'),
  at: Instant,
  handling: HandlingStateSchema,
  handlingLabel: z.string()
});
export const SupervisionList = z.object({ items: z.array(SupervisionListItem), next: z.number().optional() });

const stepOf = <K extends string, D extends z.ZodRawShape>(kind: K, detail: D) =>
  z.object({
    seq: z.number(),
    kind: z.literal(kind),
    by: z.object({ id: z.string(), name: z.string() }),
    at: Instant,
    detail: z.object(detail)
  });
/** A handling step, with what it recorded (supervision/handling.ts `handle`). */
const Step = z.discriminatedUnion('kind', [
  stepOf('explanationRequested', { requestId: z.string(), to: Addressee, question: z.string(), deadline: Instant }),
  stepOf('explained', { requestId: z.string(), text: z.string() }),
  stepOf('corrected', { text: z.string() }),
  stepOf('closed', { receipt: z.string() }),
  stepOf('reexamined', { upheld: z.boolean(), findings: z.string().optional() }),
  stepOf('accountability', {
    persons: z.array(z.object({ name: z.string(), post: z.string().optional(), staffId: z.string().optional() })),
    grounds: z.string(),
    measure: z.enum(['education', 'criticism', 'rectification', 'discipline']),
    measureLabel: z.string()
  })
]);

export const SupervisionEventDetail = z.object({
  id: z.number(),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  subjectId: z.string(),
  key: z.string(),
  rule: z.string(),
  level: Level,
  department: z.string(),
  message: z.string().optional(),
  deadline: Instant.optional(),
  responsible: Addressee,
  about: z.number().optional().describe('说明超期黄牌所针对的监察信息'),
  at: Instant,
  handling: z.object({
    state: HandlingStateSchema,
    stateLabel: z.string(),
    pendingExplanation: z
      .object({ requestId: z.string(), to: Addressee, question: z.string(), deadline: Instant, overdue: z.boolean() })
      .nullable(),
    actions: z.array(Action).describe('当前账号现在可以做的处理'),
    steps: z.array(Step)
  })
});

export const RequestExplanationBody = z
  .object({
    to: z
      .union([z.literal('responsible'), z.object({ person: Uuid }).strict(), z.object({ role: Text(50) }).strict()])
      .default('responsible')
      .describe('要求谁说明：记录的责任人（默认）、本部门一名工作人员或一个岗位'),
    deadline: z
      .union([
        z.object({ workdays: z.number().int().min(1).max(15) }).strict(),
        z.object({ at: z.iso.datetime({ offset: true }) }).strict()
      ])
      .describe('说明期限：若干个工作日内，或某一时刻前'),
    question: Text(1000)
  })
  .strict();
export const ExplainBody = z.object({ text: Text(2000) }).strict();
export const CorrectBody = z.object({ text: Text(2000) }).strict();
export const CloseBody = z.object({ receipt: Text(2000) }).strict();
export const ReexamineBody = z.discriminatedUnion('upheld', [
  z.object({ upheld: z.literal(true), findings: Text(2000).optional() }).strict(),
  z.object({ upheld: z.literal(false), findings: Text(2000) }).strict()
]);
export const AccountabilityBody = z
  .object({
    persons: z
      .array(z.object({ name: Text(50), post: Text(50).optional(), staffId: Uuid.optional() }).strict())
      .min(1)
      .max(20),
    grounds: Text(2000),
    measure: z
      .enum(['education', 'criticism', 'rectification', 'discipline'])
      .describe('education 教育帮助 · criticism 通报批评 · rectification 责令限期改正 · discipline 依照法纪追究责任')
  })
  .strict();

export const ExplanationsAsked = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      caseId: z.string().nullable(),
      caseNumber: z.string().nullable(),
      rule: z.string(),
      level: Level,
      department: z.string(),
      message: z.string().optional(),
      at: Instant,
      requestId: z.string(),
      question: z.string(),
      deadline: Instant,
      overdue: z.boolean()
    })
  )
});
