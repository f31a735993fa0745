/** The specification of a matter: one structure, rendered both as Matter and as TypeScript. */

export type Level = '省级' | '市级' | '县级';
export type LimitSpec = { amount: number; unit: '工作日' | '小时' } | '当日';
export type ConditionSpec =
  | { field: string; op?: string; value?: string | number | boolean }
  | { and: [ConditionSpec, ConditionSpec] }
  | { or: [ConditionSpec, ConditionSpec] }
  | { not: ConditionSpec };

export interface RegionSpec {
  name: string;
  code: string;
  level: Level;
  parent?: string;
  ident: string;
}

/** A base matter: `名称|类型|结果类型|结果名称`; 类型 L 许可, C 确认, P 公共服务, F 备案, A 年检, B 给付, R 奖励, O 其他. */
export type BaseMatter = string;

export interface DepartmentSpec {
  name: string;
  code: string;
  level: Level;
  region: string;
  slug: string;
  phone: string;
  complaintPhone: string;
  task: string;
  bases: BaseMatter[];
}
export interface FieldSpec {
  name: string;
  kind: string;
  unit?: string;
  options?: string[];
  required?: boolean;
}
export interface MaterialSpec {
  id: string;
  title?: string;
  template?: string;
  sample?: string;
  paper?: { form: '原件' | '复印件' | '原件或复印件'; copies?: number };
  paperSize?: 'A4' | 'A3';
  scan?: { maxPages?: number };
  necessity?: '必要' | '非必要' | '容缺后补';
  when?: ConditionSpec;
  source?:
    | { kind: '申请人自备' }
    | { kind: '电子证照'; licence: string; issuer?: string }
    | { kind: '中介机构'; provider?: string };
  replaces?: string[];
  note?: string;
}
export type StepSpec =
  | { kind: '预审' | '受理' | '决定'; by: string; limit: LimitSpec }
  | { kind: '审查' | '审核' | '复核'; label?: string; by: string; limit: LimitSpec }
  | { kind: '送达'; by?: string; limit: LimitSpec }
  | {
      kind: '并联';
      limit: LimitSpec;
      lead: string;
      coApprovers: Array<{ department: string; task?: string; limit?: LimitSpec }>;
    }
  | { kind: '初审'; department: string; limit: LimitSpec; steps: StepSpec[] };

export interface MatterSpec {
  name: string;
  code: string;
  localCode?: string;
  type: string;
  department: string;
  level: Level;
  basis: string[];
  conditions?: string;
  serviceObjects: string[];
  fees:
    | '无'
    | { items: Array<{ name: string; amount: number; basis: string; waivable?: boolean }>; onlinePayment?: boolean };
  places: string[];
  hours?: string;
  consultation: Array<{ kind: string; value?: string }>;
  complaint: Array<{ kind: string; value?: string }>;
  result?: {
    kind: '证照' | '批文' | '其他';
    name: string;
    validity?: { amount: number; unit: '年' | '个月' | '日' } | '长期';
    sample?: string;
  };
  visits: { count: number; reason?: string };
  onlineDepth: '一级' | '二级' | '三级' | '四级';
  paper: '无需' | { how: '现场提交' | '邮寄' | '现场提交或邮寄'; goodRecordFirst?: boolean };
  form: FieldSpec[];
  materials: MaterialSpec[];
  submission: string[];
  delivery: string[];
  limits: { legal: LimitSpec; legalBasis?: string; promised: LimitSpec; extension?: LimitSpec };
  steps: StepSpec[];
  special?: Array<{ kind: string; max?: LimitSpec; basis?: string }>;
  supervision?: { warningBefore?: LimitSpec; correctionRounds?: number };
  inspection?: {
    modes: Array<{ kind: '书面' | '实地'; limit?: LimitSpec }>;
    joint: string[];
    window: [string, string];
    conclusions: string[];
    stages: Array<{ name: string; due?: string; limit?: LimitSpec }>;
  };
  declaration?: { period: string; due?: { date: string } | { daysAfterPeriod: number }; commitment: string };
}
