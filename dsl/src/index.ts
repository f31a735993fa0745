/** The Matter language: services, checks, compiler and formatter. */
export { createMatterServices, type MatterServices } from './language/matter-module.js';
export { loadWorkspace, type MatterWorkspace, type SourceFile } from './workspace/load.js';
export { compileFolder, type FolderProblem } from './workspace/compile-folder.js';
export { compileWorkspace, compileMatter, compileCatalog, type CompiledWorkspace } from './compile/index.js';
export { formatText } from './format/format-text.js';
export { issueCodes, type IssueCode } from './language/issue-codes.js';
export { matterFiles } from './workspace/files.js';
