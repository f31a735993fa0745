// The type library of the TypeScript peer, which render-typescript.ts copies to ts/types.ts without the lines that
// start with `//`: these notes, and the prettier-ignore marks that keep the peer's long lines as they are.
export type Level = '国家级' | '省级' | '市级' | '县级' | '乡级' | '村级';
export type RoleName = '窗口' | '承办人' | '处室负责人' | '分管领导';
// prettier-ignore
export interface Region { readonly name: string; readonly code: string; readonly level: Level; readonly parent?: Region }
// prettier-ignore
export interface Role { readonly name: RoleName; readonly title?: string }
// prettier-ignore
export interface Phone { readonly purpose?: '咨询' | '投诉'; readonly number: string }
export interface Department {
  readonly name: string;
  readonly code: string;
  readonly region: Region;
  readonly level: Level;
  readonly roles: readonly Role[];
  readonly phones: readonly Phone[];
}
export type Limit = { readonly amount: number; readonly unit: '工作日' | '小时' } | '当日';
// prettier-ignore
export type MatterType = '行政许可' | '行政处罚' | '行政强制' | '行政征收' | '行政给付' | '行政检查' | '行政确认' | '行政奖励'
  | '行政裁决' | '其他行政权力' | '公共服务' | '审核转报' | '备案' | '年检';
// prettier-ignore
export type ServiceObject = '自然人' | '企业法人' | '事业法人' | '社会组织法人' | '非法人企业' | '行政机关' | '其他组织';
// prettier-ignore
export type FieldKind = '文本' | '数字' | '金额' | '日期' | '选项' | '是否' | '身份证号' | '统一社会信用代码' | '地址' | '电话';
export interface Field<F extends string> {
  readonly name: F;
  readonly kind: FieldKind;
  readonly unit?: string;
  readonly options?: readonly string[];
  readonly required?: boolean;
}
// prettier-ignore
export type Condition<F extends string> =
  | { readonly field: F; readonly op?: '=' | '!=' | '>' | '>=' | '<' | '<='; readonly value?: string | number | boolean }
  | { readonly and: readonly [Condition<F>, Condition<F>] }
  | { readonly or: readonly [Condition<F>, Condition<F>] }
  | { readonly not: Condition<F> };
export type MaterialSource =
  | { readonly kind: '申请人自备' }
  | { readonly kind: '电子证照'; readonly licence: string; readonly issuer?: Department }
  | { readonly kind: '中介机构'; readonly provider?: string };
export interface Material<F extends string, M extends string> {
  readonly id: M;
  readonly title?: string;
  readonly template?: string;
  readonly sample?: string;
  readonly paper?: { readonly form: '原件' | '复印件' | '原件或复印件'; readonly copies?: number };
  readonly paperSize?: 'A4' | 'A3';
  readonly scan?: { readonly maxPages?: number };
  readonly necessity?: '必要' | '非必要' | '容缺后补';
  /** Links to the matter's own form fields, as the Matter language's `当` does. */
  readonly when?: Condition<NoInfer<F>>;
  readonly source?: MaterialSource;
  /** Links to the matter's own materials, as `代替` does. */
  readonly replaces?: readonly NoInfer<M>[];
  readonly note?: string;
}
// prettier-ignore
export type Step =
  | { readonly kind: '预审' | '受理' | '决定'; readonly by: RoleName; readonly limit: Limit }
  | { readonly kind: '审查' | '审核' | '复核'; readonly label?: string; readonly by: RoleName; readonly limit: Limit }
  | { readonly kind: '送达'; readonly by?: RoleName; readonly limit: Limit }
  | {
    readonly kind: '并联';
    readonly limit: Limit;
    readonly lead: Department;
    readonly coApprovers: readonly { readonly department: Department; readonly task?: string; readonly limit?: Limit }[];
  }
  | { readonly kind: '初审'; readonly department: Department; readonly limit: Limit; readonly steps: readonly Step[] };
// prettier-ignore
export interface Channel { readonly kind: '电话' | '网上' | '现场' | '信函' | '邮箱'; readonly value?: string }
export type Mode = '现场' | '快递' | '网上';
// prettier-ignore
export interface Matter<F extends string, M extends string> {
  readonly name: string;
  readonly code: string;
  readonly localCode?: string;
  readonly type: MatterType;
  readonly department: Department;
  readonly level: Level;
  readonly basis: readonly string[];
  readonly conditions?: string;
  readonly serviceObjects: readonly ServiceObject[];
  readonly fees: '无' | {
    readonly items: readonly { readonly name: string; readonly amount: number; readonly basis: string; readonly waivable?: boolean }[];
    readonly onlinePayment?: boolean;
  };
  readonly places: readonly string[];
  readonly hours?: string;
  readonly consultation: readonly Channel[];
  readonly complaint: readonly Channel[];
  readonly result?: {
    readonly kind: '证照' | '批文' | '其他';
    readonly name: string;
    readonly validity?: { readonly amount: number; readonly unit: '年' | '个月' | '日' } | '长期';
    readonly sample?: string;
  };
  readonly visits: { readonly count: number; readonly reason?: string };
  readonly onlineDepth: '一级' | '二级' | '三级' | '四级';
  readonly paper: '无需' | { readonly how: '现场提交' | '邮寄' | '现场提交或邮寄'; readonly goodRecordFirst?: boolean };
  readonly form: readonly Field<F>[];
  readonly materials: readonly Material<F, M>[];
  readonly submission: readonly Mode[];
  readonly delivery: readonly (Mode | '公告')[];
  readonly limits: { readonly legal: Limit; readonly legalBasis?: string; readonly promised: Limit; readonly extension?: Limit };
  readonly steps: readonly Step[];
  readonly special?: readonly { readonly kind: '听证' | '招标' | '拍卖' | '检验' | '检测' | '检疫' | '鉴定' | '专家评审' | '公示'; readonly max?: Limit; readonly basis?: string }[];
  readonly supervision?: { readonly warningBefore?: Limit; readonly correctionRounds?: number };
  readonly inspection?: {
    readonly modes: readonly { readonly kind: '书面' | '实地'; readonly limit?: Limit }[];
    readonly joint: readonly Department[];
    readonly window: readonly [string, string];
    readonly conclusions: readonly ('合格' | '基本合格' | '不合格')[];
    readonly stages: readonly { readonly name: string; readonly due?: string; readonly limit?: Limit }[];
  };
  readonly declaration?: {
    readonly period: '每年' | '每半年' | '每季度' | '每月';
    readonly due?: { readonly date: string } | { readonly daysAfterPeriod: number };
    readonly commitment: string;
  };
}
/** Field names and material ids are inferred from the form and the materials; conditions and replacements must use them. */
export function defineMatter<const F extends string, const M extends string>(matter: Matter<F, M>): Matter<F, M> {
  return matter;
}
