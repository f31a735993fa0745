import {
  channelLabels,
  contactKindLabels,
  levelLabels,
  matterTypeLabels,
  paperFormLabels,
  serviceObjectLabels,
  type Condition,
  type Definition,
  type Limit
} from '@banshi/definition';
import { shanghaiTime } from '@banshi/definition/calendar';

/** What the guide calls things: Chinese for every enum of the Definition. */
export const matterTypes = matterTypeLabels;
export const levels = levelLabels;
export const serviceObjects = serviceObjectLabels;
export const channels = channelLabels;
export const channelKinds = contactKindLabels;
export const necessity: Record<Definition['materials'][number]['necessity'], string> = {
  required: '必须',
  optional: '非必须',
  later: '容缺后补',
  conditional: '特定情形需提交'
};
export const paperForms = paperFormLabels;

/** A material's paper form as the matter states it: the number of copies only when the matter gives one. */
export const materialPaperText = (paper: {
  form: keyof typeof paperForms;
  copies?: number | undefined;
  size?: string | undefined;
}) =>
  `纸质${paperForms[paper.form]}${paper.copies !== undefined ? ` ${paper.copies} 份` : ''}${paper.size ? `（${paper.size}）` : ''}`;

export const limitText = (l: Limit) =>
  l.amount === 0 && l.unit === 'workdays'
    ? '当日'
    : l.unit === 'days'
      ? `${l.amount} 日`
      : `${l.amount} 个${l.unit === 'workdays' ? '工作日' : '工作小时'}`;

const comparators = { '=': '为', '!=': '不为', '>': '大于', '>=': '不小于', '<': '小于', '<=': '不大于' } as const;

/** A condition as a sentence: “涉及消防”, “合同价格 大于 100”. */
export function conditionText(c: Condition): string {
  switch (c.op) {
    case 'and':
      return `${conditionText(c.left)}且${conditionText(c.right)}`;
    case 'or':
      return `${conditionText(c.left)}或${conditionText(c.right)}`;
    case 'not':
      return `非（${conditionText(c.operand)}）`;
    case 'truthy':
      return `“${c.field}”为是`;
    case 'compare':
      return `“${c.field}”${comparators[c.comparator]} ${typeof c.value === 'boolean' ? (c.value ? '是' : '否') : c.value}`;
  }
}

/** An instant (ISO text or milliseconds) as the hall shows times: 2026年9月28日 10:00, Shanghai. */
export const when = (at: string | number) => shanghaiTime(typeof at === 'number' ? at : Date.parse(at));

/** A minute of the day as the hall writes it: 570 is 09:30. */
export const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
