import { z } from 'zod';

/**
 * What the consultation, complaint, appointment and evaluation routes answer (requests/*.ts views), as zod: the
 * OpenAPI document, the studio's types and the test client's response check come from these.
 */
const Iso = z.iso.datetime();
const Cursor = z.string().optional().describe('下一页的 cursor（本页已满时）');
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next: Cursor });

export const Consultation = z.object({
  id: z.uuid(),
  matterCode: z.string().nullable(),
  department: z.string(),
  question: z.string(),
  status: z.enum(['open', 'answered', 'forwarded']),
  statusLabel: z.string(),
  answer: z.string().nullable().describe('答复，或转交时给咨询人的说明'),
  forwardedTo: z.string().nullable(),
  createdAt: Iso,
  answerDue: Iso,
  forwardDue: Iso,
  closedAt: Iso.nullable()
});
export const Consultations = page(Consultation);
export const ConsultationForwarded = z.object({
  consultation: Consultation,
  forwardedAs: Consultation.describe('转交后在对方部门新建的咨询'),
  late: z.boolean().describe('超过转交时限才转交')
});

export const Complaint = z.object({
  id: z.uuid(),
  department: z.string(),
  caseId: z.uuid().nullable(),
  caseNumber: z.string().nullable(),
  matterCode: z.string().nullable(),
  content: z.string(),
  status: z.enum(['open', 'accepted', 'refused', 'resolved']),
  statusLabel: z.string(),
  reply: z.string().nullable(),
  publicSummary: z.string().nullable(),
  createdAt: Iso,
  acceptDue: Iso,
  closedAt: Iso.nullable(),
  foundUntrue: z.boolean().describe('经确认与事实不符，计入网上办事黑名单'),
  untrueProposal: z.enum(['reported', 'proposed', 'confirmed', 'rejected']).nullable()
});
export const Complaints = page(Complaint);
export const PublicComplaints = z.object({
  items: z.array(
    z.object({
      department: z.string(),
      matterCode: z.string().nullable(),
      date: z.iso.date().describe('办结日期（北京时间）'),
      publicSummary: z.string()
    })
  )
});

const AppointmentStatus = z.enum(['booked', 'attended', 'noShow', 'cancelled']);
export const Appointment = z.object({
  id: z.uuid(),
  matterCode: z.string(),
  matter: z.string().nullable(),
  department: z.string().nullable(),
  place: z.string(),
  slotAt: Iso,
  slotEnd: Iso,
  status: AppointmentStatus,
  statusLabel: z.string(),
  createdAt: Iso
});
export const MyAppointments = page(Appointment).extend({ noShows: z.number().int().describe('失约次数') });
export const DepartmentAppointments = z.object({
  items: z.array(Appointment.extend({ applicant: z.string().nullable() }))
});

export const Evaluation = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  caseNumber: z.string().nullable(),
  matterCode: z.string().nullable(),
  department: z.string(),
  level: z.number().int().min(1).max(5),
  levelLabel: z.string(),
  reason: z.string().nullable(),
  createdAt: Iso,
  rectificationDue: Iso.nullable().describe('差评：整改期限'),
  rectifiedAt: Iso.nullable(),
  rectification: z.string().nullable()
});
export const Evaluations = page(Evaluation);
