import type { Condition } from './condition.ts';
import { isRealDate, isValidCreditCode, isValidIdNumber } from './identifiers.ts';
import type { Definition, EligibilityRule, Field, Material } from './matter.ts';

/**
 * The rules of an application form's answers, one module for the server (the API, the hall's pages, the engine)
 * and the browser (the hall's script bundles it): what the server refuses, the page refuses as you type.
 */

export type Answer = string | number | boolean;
export type AnswerMap = Record<string, unknown>;

/** Longest text a field takes; an address a little less than free text. */
const maxText = { text: 500, address: 200 } as const;
const mobile = /^1[3-9]\d{9}$/;
const landline = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;

/** What a blank looks like: absent, empty, only spaces. */
export const isBlank = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * One answer, read from what a form sent (text) or an API client sent (typed JSON), checked for its kind.
 * Returns the stored value, or the message saying what is wrong (in Chinese, naming the field).
 */
export function checkAnswer(field: Field, raw: unknown, today: string): { value?: Answer; error?: string } {
  if (isBlank(raw)) return field.required ? { error: `请填写“${field.name}”` } : {};
  const text = typeof raw === 'string' ? raw.trim() : raw;
  switch (field.kind) {
    case 'number':
    case 'money': {
      const n =
        typeof text === 'number'
          ? text
          : typeof text === 'string' && /^-?\d+(\.\d+)?$/.test(text.replace(/,/g, ''))
            ? Number(text.replace(/,/g, ''))
            : NaN;
      if (!Number.isFinite(n))
        return { error: `“${field.name}”请填写数字${field.unit ? `（单位：${field.unit}）` : ''}` };
      if (n < 0) return { error: `“${field.name}”不能是负数` };
      if (n > 1e12) return { error: `“${field.name}”数值过大` };
      const unit = field.unit ? ` ${field.unit}` : '';
      if (field.min !== undefined && n < field.min) return { error: `“${field.name}”不能小于 ${field.min}${unit}` };
      if (field.max !== undefined && n > field.max) return { error: `“${field.name}”不能大于 ${field.max}${unit}` };
      if (field.kind === 'money' && Math.round(n * 100) !== n * 100)
        return { error: `“${field.name}”最多精确到分（两位小数）` };
      return { value: n };
    }
    case 'yesNo': {
      if (text === true || text === 'true' || text === '是' || text === 'yes') return { value: true };
      if (text === false || text === 'false' || text === '否' || text === 'no') return { value: false };
      return { error: `请选择“${field.name}”：是或否` };
    }
    case 'choice': {
      if (typeof text !== 'string' || !(field.options ?? []).includes(text))
        return { error: `“${field.name}”请从给出的选项中选择` };
      return { value: text };
    }
    case 'date': {
      if (typeof text !== 'string' || !isRealDate(text))
        return { error: `“${field.name}”请填写有效日期，例如 2026-10-01` };
      return { value: text };
    }
    case 'idNumber': {
      const id = typeof text === 'string' ? text.toUpperCase() : '';
      if (!isValidIdNumber(id, today))
        return { error: `“${field.name}”不是有效的 18 位居民身份证号码，请核对（末位校验码不符或出生日期无效）` };
      return { value: id };
    }
    case 'creditCode': {
      const code = typeof text === 'string' ? text.toUpperCase() : '';
      if (!isValidCreditCode(code)) return { error: `“${field.name}”不是有效的 18 位统一社会信用代码，请核对` };
      return { value: code };
    }
    case 'phone': {
      const phone = typeof text === 'string' ? text.replace(/\s/g, '') : '';
      if (!mobile.test(phone) && !landline.test(phone))
        return { error: `“${field.name}”请填写 11 位手机号码或带区号的固定电话，例如 0592-5000001` };
      return { value: phone };
    }
    case 'text':
    case 'address': {
      if (typeof text !== 'string') return { error: `“${field.name}”请填写文字` };
      if ([...text].length > maxText[field.kind])
        return { error: `“${field.name}”不能超过 ${maxText[field.kind]} 个字` };
      return { value: text };
    }
  }
}

/** Every answer of a form checked: the values to store and the errors by field name. Unknown names are refused. */
export function checkAnswers(
  definition: Pick<Definition, 'form'>,
  answers: AnswerMap,
  today: string
): { answers: Record<string, Answer>; errors: Record<string, string> } {
  const values: Record<string, Answer> = {};
  const errors: Record<string, string> = {};
  for (const field of definition.form) {
    const checked = checkAnswer(field, answers[field.name], today);
    if (checked.error) errors[field.name] = checked.error;
    else if (checked.value !== undefined) values[field.name] = checked.value;
  }
  const known = new Set(definition.form.map(f => f.name));
  for (const name of Object.keys(answers)) if (!known.has(name)) errors[name] = `本事项的申请表没有“${name}”这一项`;
  return { answers: values, errors };
}

