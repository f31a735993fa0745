import { describe, expect, it } from 'vitest';
import { addresseeOf, addresseeText, ruleText } from './event-labels';

describe('a supervision event in words', () => {
  it('names the limit a deadline card was raised on, from its key', () => {
    expect(ruleText('redCard', 'redCard:legal:1790000000000')).toBe('超过法定办结时限');
    expect(ruleText('yellowCard', 'yellowCard:step:review:1790000000000')).toBe('超过环节时限');
    expect(ruleText('warning', 'warning:promised:1790000000000')).toBe('承诺办结时限即将到期');
    expect(ruleText('redCard', '', '办件 1135… 超过法定办结时限，亮红牌：请立即纠正并报告。')).toBe('超过法定办结时限');
    expect(ruleText('yellowCard', '')).toBe('超过办理时限');
  });

  it('names the anomalies and the cards of requests, and shows an unknown rule as it is', () => {
    expect(ruleText('wrongRole', 'wrongRole:3')).toBe('非本岗位人员办理');
    expect(ruleText('overdueUnexplained', 'overdueUnexplained:1')).toBe('超期未向申请人说明原因和新时限');
    expect(ruleText('explanationOverdue', 'explanationOverdue')).toBe('监察说明超过期限');
    expect(ruleText('somethingNew', 'x')).toBe('somethingNew');
  });

  it('reads whom a record holds responsible, and ignores what is not a person or a post', () => {
    expect(addresseeText(addresseeOf({ role: '承办人' }))).toBe('承办人岗位');
    expect(addresseeText(addresseeOf({ role: '承办人', person: { id: 'u1', name: '陈承办' } }))).toBe(
      '陈承办（承办人）'
    );
    expect(addresseeText(addresseeOf({ person: { id: 'u1', name: '陈承办' } }))).toBe('陈承办');
    expect(addresseeText(addresseeOf(undefined))).toBe('—');
    expect(addresseeOf({ role: 3, person: { name: '无编号' } })).toEqual({});
  });
});
