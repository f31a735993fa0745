import { z } from 'zod';
import { DepartmentRef, OfficeHours, Role } from './catalog.ts';
import { Condition } from './condition.ts';
import { Level, Limit, MonthDay, SourceRange } from './common.ts';
import { SpecialProcedure, Step } from './steps.ts';
import { SupervisionPolicy } from './supervision.ts';

export const MatterType = z.enum([
  'licensing',
  'punishment',
  'enforcement',
  'levy',
  'benefit',
  'inspection',
  'confirmation',
  'reward',
  'adjudication',
  'otherPower',
  'publicService',
  'referral',
  'filing',
  'annualInspection'
]);
export type MatterType = z.infer<typeof MatterType>;

/** What each type of matter is called, as the guide and the studio print it. */
export const matterTypeLabels: Record<MatterType, string> = {
  licensing: '行政许可',
  punishment: '行政处罚',
  enforcement: '行政强制',
  levy: '行政征收',
  benefit: '行政给付',
  inspection: '行政检查',
  confirmation: '行政确认',
  reward: '行政奖励',
  adjudication: '行政裁决',
  otherPower: '其他行政权力',
  publicService: '公共服务',
  referral: '转报',
  filing: '备案',
  annualInspection: '年检'
};

export const FieldKind = z.enum([
  'text',
  'number',
  'money',
  'date',
  'choice',
  'yesNo',
  'idNumber',
  'creditCode',
  'address',
  'phone'
]);
export type FieldKind = z.infer<typeof FieldKind>;

export const Field = z.object({
  name: z.string(),
  kind: FieldKind,
  required: z.boolean(),
  unit: z.string().optional(),
  /** Number and money fields: the smallest and largest answer accepted (最小值, 最大值). */
  min: z.number().optional(),
  max: z.number().optional(),
  options: z.array(z.string()).optional(),
  source: SourceRange
});
export type Field = z.infer<typeof Field>;

export const MaterialSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('applicant') }),
  z.object({ kind: z.literal('eLicence'), licence: z.string(), issuer: z.string().optional() }),
  z.object({ kind: z.literal('intermediary'), provider: z.string().optional() }),
  /** Filled in online (在线填报): the form is the material, nothing to upload or bring. */
  z.object({ kind: z.literal('onlineForm') })
]);
export type MaterialSource = z.infer<typeof MaterialSource>;

export const Material = z.object({
  /** The short name used in the file; stable across versions. */
  id: z.string(),
  /** The name the applicant reads. */
  title: z.string(),
  necessity: z.enum(['required', 'optional', 'later', 'conditional']),
  condition: Condition.optional(),
  template: z.string().optional(),
  sample: z.string().optional(),
  paper: z
    .object({
      form: z.enum(['original', 'copy', 'originalOrCopy']),
      /** How many copies; absent when the matter does not say (the guide then prints no number). */
      copies: z.number().int().positive().optional(),
      size: z.enum(['A4', 'A3']).optional()
    })
    .optional(),
  scan: z.object({ maxPages: z.number().int().positive().optional() }).optional(),
  origin: MaterialSource,
  /** Materials this one may stand in for, e.g. a commitment letter (告知承诺书) instead of a test report. */
  replaces: z.array(z.string()),
  note: z.string().optional(),
  source: SourceRange
});
export type Material = z.infer<typeof Material>;

export const Channel = z.object({
  kind: z.enum(['phone', 'online', 'onSite', 'letter', 'email']),
  value: z.string().optional()
});

/** A result of the matter: the licence, a decision letter; one that only some applications get carries a condition. */
export const Result = z.object({
  kind: z.enum(['licence', 'document', 'other']),
  name: z.string(),
  validity: z
    .union([
      z.object({ amount: z.number().positive(), unit: z.enum(['years', 'months', 'days']) }),
      z.literal('indefinite')
    ])
    .optional(),
  sample: z.string().optional(),
  /** Only applications whose answers meet it get this result (a variant: hazardous chemicals or not). */
  condition: Condition.optional()
});
export type Result = z.infer<typeof Result>;

/**
 * An eligibility rule (申请条件): an application whose answers fail it is refused at submission, naming the rule.
 * Unlike a material's condition, which only decides whether the material is needed.
 */
export const EligibilityRule = z.object({
  name: z.string(),
  condition: Condition,
  /** What the applicant is told the requirement is. */
  message: z.string().optional(),
  /** The rule applies only to applications meeting this (a variant); others pass it. */
  appliesWhen: Condition.optional(),
  source: SourceRange
});
export type EligibilityRule = z.infer<typeof EligibilityRule>;

export const AnnualInspection = z.object({
  modes: z.array(z.object({ kind: z.enum(['written', 'onSite']), preReviewLimit: Limit })).min(1),
  joint: z.array(DepartmentRef),
  window: z.object({ from: MonthDay, to: MonthDay }),
  conclusions: z.array(z.enum(['pass', 'basicPass', 'fail'])).min(1),
  stages: z.array(z.object({ name: z.string(), due: MonthDay.optional(), limit: Limit.optional() }))
});