/** Whether a condition over the answers holds (answers as stored: numbers, booleans, text). */
export function holds(condition: Condition, answers: AnswerMap): boolean {
  switch (condition.op) {
    case 'and':
      return holds(condition.left, answers) && holds(condition.right, answers);
    case 'or':
      return holds(condition.left, answers) || holds(condition.right, answers);
    case 'not':
      return !holds(condition.operand, answers);
    case 'truthy': {
      const value = answers[condition.field];
      return (
        value === true ||
        value === 'true' ||
        value === '是' ||
        (typeof value === 'number' && value !== 0) ||
        (typeof value === 'string' && value !== '' && value !== 'false' && value !== '否')
      );
    }
    case 'compare': {
      const value = normalise(answers[condition.field], condition.value);
      if (value === undefined) return false;
      switch (condition.comparator) {
        case '=':
          return value === condition.value;
        case '!=':
          return value !== condition.value;
        case '>':
          return value > condition.value;
        case '>=':
          return value >= condition.value;
        case '<':
          return value < condition.value;
        case '<=':
          return value <= condition.value;
      }
    }
  }
}

/**
 * The eligibility rules (申请条件) these answers fail, in the order written: a rule counts only where its
 * `appliesWhen` holds (its variant), and fails when its condition does not hold.
 */
export function unmetEligibility(definition: Pick<Definition, 'eligibility'>, answers: AnswerMap): EligibilityRule[] {
  return (definition.eligibility ?? []).filter(
    rule => (!rule.appliesWhen || holds(rule.appliesWhen, answers)) && !holds(rule.condition, answers)
  );
}

/** What the applicant reads when an application fails eligibility rules: each rule by name, with its requirement. */
export function eligibilityMessage(unmet: readonly EligibilityRule[]): string {
  const each = unmet.map(rule => `“${rule.name}”${rule.message ? `（${rule.message}）` : ''}`);
  return `不符合申请条件${each.join('、')}，不能提交申请。`;
}

/** A form's text read as the type the condition compares with. */
function normalise(value: unknown, like: string | number | boolean): string | number | boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof like === 'number') {
    const n = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  if (typeof like === 'boolean') return value === true || value === 'true' || value === '是';
  return String(value);
}

export type MaterialNeed =
  /** Must be provided with the application. */
  | 'required'
  /** May be provided; the application goes on without it. */
  | 'optional'
  /** May follow later (容缺后补): accepted first, provided before the decision. */
  | 'later'
  /** Not needed with these answers (its condition does not hold, or another material stands in for it). */
  | 'notNeeded'
  /** Held as an electronic licence: the department fetches it; the applicant provides nothing. */
  | 'eLicence'
  /** Filled in online (在线填报): nothing to upload or bring (office-audit 22). */
  | 'online';

export interface MaterialWithNeed {
  material: Material;
  need: MaterialNeed;
  /** Why, when it is not needed or stood in for. */
  because?: string;
}

/**
 * The materials list as it stands for these answers: conditional materials needed when their condition holds; a
 * material standing in for others (a commitment letter for a test report) makes those not needed — an optional
 * stand-in only when `provided` holds it; e-licences are fetched, not asked for.
 */
export function materialsFor(
  definition: Pick<Definition, 'materials'>,
  answers: AnswerMap,
  provided: ReadonlySet<string> = new Set()
): MaterialWithNeed[] {
  const applies = (m: Material) => m.necessity !== 'conditional' || (m.condition ? holds(m.condition, answers) : true);
  // A stand-in that must be provided replaces its targets; one the applicant may provide, only once provided.
  const standsIn = (m: Material) =>
    applies(m) && (m.necessity === 'required' || m.necessity === 'conditional' || provided.has(m.id));
  const standIns = new Map<string, Material>();
  for (const m of definition.materials) if (standsIn(m)) for (const replaced of m.replaces) standIns.set(replaced, m);
  return definition.materials.map(material => {
    if (!applies(material)) return { material, need: 'notNeeded' as const, because: '根据您填写的申请表，无需提交' };
    const standIn = standIns.get(material.id);
    if (standIn) return { material, need: 'notNeeded' as const, because: `已由“${standIn.title}”代替` };
    if (material.origin.kind === 'eLicence')
      return {
        material,
        need: 'eLicence' as const,
        because: `通过电子证照库调取“${material.origin.licence}”，无需上传`
      };
    if (material.origin.kind === 'onlineForm')
      return { material, need: 'online' as const, because: '在网上填写即成，无需上传附件' };
    const need: MaterialNeed =
      material.necessity === 'conditional' || material.necessity === 'required' ? 'required' : material.necessity;
    return { material, need };
  });
}

/** The materials an online application must carry files for, by id. */
export function requiredUploads(
  definition: Pick<Definition, 'materials'>,
  answers: AnswerMap,
  provided: ReadonlySet<string> = new Set()
): Material[] {
  return materialsFor(definition, answers, provided)
    .filter(m => m.need === 'required')
    .map(m => m.material);
}
