import {
  channelLabels,
  conditionText,
  limitText,
  contactKindLabels,
  levelLabels,
  matterTypeLabels,
  paperFormLabels,
  serviceObjectLabels,
  type Definition
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

export { limitText };

export { conditionText };

/** An instant (ISO text or milliseconds) as the hall shows times: 2026年9月28日 10:00, Shanghai. */
export const when = (at: string | number) => shanghaiTime(typeof at === 'number' ? at : Date.parse(at));

/** A minute of the day as the hall writes it: 570 is 09:30. */
export const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
