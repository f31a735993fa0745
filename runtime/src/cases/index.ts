/**
 * Cases (办件): the pure engine, the event store that persists what it returns, applications, drafts, uploads, who
 * may see a case, tracking, pickups, licences, recounts on a new calendar, case timers and the reads of lists.
 */
export { commandsByPart, partInCase, readsCases, supervisedDepartment } from './access.ts';
export { resubmitApplication, submitApplication, withdrawApplication, type MaterialFile } from './applications.ts';
export { caseDetail, visibleCase } from './case-reads.ts';
export { previewCommand, type Preview, type PreviewResult } from './command-preview.ts';
export { CaseNotFoundError, CaseStore, ConcurrencyError, type CaseRow } from './case-store.ts';
export { caseView, statusLabels, timeline } from './case-view.ts';
export {
  deleteDraft,
  draftById,
  fileFacts,
  latestDraft,
  markSubmitted,
  myDrafts,
  saveDraft,
  type Draft,
  type DraftChoices
} from './drafts.ts';
export { carriedOverLines, carryDraftOver, carryOver, type CarriedOver } from './draft-carry-over.ts';
export { type EngineCalendar } from './engine/calendar-port.ts';
export { type CaseState } from './engine/case-state.ts';
export { type Command } from './engine/commands.ts';
export { type Event } from './engine/events.ts';
export {
  allowedCommands,
  applicantChannels,
  authorityFor,
  commandLabels,
  correctionNoticeLimit,
  deadlineText,
  createEngine,
  rejectionKinds,
  routeOf,
  type Engine,
  type RouteStep,
  type SupervisionRecord
} from './engine/index.ts';
export { type Actor, type Instant } from './engine/types.ts';
export { heldLicences, validUntil } from './licences.ts';
export { createPickup, pickupOf, type Pickup } from './pickups.ts';
export { casesOfApplicant, departmentCases, filesOfCase, mostUsedMatters, type CaseFile } from './queries.ts';
export { calendarHistory, recountPass } from './recount.ts';
export { rejectionError } from './rejections.ts';
export { type Services } from './services.ts';
export { caseTimerHandlers } from './timers.ts';
export { trackCase, type Tracked } from './tracking.ts';
export {
  attachmentHeader,
  checkUploadSize,
  cleanFileName,
  downloadName,
  readableFile,
  storeUpload,
  uploadAudit
} from './uploads.ts';
export { expectedLegalDeadline } from './engine/expected.ts';
export { applicantById, findApplicant, windowMatters, type WindowApplicant } from './window.ts';
export { recordGoodRecord, registerAtWindow, type WindowRegistration } from './window-applicants.ts';
export { submitAtWindow, uploadAtWindow, type WindowApplication } from './window-submit.ts';
export { resubmitAtWindow } from './window-resubmit.ts';
export { windowReceipt, type WindowReceipt } from './window-receipt.ts';
export { fillWaits } from './inbox-projection.ts';
export { fillMeasures, judge, measureCalendar, measureOf, measureRow, type CaseMeasure } from './measure-projection.ts';
export { notifyPost } from './inbox-notices.ts';
