import { z } from 'zod';
import { CaseView } from './case-schemas.ts';

/** The response schemas of the staff's case page (GET /api/office/cases/:id/page), as the studio reads them. */
const Limit = z.object({ amount: z.number(), unit: z.enum(['workdays', 'days', 'hours']) });
const Instant = z.string().describe('ISO 8601');

/** A false-materials proposal or report about the case (网上办事黑名单), as the blacklist context keeps it. */
export const FalseMaterialsProposal = z.object({
  id: z.string(),
  status: z.enum(['reported', 'proposed', 'confirmed', 'rejected']),
  statusLabel: z.string(),
  department: z.string().describe("the deciding department: the case's lead"),
  materials: z.array(z.string()),
  reason: z.string(),
  evidence: z.string(),
  reportedByDepartment: z.string().nullable(),
  reportedAt: Instant.nullable(),
  proposedAt: Instant.nullable(),
  decidedAt: Instant.nullable(),
  decision: z.string().nullable(),
  createdAt: Instant
});

const PageFile = z.object({
  id: z.string(),
  name: z.string(),
  mediaType: z.string(),
  size: z.number(),
  pages: z.number().nullable(),
  round: z.number().describe('0: the application; n: the n-th resubmission after a correction notice'),
  superseded: z.boolean().describe('a later round brought a file for the same material'),
  inline: z.boolean().describe('PDF or image: shown in the page'),
  url: z.string()
});

const Derivation = z.object({
  key: z
    .string()
    .describe("legal, promised, step, stage (a lower level's first review), deemedAcceptance, coApprover:<department>"),
  label: z.string(),
  basis: z.string(),
  start: z.object({ at: Instant, date: z.string(), text: z.string() }),
  limit: Limit,
  pauses: z.array(
    z.object({
      from: Instant,
      to: Instant.nullable(),
      reason: z.enum(['specialProcedure', 'correction']),
      label: z.string(),
      remaining: Limit.nullable(),
      movedTo: Instant.nullable()
    })
  ),
  extension: z
    .object({
      at: Instant,
      amount: Limit,
      approvedBy: z.string(),
      requestedBy: z.string().nullable(),
      reason: z.string(),
      movedTo: Instant
    })
    .nullable(),
  holidays: z.array(z.object({ name: z.string(), from: z.string(), to: z.string(), provisional: z.boolean() })),
  adjustedWorkdays: z.array(z.string()),
  at: Instant.nullable().describe('null while a pause runs'),
  stored: Instant.nullable(),
  provisional: z.boolean(),
  lines: z.array(z.string()).describe('why this date, in sentences')
});

const Form = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('opinion'), stepId: z.string().optional(), stepLabel: z.string().optional() }),
  z.object({
    kind: z.literal('paperCheck'),
    items: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        form: z.enum(['original', 'copy', 'originalOrCopy']),
        formLabel: z.string(),
        copies: z.number()
      })
    )
  }),
  z.object({
    kind: z.literal('correction'),
    materials: z.array(z.object({ id: z.string(), title: z.string() })),
    onlyFrom: z.array(z.string()).optional()
  }),
  z.object({ kind: z.literal('returnStep'), steps: z.array(z.object({ id: z.string(), label: z.string() })) }),
  z.object({ kind: z.literal('distribute'), coApprovers: z.array(z.object({ department: z.string(), limit: Limit })) }),
  z.object({ kind: z.literal('answerCoApproval'), department: z.string(), deadline: Instant.optional() }),
  z.object({
    kind: z.literal('consolidate'),
    answers: z.array(z.object({ department: z.string(), agree: z.boolean(), reasons: z.string() }))
  }),
  z.object({
    kind: z.literal('specialProcedure'),
    kinds: z.array(z.object({ kind: z.string(), label: z.string(), maxDuration: Limit.optional() }))
  }),
  z.object({ kind: z.literal('requestExtension'), max: Limit, head: z.string() }),
  z.object({
    kind: z.literal('explainOverdue'),
    promised: Instant.optional(),
    told: z.object({ expected: z.string(), at: Instant }).optional()
  }),
  z.object({
    kind: z.literal('answerExtension'),
    request: z.object({ reason: z.string(), amount: Limit, by: z.string(), at: Instant }).optional()
  }),
  z.object({
    kind: z.literal('decide'),
    conclusions: z.array(z.enum(['pass', 'basicPass', 'fail'])).optional(),
    documents: z.array(z.string())
  }),
  z.object({
    kind: z.literal('deliver'),
    methods: z.array(z.object({ method: z.enum(['onSite', 'express', 'online', 'announcement']), label: z.string() })),
    preselected: z.enum(['onSite', 'express', 'online', 'announcement']).optional()
  }),
  z.object({ kind: z.literal('none') })
]);

