import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../runtime/src/testing/catalog.ts';
import {
  checkAnswer,
  checkAnswers,
  eligibilityMessage,
  holds,
  materialsFor,
  requiredUploads,
  unmetEligibility
} from './answers.ts';
import type { EligibilityRule, Field } from './matter.ts';

const { byName } = loadCatalog();
const hygiene = byName('公共场所卫生许可');
const today = '2026-10-12';
const field = (kind: Field['kind'], extra: Partial<Field> = {}): Field => ({
  name: '项',
  kind,
  required: true,
  source: { file: 'x', line: 1, column: 1, offset: 0, length: 1 } as never,
  ...extra
});

describe('answers', () => {
  it('reads what a form sends and what an API client sends, kind by kind', () => {
    expect(checkAnswer(field('number', { unit: '平方米' }), '1,200.5', today)).toEqual({ value: 1200.5 });
    expect(checkAnswer(field('number'), 12, today)).toEqual({ value: 12 });
    expect(checkAnswer(field('number', { unit: '人' }), '十二', today).error).toContain('单位：人');
    expect(checkAnswer(field('money'), '10.005', today).error).toContain('精确到分');
    expect(checkAnswer(field('yesNo'), '是', today)).toEqual({ value: true });
    expect(checkAnswer(field('yesNo'), false, today)).toEqual({ value: false });
    expect(checkAnswer(field('yesNo'), 'maybe', today).error).toBeDefined();
    expect(checkAnswer(field('choice', { options: ['甲', '乙'] }), '乙', today)).toEqual({ value: '乙' });
    expect(checkAnswer(field('choice', { options: ['甲', '乙'] }), '丙', today).error).toBeDefined();
    expect(checkAnswer(field('date'), '2026-02-29', today).error).toContain('有效日期');
    expect(checkAnswer(field('idNumber'), '11010519491231002x', today)).toEqual({ value: '11010519491231002X' });
    expect(checkAnswer(field('idNumber'), '110105194912310021', today).error).toContain('身份证');
    expect(checkAnswer(field('creditCode'), '91350100M000100Y43', today)).toEqual({ value: '91350100M000100Y43' });
    expect(checkAnswer(field('creditCode'), '91350100M000100Y44', today).error).toContain('信用代码');
    expect(checkAnswer(field('phone'), '138 0000 0000', today)).toEqual({ value: '13800000000' });
    expect(checkAnswer(field('phone'), '0592-5000001', today)).toEqual({ value: '0592-5000001' });
    expect(checkAnswer(field('phone'), '12345', today).error).toContain('手机');
    expect(checkAnswer(field('text'), 'x'.repeat(501), today).error).toContain('500');
    expect(checkAnswer(field('text'), '  ', today).error).toBe('请填写“项”');
    expect(checkAnswer(field('text', { required: false }), '', today)).toEqual({});
  });

  it("refuses a number below the field's minimum or above its maximum, naming the bound and the unit", () => {
    const area = field('number', { unit: '平方米', min: 10, max: 5000 });
    expect(checkAnswer(area, '10', today)).toEqual({ value: 10 });
    expect(checkAnswer(area, '9.5', today).error).toBe('“项”不能小于 10 平方米');
    expect(checkAnswer(area, 5001, today).error).toBe('“项”不能大于 5000 平方米');
    expect(checkAnswer(field('money', { max: 100 }), '100.01', today).error).toBe('“项”不能大于 100');
  });

  it('eligibility rules: a rule fails when its condition does not hold, only for the variant it applies to', () => {
    const source = { file: 'x', line: 1, column: 1, endLine: 1, endColumn: 2 };
    const adult: EligibilityRule = {
      name: '年满十八周岁',
      condition: { op: 'compare', field: '年龄', comparator: '>=', value: 18 },
      message: '申请人须年满 18 周岁',
      source
    };
    const storage: EligibilityRule = {
      name: '有储存设施',
      condition: { op: 'truthy', field: '有储存设施' },
      appliesWhen: { op: 'compare', field: '类别', comparator: '=', value: '危险化学品' },
      source
    };
    const definition = { eligibility: [adult, storage] };
    expect(unmetEligibility(definition, { 年龄: 20, 类别: '普通货物' })).toEqual([]);
    expect(unmetEligibility(definition, { 年龄: 17, 类别: '危险化学品', 有储存设施: false })).toEqual([adult, storage]);
    expect(unmetEligibility({}, {})).toEqual([]);
    expect(eligibilityMessage([adult, storage])).toBe(
      '不符合申请条件“年满十八周岁”（申请人须年满 18 周岁）、“有储存设施”，不能提交申请。'
    );
  });

  it('checks a whole form and refuses names the form does not have', () => {
    const result = checkAnswers(hygiene, { 单位名称: '某某宾馆', 营业面积: '二百', 不存在: 1 }, today);
    expect(result.answers.单位名称).toBe('某某宾馆');
    expect(result.errors.营业面积).toContain('数字');
    expect(result.errors.联系电话).toBe('请填写“联系电话”');
    expect(result.errors.不存在).toContain('没有');
  });

  it('conditions over answers', () => {
    expect(holds({ op: 'truthy', field: 'a' }, { a: true })).toBe(true);
    expect(holds({ op: 'truthy', field: 'a' }, { a: '否' })).toBe(false);
    expect(holds({ op: 'compare', field: 'n', comparator: '>=', value: 10 }, { n: '12' })).toBe(true);
    expect(holds({ op: 'compare', field: 'n', comparator: '>=', value: 10 }, {})).toBe(false);
    expect(
      holds({ op: 'not', operand: { op: 'compare', field: 's', comparator: '=', value: '甲' } }, { s: '乙' })
    ).toBe(true);
    expect(
      holds(
        { op: 'and', left: { op: 'truthy', field: 'a' }, right: { op: 'truthy', field: 'b' } },
        { a: true, b: false }
      )
    ).toBe(false);
  });

  it('the materials list changes with the answers: conditional materials, stand-ins and e-licences', () => {
    const need = (answers: Record<string, unknown>) =>
      Object.fromEntries(materialsFor(hygiene, answers).map(m => [m.material.id, m.need]));
    const plain = need({ 使用集中空调通风系统: false, 选择告知承诺: false });
    expect(plain).toMatchObject({
      申请表: 'required',
      身份证明: 'eLicence',
      检测报告: 'required',
      空调检测报告: 'notNeeded',
      管理制度: 'required',
      健康证明: 'later',
      承诺书: 'notNeeded'
    });
    const promised = need({ 使用集中空调通风系统: true, 选择告知承诺: true });
    expect(promised).toMatchObject({
      空调检测报告: 'required',
      承诺书: 'required',
      检测报告: 'notNeeded',
      管理制度: 'notNeeded'
    });
    expect(requiredUploads(hygiene, { 选择告知承诺: true }).map(m => m.id)).toEqual(['申请表', '平面图', '承诺书']);
  });

  it('an optional stand-in replaces its targets only once it is provided', () => {
    const withOptional = {
      materials: [
        { ...hygiene.materials[0]!, id: '报告', necessity: 'required' as const, replaces: [] },
        { ...hygiene.materials[0]!, id: '声明', necessity: 'optional' as const, replaces: ['报告'] }
      ]
    };
    expect(requiredUploads(withOptional, {}).map(m => m.id)).toEqual(['报告']);
    expect(requiredUploads(withOptional, {}, new Set(['声明'])).map(m => m.id)).toEqual([]);
  });
});
