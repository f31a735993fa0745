/** Materials' templates and samples, versioned with the matter: the studio uploads them, the hall offers the live ones. */
export {
  kindLabels as materialFileKindLabels,
  listMaterialFiles,
  materialFileKinds,
  readMaterialFile,
  removeMaterialFile,
  uploadMaterialFile,
  versionMaterialFile,
  versionMaterialFiles,
  type MaterialFileKind,
  type MaterialFileView
} from './material-files.ts';
export { carryMaterialFiles } from './carry-forward.ts';
export {
  maxTemplateBytes,
  sizeText,
  templateDownloadName,
  templateTypeLabels,
  type TemplateType
} from './file-types.ts';
