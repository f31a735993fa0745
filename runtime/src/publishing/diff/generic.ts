import type { Condition, Limit } from '@banshi/definition';
import { isSourceRange, match, nameOf, same, type Changes, type Matched } from './changes.ts';
import * as L from './labels.ts';

/**
 * The fallback: any part of a Definition that the section differs do not name is still compared, field by field,
 * with a Chinese label, so that nothing that differs between two versions goes unreported.
 */

/** Every field name of the Definition, in the guide's words where the guide has one. */
const keyLabels: Record<string, string> = {
  schemaVersion: '定义格式版本',
  code: '编码',
  localCode: '地方编码',
  name: '名称',
  type: '事项类型',
  level: '层级',
  department: '部门',
  basis: '依据',
  conditions: '受理条件',
  eligibility: '申请条件',
  serviceObjects: '服务对象',
  fees: '收费',
  places: '办理地点',
  hours: '办理时间',
  appointment: '预约办理',
  quantityLimit: '数量限制',
  repeatLimit: '办理次数限制',
  consultation: '咨询方式',
  complaint: '投诉方式',
  result: '办理结果',
  otherResults: '其他办理结果',
  visits: '到现场次数',
  onlineDepth: '网办深度',
  paper: '纸质材料',
  form: '形式',
  materials: '申请材料',
  submission: '递交方式',
  delivery: '送达方式',
  limits: '办理时限',
  correction: '补正期限',
  steps: '环节',
  specialProcedures: '特殊程序',
  supervision: '监察设置',
  annualInspection: '年检',
  declaration: '网上申报',
  toConfirm: '待确认',
  region: '区域',
  roles: '岗位',
  title: '职务',
  officeHours: '办公时间',
  from: '起',
  to: '止',
  kind: '类别',
  required: '必填',
  unit: '单位',
  min: '最小值',
  max: '最大值',
  options: '选项',
  id: '简称',
  necessity: '提交要求',
  condition: '条件',
  template: '模板',
  sample: '样本',
  copies: '份数',
  size: '规格',
  scan: '扫描件',
  maxPages: '页数上限',
  origin: '来源',
  licence: '证照',
  issuer: '核发部门',
  provider: '中介机构',
  replaces: '可代替的材料',
  note: '说明',
  value: '内容',
  validity: '有效期',
  amount: '数量',
  message: '提示',
  appliesWhen: '适用情形',
  modes: '检查方式',
  preReviewLimit: '预审时限',
  joint: '联合办理',
  window: '年检期间',
  conclusions: '结论',
  stages: '阶段',
  due: '截止',
  date: '日期',
  daysAfterPeriod: '期满后天数',
  limit: '时限',
  period: '周期',
  commitment: '承诺书',
  free: '免费',
  items: '收费项目',
  amountYuan: '金额（元）',
  waivable: '可减免',
  onlinePayment: '网上缴费',
  count: '次数',
  reason: '原因',
  mode: '方式',
  how: '提交方式',
  goodRecordFirst: '信用良好可先受理',
  immediate: '即办',
  legal: '法定时限',
  legalBasis: '法定时限依据',
  promised: '承诺时限',
  extension: '延长时限',
  extensionBasis: '延长时限依据',
  extensionFromLaw: '延长时限按法律规定',
  deemedWithdrawn: '逾期未补正视为撤回',
  label: '名称',
  role: '岗位',
  lead: '牵头部门',
  coApprovers: '协办部门',
  task: '任务',
  maxDuration: '最长时间',
  warningBefore: '预警提前量',
  yellowCardGrace: '黄牌宽限',
  redCardGrace: '红牌宽限',
  correctionRoundsAnomaly: '补正轮次异常阈值',
  consultationReply: '咨询答复时限',
  consultationForward: '咨询转办时限',
  complaintAcceptance: '投诉受理时限',
  rectification: '整改时限',
  place: '位置'
};

export const keyLabel = (key: string) => keyLabels[key] ?? `“${key}”项`;

/** Enum values in Chinese, for the fields that hold one. */
const enumLabels: Record<string, string> = {
  ...L.matterTypeLabels,
  ...L.levels,
  ...L.serviceObjects,
  ...L.fieldKinds,
  ...L.paperForms,
  ...L.resultKinds,
  ...L.paperHow,
  ...L.specialKinds,
  ...L.stepKinds,
  ...L.channels,
  ...L.channelKinds,
  workdays: '工作日',
  days: '日',
  hours: '工作小时',
  years: '年',
  months: '月',
  indefinite: '长期',
  applicant: '申请人自备',
  eLicence: '电子证照',
  intermediary: '中介服务',
  onlineForm: '在线填报',
  written: '书面检查',
  pass: '合格',
  basicPass: '基本合格',
  fail: '不合格',
  yearly: '每年',
  halfYearly: '每半年',
  quarterly: '每季度',
  monthly: '每月',
  none: '无需纸质材料',
  afterPreReview: '预审通过后提交'
};
const enumKeys = new Set(['type', 'level', 'kind', 'unit', 'necessity', 'form', 'mode', 'how', 'period']);
const enumLists = new Set(['serviceObjects', 'submission', 'delivery', 'conclusions']);

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isLimit = (v: unknown): v is Limit =>
  isPlain(v) && typeof v.amount === 'number' && ['workdays', 'days', 'hours'].includes(v.unit as string);
