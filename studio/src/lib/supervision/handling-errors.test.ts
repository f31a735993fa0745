import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../api/client';
import { fieldErrors } from './handling-errors';

const labels = { to: '要求谁说明', workdays: '说明期限', question: '要求说明的问题' };

describe('a refused handling step, by the fields of its form', () => {
  it('puts each invalid field’s message by the field, named, once per field', () => {
    const problem = new ApiProblem(400, 'request.invalid', '请求内容有误：question不能为空', {
      issues: [
        { path: 'question', message: '不能为空' },
        { path: 'deadline.workdays', message: '取值无效' },
        { path: 'question', message: '不能超过 1000 个字' }
      ]
    });
    expect(fieldErrors(problem, labels, '没有成功')).toEqual({
      question: '要求说明的问题不能为空。',
      workdays: '说明期限取值无效。'
    });
  });

  it('puts the domain’s refusal by the field it concerns, in its own sentence', () => {
    const problem = new ApiProblem(400, 'supervision.unknown-post', '市住房和建设局没有人担任“科员”岗位。');
    expect(fieldErrors(problem, labels, '没有成功')).toEqual({ to: '市住房和建设局没有人担任“科员”岗位。' });
  });

  it('says at the top what concerns no field of the form, and a failure that is not the API’s', () => {
    const wrongState = new ApiProblem(409, 'supervision.wrong-state', '这条监察信息已回告办结，不能要求说明。');
    expect(fieldErrors(wrongState, labels, '没有成功')).toEqual({ top: '这条监察信息已回告办结，不能要求说明。' });
    const stray = new ApiProblem(400, 'request.invalid', '请求内容有误：不认识的字段', {
      issues: [{ path: '', message: '不认识的字段：“x”' }]
    });
    expect(fieldErrors(stray, labels, '没有成功')).toEqual({ top: '请求内容有误：不认识的字段' });
    expect(fieldErrors(new Error('boom'), labels, '要求说明没有成功，请重试。')).toEqual({
      top: '要求说明没有成功，请重试。'
    });
  });
});
