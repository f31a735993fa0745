/** The studio: departments draft, check, submit and approve changes to their matters; the reform office sees the filings. */
export { checkDraft, type CheckResult, type StudioDiagnostic } from './check.ts';
export { stateLabels, usesStudio, type VersionState } from './rules.ts';
export {
  approveVersion,
  checkOnly,
  createDraft,
  listFilings,
  listVersions,
  readVersion,
  rejectVersion,
  submitDraft,
  updateDraft,
  type RequestMeta,
  type StudioDeps
} from './versions.ts';
export { remindOfNextYear } from './calendar-reminder.ts';
export {
  approveCalendarDraft,
  checkCalendar,
  createCalendarDraft,
  listCalendars,
  readCalendarDraft,
  rejectCalendarDraft,
  submitCalendarDraft,
  updateCalendarDraft
} from './calendars.ts';
export { importCatalogue } from './catalogue-import.ts';
