export {
  allArchives,
  archiveAfterMs,
  archiveCase,
  archiveChore,
  archiveOf,
  manifestOf,
  type ArchiveRow
} from './archive-case.ts';
export { closedStatuses } from './collect.ts';
export { departmentPackage, exportFolder, packageEntries, packageZip, type PackageEntries } from './export.ts';
export { archiveStandard, parseManifest, type Manifest } from './manifest.ts';
export { sealChecker, verifyArchives, verifyFolder, type ArchivesReport, type FolderCheck } from './verify.ts';
