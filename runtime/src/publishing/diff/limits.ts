import type { Definition, Limit } from '@banshi/definition';
import type { Changes } from './changes.ts';
import { rest } from './generic.ts';
import * as L from './labels.ts';

type D = Definition;

/** “承诺时限 20 → 15 个工作日”; a limit written or dropped reads “新增…” / “删除…”. */
export function limit(c: Changes, label: string, path: string[], a: Limit | undefined, b: Limit | undefined): void {
  if (a && b) {
    if (a.amount !== b.amount || a.unit !== b.unit)
      c.changed(`${label} ${L.limitChange(a, b)}`, path, L.limitText(a), L.limitText(b));
    rest(c, path, label, a, b, ['amount', 'unit']);
  } else c.value(label, path, a, b, L.limitText);
}

const correctionText = (k: NonNullable<D['correction']>) =>
  `收到补正通知之日起 ${L.limitText(k.limit)}内${k.deemedWithdrawn ? '，逾期未补正视为撤回申请' : ''}`;

/** 办理时限: legal and promised limits (workdays, calendar days, office hours), the extension, the correction period. */
export function limits(changes: Changes, a: D, b: D): void {
  const c = changes.in('办理时限');
  const [x, y] = [a.limits, b.limits];
  c.flag(['limits', 'immediate'], x.immediate, y.immediate, '改为即办件', '不再是即办件');
  limit(c, '法定时限', ['limits', 'legal'], x.legal, y.legal);
  c.value(
    '法定时限依据',
    ['limits', 'legalBasis'],
    x.legalBasis,
    y.legalBasis,
    String,
    (_, q) => `法定时限依据改为：${q}`
  );
  limit(c, '承诺时限', ['limits', 'promised'], x.promised, y.promised);
  limit(c, '延长时限', ['limits', 'extension'], x.extension, y.extension);
  c.value(
    '延长时限依据',
    ['limits', 'extensionBasis'],
    x.extensionBasis,
    y.extensionBasis,
    String,
    (_, q) => `延长时限依据改为：${q}`
  );
  c.flag(
    ['limits', 'extensionFromLaw'],
    x.extensionFromLaw,
    y.extensionFromLaw,
    '延长时限改为按《行政许可法》第四十二条',
    '延长时限改由事项自行规定'
  );
  c.flag(['limits', 'joint'], x.joint, y.joint, '改为联合办理', '不再联合办理');
  rest(c, ['limits'], '办理时限', x, y, [
    'immediate',
    'legal',
    'legalBasis',
    'promised',
    'extension',
    'extensionBasis',
    'extensionFromLaw',
    'joint'
  ]);
  if (a.correction && b.correction) {
    limit(c, '补正期限', ['correction', 'limit'], a.correction.limit, b.correction.limit);
    c.flag(
      ['correction', 'deemedWithdrawn'],
      a.correction.deemedWithdrawn,
      b.correction.deemedWithdrawn,
      '逾期未补正改为视为撤回申请',
      '逾期未补正不再视为撤回申请'
    );
    rest(c, ['correction'], '补正期限', a.correction, b.correction, ['limit', 'deemedWithdrawn']);
  } else c.value('补正期限', ['correction'], a.correction, b.correction, correctionText);
}
export const limitsKeys = ['limits', 'correction'] as const;

/** 监察: the supervision settings (warnings, cards, reply limits), as the catalogue's defaults merged with the matter's. */
export function supervision(changes: Changes, a: D, b: D): void {
  const c = changes.in('监察');
  const x = a.supervision as Record<string, unknown>;
  const y = b.supervision as Record<string, unknown>;
  const labels: Record<string, string> = {
    warningBefore: '预警提前量',
    yellowCardGrace: '黄牌宽限',
    redCardGrace: '红牌宽限',
    consultationReply: '咨询答复时限',
    consultationForward: '咨询转办时限',
    complaintAcceptance: '投诉受理时限',
    rectification: '整改时限'
  };
  for (const [key, label] of Object.entries(labels))
    limit(c, label, ['supervision', key], x[key] as Limit | undefined, y[key] as Limit | undefined);
  c.value(
    '补正轮次异常阈值',
    ['supervision', 'correctionRoundsAnomaly'],
    a.supervision.correctionRoundsAnomaly,
    b.supervision.correctionRoundsAnomaly,
    n => `${n} 轮`,
    (p, q) => `补正超过 ${p} 轮报异常 → 超过 ${q} 轮报异常`
  );
  rest(c, ['supervision'], '监察设置', x, y, [...Object.keys(labels), 'correctionRoundsAnomaly']);
}