export const Declaration = z.object({
  period: z.enum(['yearly', 'halfYearly', 'quarterly', 'monthly']),
  due: z.union([z.object({ date: MonthDay }), z.object({ daysAfterPeriod: z.number().int().positive() })]).optional(),
  commitment: z.string()
});

/** A compiled matter: everything the runtime, the hall and the studio need to run it. */
export const Definition = z.object({
  schemaVersion: z.literal(1),
  code: z.string().regex(/^[0-9A-Z]{33}$/),
  localCode: z.string().optional(),
  name: z.string().min(1),
  type: MatterType,
  level: Level,
  department: DepartmentRef.extend({ roles: z.array(Role), officeHours: OfficeHours.optional() }),
  basis: z.array(z.string()),
  conditions: z.string().optional(),
  eligibility: z.array(EligibilityRule).min(1).optional(),
  serviceObjects: z.array(
    z.enum([
      'person',
      'enterprise',
      'institution',
      'socialOrganisation',
      'unincorporated',
      'government',
      'otherOrganisation'
    ])
  ),
  /** Absent when the matter says nothing about fees: the guide then prints no claim either way. */
  fees: z
    .object({
      free: z.boolean(),
      items: z.array(
        z.object({
          name: z.string(),
          amountYuan: z.number().nonnegative(),
          basis: z.string(),
          waivable: z.boolean()
        })
      ),
      onlinePayment: z.boolean()
    })
    .optional(),
  places: z.array(z.string()),
  hours: z.string().optional(),
  /** The matter may be booked in advance at the window (预约办理). */
  appointment: z.object({ note: z.string().optional() }).optional(),
  /** A limit on how many applications or how much may be applied for (数量限制), as the guide states it. */
  quantityLimit: z.string().optional(),
  /**
   * A rule across cases of one licence (每证限办): this matter may be applied for at most `max` times against the
   * applicant's latest licence named `licence` (a construction permit's extension at most twice).
   */
  repeatLimit: z.object({ licence: z.string(), max: z.number().int().positive() }).optional(),
  consultation: z.array(Channel),
  complaint: z.array(Channel),
  /** The first result written: the licence (or document) the matter issues. */
  result: Result.optional(),
  /** Results written after the first: a decision letter besides the licence, a variant's own licence. */
  otherResults: z.array(Result).min(1).optional(),
  /** 到场次数 as the matter states it; absent when it does not (the guide prints nothing then, never a 0). */
  visits: z.object({ count: z.number().int().nonnegative(), reason: z.string().optional() }).optional(),
  onlineDepth: z.number().int().min(1).max(4).optional(),
  paper: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('none') }),
    z.object({
      mode: z.literal('afterPreReview'),
      how: z.enum(['bring', 'mail', 'bringOrMail']),
      goodRecordFirst: z.boolean()
    })
  ]),
  form: z.array(Field),
  materials: z.array(Material),
  submission: z.array(z.enum(['onSite', 'express', 'online'])).min(1),
  delivery: z.array(z.enum(['onSite', 'express', 'online', 'announcement'])).min(1),
  limits: z.object({
    immediate: z.boolean(),
    legal: Limit,
    legalBasis: z.string().optional(),
    promised: Limit,
    /** The extension the engine allows: the matter's, or when it wrote none the law's (Art. 42: 10, jointly 15). */
    extension: Limit,
    extensionBasis: z.string().optional(),
    /**
     * The matter wrote no extension and `extension` is the law's. The guide prints it only for a licensing matter,
     * citing Art. 42, since the law fixes it for those alone; it never presents it as the matter's own promise.
     */
    extensionFromLaw: z.literal(true).optional(),
    /** Joint or centralised handling (Art. 42: 45 + 15 workdays). */
    joint: z.boolean()
  }),
  /**
   * The applicant's own deadline to submit what a correction notice asks for (补正期限), counted from the notice;
   * when `deemedWithdrawn`, an application still uncorrected when it ends is deemed withdrawn.
   */
  correction: z.object({ limit: Limit, deemedWithdrawn: z.boolean() }).optional(),
  steps: z.array(Step).min(1),
  specialProcedures: z.array(SpecialProcedure),
  supervision: SupervisionPolicy,
  annualInspection: AnnualInspection.optional(),
  declaration: Declaration.optional(),
  /**
   * Values the author marked 待确认 because the source guide lacks them: each by its place in the matter
   * (`limits.promised`, `hours`, `materials.items.申请表`), what was written, and where. The guide prints 待确认 beside
   * them; the engine uses the values as written; a matter carrying any cannot be submitted for approval.
   */
  toConfirm: z
    .array(z.object({ place: z.string(), label: z.string(), source: SourceRange }))
    .min(1)
    .optional(),
  source: SourceRange
});
export type Definition = z.infer<typeof Definition>;
