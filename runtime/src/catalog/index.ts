/** The published catalog: the registry of live definitions and calendars (kept current by NOTIFY), and lookups in it. */
export { knownDepartment, policyFor } from './lookups.ts';
export { DefinitionRegistry, importCatalog, publishCatalog, publishedChannel, scheduleNotice } from './registry.ts';
export { currentNames, withCurrentNames } from './department-names.ts';
