import type { IntegrityReport } from './verify.ts';
import type { BreakKind, ChainTable } from './walk.ts';

const tables: Record<ChainTable, string> = { audit_log: '审计日志', case_events: '案件事件' };
const kinds: Record<BreakKind, string> = {
  content: '内容被改动（按内容重算的哈希与该行所存的不符）',
  link: '链接断开（该行所记前一行的哈希与链上前一行不符）',
  missing: '缺少一行（链上此处的行已不存在）'
};

/** What `verify` prints: Chinese first, each break on its own line with the row it names. */
export function summarise(report: IntegrityReport): string[] {
  const read = `审计日志 ${report.auditRows} 行，案件事件 ${report.events} 条（${report.cases} 件案件）`;
  if (report.breaks.length === 0) return [`哈希链完整：${read}，逐行重算哈希无误。`];
  return [
    `哈希链断裂：发现 ${report.breaks.length} 处（已核对 ${read}）。`,
    ...report.breaks.map(b => `  ${tables[b.table]}（${b.table}）第一处断裂在 ${b.row}：${kinds[b.kind]}。${b.detail}`)
  ];
}
