import { z } from 'zod';
import { Department, Level, MatterType, Region } from '@banshi/definition';
import { jsonObject } from './json-schemas.ts';
import { FeedItem, FeedPage } from '../../exchange/schema.ts';

/**
 * What the hall's case routes answer (cases/case-view.ts `caseView` and `timeline`, cases/tracking.ts), as zod:
 * the OpenAPI document, the studio's types and the test client's response check come from these.
 */
const Iso = z.iso.datetime();

export const CaseStatus = z.enum([
  'submitted',
  'correcting',
  'awaitingPaper',
  'preReviewed',
  'inReview',
  'paused',
  'decided',
  'delivered',
  'completed',
  'refused',
  'withdrawn',
  'archived'
]);
const Channel = z.enum(['online', 'express', 'onSite']);
/** An answer to a form question as the applicant (or the window) gave it. */
export const AnswerValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const MatterLine = z.object({
  code: z.string(),
  name: z.string(),
  version: z.number().int(),
  department: z.string()
});
const Deadlines = z.object({
  legal: Iso.describe('法定办结时限'),
  promised: Iso.describe('承诺办结时限'),
  step: Iso.optional().describe('当前环节的时限'),
  provisional: z.boolean().describe('有时限按尚未公布的节假日安排推算')
});
const Provisional = z
  .object({ years: z.array(z.number().int()), note: z.string() })
  .nullable()
  .describe('按暂定规则推算时限的年份及说明；都按已公布的安排推算时为 null');
const PauseReason = z.enum(['specialProcedure', 'correction']);
const Paused = z.object({ since: Iso, reason: PauseReason });
const Pause = z.object({ from: Iso, to: Iso.optional(), reason: PauseReason });

export const TimelineItem = z.object({
  seq: z.number().int(),
  type: z.string().describe('事件类型，如 Submitted、Accepted、Decided'),
  label: z.string(),
  at: Iso,
  detail: z.string().optional(),
  by: z.string().describe('工作人员（对申请人只显示部门）、“申请人”或“系统”')
});

/** A notice as the applicant reads it (the case page, and the preview of a command's notices). */
export const Notice = z.object({
  kind: z.enum([
    'receipt',
    'correction',
    'acceptance',
    'refusal',
    'specialProcedure',
    'extension',
    'overdue',
    'decision'
  ]),
  title: z.string(),
  caseNumber: z.string(),
  matter: z.string(),
  department: z.string(),
  applicant: z.string(),
  issuedAt: Iso,
  lines: z.array(z.string())
});

/** A case as caseView shows it; staff see the applicant's id and record, applicants only a name and kind. */
export const CaseView = z.object({
  id: z.uuid(),
  caseNumber: z.string(),
  matter: MatterLine,
  applicant: z.union([
    z.object({
      id: z.string(),
      kind: z.enum(['person', 'organisation']),
      name: z.string(),
      goodRecord: z.boolean()
    }),
    z.object({ name: z.string(), kind: z.enum(['person', 'organisation']) })
  ]),
  status: CaseStatus,
  statusLabel: z.string(),
  channel: Channel,
  preferredDelivery: z.enum(['onSite', 'express', 'online']).nullable(),
  receivedAt: Iso,
  acceptedAt: Iso.optional(),
  deemedAcceptance: z.boolean(),
  deadlines: Deadlines.optional(),
  deemedAcceptanceAt: Iso.optional().describe('第三十二条：未在此前告知补正的，自收到申请之日起即为受理'),
  provisional: Provisional,
  paused: Paused.optional(),
  pauses: z.array(Pause),
  step: z.object({ id: z.string(), label: z.string() }).optional(),
  correction: z.object({ items: z.array(z.string()), round: z.number().int(), issuedAt: Iso }).optional(),
  decision: z
    .object({
      approve: z.boolean(),
      reasons: z.string(),
      conclusion: z.enum(['pass', 'basicPass', 'fail']).optional(),
      at: Iso
    })
    .optional(),
  answers: z.record(z.string(), AnswerValue),
  materials: z.array(z.string()),
  next: z.string().optional().describe('申请人下一步要做的事（仅对申请人）'),
  version: z.number().int(),
  notices: z.array(Notice)
});

/** A case and its timeline (GET /api/hall/cases/:id). */
export const CaseDetail = CaseView.extend({ timeline: z.array(TimelineItem) });

/** What anyone holding the number and the holder's ID number or credit code sees (GET /api/hall/track). */
export const Tracked = z.object({
  caseNumber: z.string(),
  matter: MatterLine,
  status: CaseStatus,
  statusLabel: z.string(),
  receivedAt: Iso,
  deadlines: Deadlines.optional(),
  provisional: Provisional,
  paused: Paused.optional(),
  pauses: z.array(Pause),
  next: z.string().optional(),
  timeline: z.array(TimelineItem)
});

export const MatterList = z.object({
  items: z.array(
    z.object({
      code: z.string(),
      version: z.number().int(),
      name: z.string(),
      type: MatterType,
      department: z.string(),
      level: Level
    })
  )
});

export const Departments = z.object({
  departments: z.array(Department.pick({ name: true, code: true, level: true, region: true, phones: true })),
  regions: z.array(Region)
});

export const MyCases = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      caseNumber: z.string(),
      matterCode: z.string(),
      matter: z.string().optional().describe('事项名称（事项已不再发布时缺省）'),
      status: CaseStatus,
      receivedAt: Iso
    })
  ),
  next: Iso.optional().describe('下一页的 cursor')
});

export const Inbox = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      caseId: z.uuid().nullable(),
      title: z.string(),
      body: z.string(),
      createdAt: Iso,
      read: z.boolean()
    })
  ),
  next: z.string().optional().describe('下一页的 cursor（最后一条消息的编号）')
});

export const Ok = z.object({ ok: z.literal(true) });

/** The office's queue (GET /api/office/cases): the department's part in each case. */
export const DepartmentCases = z.object({
  items: z.array(
    MyCases.shape.items.element.extend({
      part: z.enum(['lead', 'coApprover', 'firstReview', 'joint']).describe('本部门在办件中的角色'),
      promisedDeadline: Iso.optional()
    })
  ),
  next: Iso.optional().describe('下一页的 cursor')
});

/** An express submission's pickup order (寄件单). */
const Pickup = z.object({
  orderNumber: z.string(),
  address: z.string(),
  contact: z.string(),
  phone: z.string(),
  sendTo: z.string(),
  createdAt: Iso
});

/** A case as staff read it, with what this member of staff may do on it now. */
export const OfficeCaseDetail = (commands: readonly [string, ...string[]]) =>
  CaseDetail.extend({
    actions: z.array(z.enum(commands)).describe('当前登录的工作人员现在可以办理的操作'),
    pickup: Pickup.nullable()
  });

/** An uploaded file as its uploader sees it (POST /api/hall/files). */
export const UploadedFile = z.object({
  id: z.uuid(),
  name: z.string(),
  mediaType: z.enum(['application/pdf', 'image/jpeg', 'image/png', 'application/ofd']),
  size: z.number().int(),
  pages: z.number().int().nullable().describe('PDF 的页数')
});

/** A page of the exchange feed (exchange/schema.ts), the payload's JSON described as closed, nested JSON. */
export const Feed = FeedPage.extend({
  items: z.array(FeedItem.extend({ payload: jsonObject(5).describe(FeedItem.shape.payload.description ?? '') }))
});
