import { z } from 'zod';

/**
 * What the blacklist routes answer (blacklist/restrictions.ts, appeals.ts, proposals.ts views), as zod: the
 * OpenAPI document, the studio's types and the test client's response check come from these.
 */
const Iso = z.iso.datetime();
const GroundKind = z.enum(['falseMaterials', 'noShow', 'falseComplaint']);
const AppealStatus = z.enum(['pending', 'lifted', 'upheld']);

const Ground = z.object({
  kind: GroundKind,
  label: z.string(),
  occurredAt: Iso,
  department: z.string().nullable(),
  caseNumber: z.string().nullable(),
  reason: z.string().nullable(),
  materials: z.array(z.string()),
  evidence: z.string().nullable()
});

export const Appeal = z.object({
  id: z.uuid(),
  restrictionId: z.uuid(),
  reason: z.string(),
  status: AppealStatus,
  statusLabel: z.string(),
  decision: z.string().nullable(),
  createdAt: Iso,
  decidedAt: Iso.nullable()
});

const RestrictionBase = z.object({
  id: z.uuid(),
  ground: GroundKind,
  groundLabel: z.string(),
  summary: z.string(),
  startedAt: Iso,
  endsAt: Iso,
  appealBy: Iso.describe('申诉期限（收到通知之日起 30 个工作日）'),
  state: z.enum(['inForce', 'lifted', 'ended']),
  liftedAt: Iso.nullable(),
  liftReason: z.string().nullable(),
  grounds: z.array(Ground)
});
const Restriction = RestrictionBase.extend({
  canAppeal: z.boolean().describe('限制有效、未申诉且未过申诉期限'),
  appeal: Appeal.nullable()
});

export const RestrictionOverview = z.object({
  restricted: z.boolean(),
  until: Iso.nullable(),
  restrictions: z.array(Restriction),
  counting: z.object({
    noShows: z.number().int(),
    falseComplaints: z.number().int(),
    threshold: z.number().int(),
    windowDays: z.number().int()
  })
});

export const StaffAppeals = z.object({
  items: z.array(
    Appeal.extend({
      applicant: z.object({ id: z.uuid(), name: z.string().nullable(), kind: z.string().nullable() }),
      restriction: RestrictionBase
    })
  ),
  next: z.string().optional()
});

/** A proposal (or a co-approver's report) to record a ground: false materials, or a complaint found untrue. */
export const Proposal = z.object({
  id: z.uuid(),
  kind: z.enum(['falseMaterials', 'falseComplaint']),
  kindLabel: z.string(),
  subjectId: z.uuid().describe('办件（虚假材料）或投诉（与事实不符）的编号'),
  caseId: z.uuid().nullable(),
  caseNumber: z.string().nullable(),
  department: z.string().describe('作出认定的部门'),
  status: z.enum(['reported', 'proposed', 'confirmed', 'rejected']),
  statusLabel: z.string(),
  materials: z.array(z.string()),
  reason: z.string(),
  evidence: z.string(),
  reportedByDepartment: z.string().nullable(),
  reportedAt: Iso.nullable(),
  proposedAt: Iso.nullable(),
  decidedAt: Iso.nullable(),
  decision: z.string().nullable(),
  createdAt: Iso,
  restriction: z
    .object({ id: z.uuid(), summary: z.string(), endsAt: Iso, appealBy: Iso })
    .optional()
    .describe('确认后因此作出的限制')
});
export const Proposals = z.object({ items: z.array(Proposal), next: z.string().optional() });