/**
 * The case as staff read it (caseView's fields, cases/case-view.ts) and what the page adds or reshapes: answers
 * with their labels, materials with their files, opinions, supervision, deadline derivations and the actions.
 */
export const CasePage = CaseView.extend({
  id: z.string(),
  caseNumber: z.string(),
  matter: z.object({ code: z.string(), name: z.string(), version: z.number(), department: z.string() }),
  applicant: z.object({
    id: z.string().optional(),
    kind: z.string(),
    name: z.string(),
    goodRecord: z.boolean().optional()
  }),
  holder: z
    .object({
      kind: z.string(),
      name: z.string(),
      contactName: z.string().nullable(),
      phone: z.string().nullable(),
      email: z.string().nullable()
    })
    .nullable(),
  status: z.string(),
  statusLabel: z.string(),
  channel: z.string(),
  preferredDelivery: z.string().nullable(),
  receivedAt: Instant,
  part: z.string().nullable().describe('lead, coApprover, firstReview, joint; null for a supervisor'),
  answers: z.array(
    z.object({
      name: z.string(),
      kind: z.string(),
      unit: z.string().optional(),
      value: z.union([z.string(), z.number(), z.boolean()]).nullable()
    })
  ),
  materials: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      necessity: z.string(),
      given: z.boolean(),
      paper: z.object({ form: z.string(), copies: z.number().optional(), size: z.string().optional() }).nullable(),
      /** What the window's paper check recorded for this material (核对纸质材料), once made. */
      paperCheck: z
        .object({
          form: z.enum(['original', 'copy']),
          formLabel: z.string(),
          copies: z.number(),
          matchesUpload: z.boolean(),
          note: z.string().optional(),
          at: Instant,
          by: z.string()
        })
        .nullable(),
      files: z.array(PageFile)
    })
  ),
  correctionRounds: z.number(),
  opinions: z.array(
    z.object({
      stepId: z.string(),
      label: z.string(),
      by: z.object({
        kind: z.enum(['staff', 'applicant', 'system']),
        name: z.string(),
        department: z.string().nullable(),
        post: z.string().nullable()
      }),
      at: Instant,
      verdict: z.string(),
      verdictLabel: z.string(),
      text: z.string()
    })
  ),
  timeline: z.array(
    z.object({
      seq: z.number(),
      type: z.string(),
      label: z.string(),
      at: Instant,
      by: z.string(),
      detail: z.string().optional()
    })
  ),
  supervision: z.array(
    z.object({
      key: z.string(),
      rule: z.string(),
      level: z.string(),
      department: z.string(),
      message: z.string(),
      deadline: Instant.optional(),
      at: Instant
    })
  ),
  deadlineDerivations: z.array(Derivation),
  coApproval: z
    .object({
      stepId: z.string(),
      distributedAt: Instant,
      coApprovers: z.array(
        z.object({
          department: z.string(),
          limit: Limit,
          deadline: Instant.nullable(),
          answer: z.object({ agree: z.boolean(), reasons: z.string(), at: Instant, late: z.boolean() }).nullable()
        })
      )
    })
    .nullable(),
  extensionRequest: z.object({ at: Instant, reason: z.string(), amount: Limit, by: z.string() }).nullable(),
  extension: z
    .object({
      at: Instant,
      reason: z.string(),
      amount: Limit,
      approvedBy: z.string(),
      requestedBy: z.string().nullable(),
      opinion: z.string().nullable()
    })
    .nullable(),
  falseMaterials: z.object({
    may: z
      .enum(['propose', 'report'])
      .nullable()
      .describe('propose: a handler or the window clerk of the lead; report: another department taking part'),
    proposals: z.array(FalseMaterialsProposal)
  }),
  windowResubmit: z
    .object({
      applicantId: z.string(),
      matterCode: z.string(),
      materials: z.array(z.object({ id: z.string(), title: z.string(), named: z.boolean() })),
      ready: z.boolean(),
      refusal: z.string().optional()
    })
    .nullable()
    .describe('窗口代为补正: offered to the window post while the case waits for a correction'),
  actions: z.array(
    z.object({
      type: z.string(),
      label: z.string(),
      ready: z.boolean(),
      refusal: z.string().optional().describe("the engine's sentence why not yet"),
      form: Form
    })
  ),
  version: z.number()
});
