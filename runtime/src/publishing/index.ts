/**
 * Publishing, the server side of the studio: departments draft, check, submit and approve changes to their matters;
 * the reform office sees the filings and publishes the year's calendar; the catalogue folder is imported at first start.
 */
export { checkDraft, type CheckResult, type StudioDiagnostic } from './check.ts';
export { stateLabels, usesStudio, type VersionState } from './rules.ts';
export { approveVersion, rejectVersion, submitDraft, type LineComment } from './approval.ts';
export { checkOnly, createDraft, updateDraft } from './drafts.ts';
export { listVersions, readVersion } from './version-reads.ts';
export { decideFiling, filingStateLabels, listFilings, type FilingState } from './filings.ts';
export { compareVersions } from './comparison.ts';
export { matterHistory } from './history.ts';
export { readReview } from './review.ts';
export { restoreVersion } from './restore.ts';
export { listTasks, taskKindLabels, type Task, type TaskKind } from './tasks.ts';
export { publishDue, withdrawSchedule } from './publication.ts';
export { PublicationScheduler } from './scheduler.ts';
export { Scenario } from './simulation/scenario.ts';
export { simulate, type SimulationAnswer, type SimulationDeps } from './simulation/simulate.ts';
export {
  deleteExpectation,
  listExpectations,
  saveExpectation,
  type Expectation,
  type ExpectationResult
} from './simulation/expectations.ts';
export type { RequestMeta, StudioDeps } from './version-rows.ts';
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
export { matterOverview, studioWorkspace, type MatterOverview } from './overview.ts';
export {
  listMaterialFiles,
  materialFileKindLabels,
  maxTemplateBytes,
  readMaterialFile,
  removeMaterialFile,
  sizeText,
  templateDownloadName,
  templateTypeLabels,
  uploadMaterialFile,
  versionMaterialFile,
  versionMaterialFiles,
  type MaterialFileKind,
  type MaterialFileView
} from './materials/index.ts';
export { checkDepartment, listDepartments, readDepartment } from './departments.ts';
export {
  approveChange,
  changeStateLabels,
  listChanges,
  proposeDepartmentChange,
  readChange,
  rejectChange,
  type ChangeView
} from './department-changes.ts';
export { DepartmentForm, levelLabels } from './department-source.ts';
export { exportCatalogue, importCatalogueZip, maxImportBytes } from './catalogue-files.ts';
export {
  diffDefinitions,
  diffSources,
  DefinitionChange,
  DefinitionChanges,
  SourceDiff,
  SourceHunk,
  SourceLine,
  SourceRow
} from './diff/index.ts';
