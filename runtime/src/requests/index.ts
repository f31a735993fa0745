/**
 * Requests besides applications: consultations (咨询), complaints (投诉), appointments (预约) and evaluations (好差评),
 * for applicants and the staff who answer them. Each function checks its rules, writes in one transaction with its
 * timer and the inbox message, and says no with a `Refusal`; the web room maps refusals to status codes.
 */
export {
  attend,
  book,
  cancelAppointment,
  departmentAppointments,
  myAppointments,
  type AppointmentStatus,
  type AppointmentView
} from './appointments.ts';
export {
  checkPublicSummary,
  decideComplaint,
  fileComplaint,
  listComplaints,
  publicComplaints,
  resolveComplaint,
  type ComplaintStatus,
  type ComplaintView,
  type PublicComplaint
} from './complaints.ts';
export {
  answer,
  ask,
  forward,
  listConsultations,
  type ConsultationDue,
  type ConsultationStatus,
  type ConsultationView
} from './consultations.ts';
export { departmentEvaluations, evaluate, evaluationOf, rectify, type EvaluationView } from './evaluations.ts';
export {
  appointmentStatusLabels,
  complaintStatusLabels,
  consultationStatusLabels,
  isBadRating,
  ratingLabels
} from './labels.ts';
export { checkSlot, firstSlotStart, lastSlotEnd, slotCalendar, slotEnd, slotMinutes } from './slots.ts';
export { askQuestion, complain, rateCase } from './applicant-requests.ts';
export { requestTimerHandlers } from './timers.ts';