const isCondition = (v: unknown): v is Condition => isPlain(v) && typeof v.op === 'string';

/** Any value of a Definition as text a person reads. */
export function render(v: unknown, key?: string): string {
  if (v === undefined || v === null) return '无';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return key && (enumKeys.has(key) || enumLists.has(key)) ? (enumLabels[v] ?? v) : v;
  if (Array.isArray(v)) return v.length === 0 ? '无' : v.map(x => render(x, key)).join('、');
  if (isLimit(v)) return L.limitText(v);
  if (isCondition(v)) return L.conditionText(v);
  if (isPlain(v))
    return Object.entries(v)
      .filter(([k, x]) => x !== undefined && !(k === 'source' && isSourceRange(x)))
      .map(([k, x]) => `${keyLabel(k)}：${render(x, k)}`)
      .join('，');
  return String(v);
}

const join = (label: string, child: string) =>
  label === '' ? child : label.endsWith('”') ? label + child : `${label}的${child}`;

/** A list item's stable key: its id or name where it has one, else what it says. */
function identity(item: unknown): string {
  if (!isPlain(item)) return render(item);
  for (const k of ['id', 'name', 'label', 'title', 'place']) if (typeof item[k] === 'string') return item[k] as string;
  if (isPlain(item.department) && typeof item.department.name === 'string') return item.department.name;
  return render(item);
}

/** A list whose common items stand in another order: “环节顺序改为：预审 → 受理 → 决定”. */
export function reorder<T>(c: Changes, label: string, path: string[], m: Matched<T>, separator = '、'): void {
  if (!m.reordered) return;
  const [x, y] = [m.reordered.before.map(nameOf).join(separator), m.reordered.after.map(nameOf).join(separator)];
  c.changed(`${label}顺序改为：${y}`, [...path, '$order'], x, y);
}

/** Items of a list of texts gained or lost, and its order: “新增设定依据：…”, “删除送达方式：公告”. */
export function strings(
  c: Changes,
  label: string,
  path: string[],
  a: readonly unknown[],
  b: readonly unknown[],
  show: (v: unknown) => string = v => render(v)
): void {
  const m = match(a, b, v => show(v));
  for (const [k, v] of m.added) c.added(`新增${label}：${show(v)}`, [...path, k], show(v));
  for (const [k, v] of m.removed) c.removed(`删除${label}：${show(v)}`, [...path, k], show(v));
  reorder(c, label, path, m);
}

/** Compares two values of any shape under `label`, reporting each difference once. */
export function walk(c: Changes, path: string[], label: string, a: unknown, b: unknown, key?: string): void {
  if (same(a, b)) return;
  const show = (v: unknown) => render(v, key);
  if (a === undefined || b === undefined || isLimit(a) || isLimit(b) || isCondition(a) || isCondition(b))
    return isLimit(a) && isLimit(b)
      ? c.changed(`${label} ${L.limitChange(a, b)}`, path, show(a), show(b))
      : c.value(label, path, a, b, show);
  if (isPlain(a) && isPlain(b)) return rest(c, path, label, a, b, []);
  if (Array.isArray(a) && Array.isArray(b)) {
    if ([...a, ...b].every(x => !isPlain(x) && !Array.isArray(x))) return strings(c, label, path, a, b, show);
    const m = match(a, b, identity);
    for (const [k, v] of m.added) c.added(`新增${label}：${nameOf(k)}`, [...path, k], render(v));
    for (const [k, v] of m.removed) c.removed(`删除${label}：${nameOf(k)}`, [...path, k], render(v));
    for (const [k, x, y] of m.common) walk(c, [...path, k], `${label}“${nameOf(k)}”`, x, y);
    return reorder(c, label, path, m);
  }
  c.value(label, path, a, b, show);
}

/** The fields of two objects that the caller did not handle itself (`handled`), each compared with `walk`. */
export function rest(
  c: Changes,
  path: string[],
  label: string,
  a: object | undefined,
  b: object | undefined,
  handled: readonly string[]
): void {
  const x = (a ?? {}) as Record<string, unknown>;
  const y = (b ?? {}) as Record<string, unknown>;
  for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
    if (handled.includes(key) || (key === 'source' && (isSourceRange(x[key]) || isSourceRange(y[key])))) continue;
    walk(c, [...path, key], join(label, keyLabel(key)), x[key], y[key], key);
  }
}
