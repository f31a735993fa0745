export { genesis, field, chainHash, auditContent, eventContent } from './canonical.ts';
export type { AuditRowText, EventRowText } from './canonical.ts';
export { ChainWalker } from './walk.ts';
export type { BreakKind, ChainBreak, ChainRow, ChainTable } from './walk.ts';
export { verifyChains } from './verify.ts';
export type { IntegrityReport } from './verify.ts';
export { summarise } from './summary.ts';
export { verifyCommand } from './cli.ts';
