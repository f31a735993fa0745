/** The semantic diff of two versions of a matter (in Chinese, by the guide's sections) and the diff of their sources. */
export { diffDefinitions } from './definitions.ts';
export { diffSources } from './sources.ts';
export { DefinitionChange, DefinitionChanges, SourceDiff, SourceHunk, SourceLine, SourceRow } from './schema.ts';
