import { z } from 'zod';
import { DepartmentRef } from './catalog.ts';
import { Limit, SourceRange } from './common.ts';

const stepBase = {
  /** Stable within a matter version: the kind and its position, e.g. `review-3` or `firstReview-2.review-1`. */
  id: z.string(),
  /** The label shown to staff and in the guide, e.g. 审查, 审核, 现场审查. */
  label: z.string(),
  limit: Limit,
  source: SourceRange
};

const roleStep = {
  ...stepBase,
  role: z.string(),
  /** The department whose staff in `role` perform the step. */
  department: z.string()
};

/** A way an application reaches the department (递交方式): online, at the window, by express. */
export const SubmissionChannel = z.enum(['online', 'onSite', 'express']);
export type SubmissionChannel = z.infer<typeof SubmissionChannel>;

export const CoApprover = z.object({
  department: DepartmentRef,
  task: z.string().optional(),
  limit: Limit,
  source: SourceRange
});
export type CoApprover = z.infer<typeof CoApprover>;

export type Step =
  | ({ kind: 'preReview' | 'acceptance' | 'decision' } & RoleStepFields)
  | ({ kind: 'review'; channels?: SubmissionChannel[] } & RoleStepFields)
  | ({ kind: 'delivery'; role?: string; department: string } & StepFields)
  | ({ kind: 'parallel'; lead: z.infer<typeof DepartmentRef>; coApprovers: CoApprover[] } & StepFields)
  | ({ kind: 'firstReview'; department: z.infer<typeof DepartmentRef>; steps: Step[] } & StepFields);

type StepFields = { id: string; label: string; limit: Limit; source: SourceRange };
type RoleStepFields = StepFields & { role: string; department: string };

export const Step: z.ZodType<Step> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.enum(['preReview', 'acceptance', 'decision']), ...roleStep }),
    z.object({
      kind: z.literal('review'),
      ...roleStep,
      /**
       * The channels whose cases take this step (仅 现场): a window-only check such as 现场核验. Absent, every case
       * takes it; a case submitted another way goes on to the next step.
       */
      channels: z.array(SubmissionChannel).min(1).optional()
    }),
    z.object({ kind: z.literal('delivery'), ...stepBase, role: z.string().optional(), department: z.string() }),
    z.object({
      kind: z.literal('parallel'),
      ...stepBase,
      lead: DepartmentRef,
      coApprovers: z.array(CoApprover).min(1)
    }),
    z.object({ kind: z.literal('firstReview'), ...stepBase, department: DepartmentRef, steps: z.array(Step) })
  ])
) as z.ZodType<Step>;

export const SpecialProcedureKind = z.enum([
  'hearing',
  'tender',
  'auction',
  'inspection',
  'testing',
  'quarantine',
  'appraisal',
  'expertReview',
  'publicNotice'
]);
export type SpecialProcedureKind = z.infer<typeof SpecialProcedureKind>;

export const SpecialProcedure = z.object({
  kind: SpecialProcedureKind,
  label: z.string(),
  maxDuration: Limit.optional(),
  basis: z.string().optional(),
  source: SourceRange
});
