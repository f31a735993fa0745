import { describe, expect, it } from 'vitest';
import { documentDate, maskedIdentifier, maskedName } from './masking.ts';

describe('what the public verification page shows of a holder', () => {
  it('a person by the first character of the name; an organisation by its registered name', () => {
    expect(maskedName('张三', 'person')).toBe('张*');
    expect(maskedName('欧阳小明', 'person')).toBe('欧***');
    expect(maskedName('李', 'person')).toBe('*');
    expect(maskedName('厦门市示例建设有限公司', 'organisation')).toBe('厦门市示例建设有限公司');
  });

  it('an ID number or credit code by its last four characters only', () => {
    expect(maskedIdentifier('11010519491231002X')).toBe('**************002X');
    expect(maskedIdentifier('91350100M000100Y43')).toBe('**************0Y43');
    expect(maskedIdentifier('123')).toBe('***');
    expect(maskedIdentifier(null)).toBeUndefined();
  });

  it('dates as a document writes them', () => {
    expect(documentDate('2026-09-28')).toBe('2026年9月28日');
  });
});
