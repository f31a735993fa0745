import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../testing/catalog.ts';
import { answersFor, citizen, company, Scenario, staff } from '../../testing/scenario.ts';
import { caseNumber, notices } from './notices.ts';

const { byName, calendar } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const window = staff('市住房和建设局', ['窗口']);

describe('the written notices a case produces', () => {
  it("a receipt, the one-time correction notice listing everything, the refusal with reasons and the applicant's remedies", () => {
    const s = new Scenario(permit, calendar)
      .when('2026-09-28 10:00', citizen, {
        type: 'submit',
        caseId: 'c',
        caseNumber: 'XM1',
        applicant: company,
        channel: 'online',
        answers: answersFor(permit),
        materials: ['申请表']
      })
      .when('2026-09-28 11:00', window, { type: 'requestCorrection', items: ['申请表缺少盖章', '缺施工合同'] })
      .when('2026-09-29 09:00', citizen, { type: 'resubmit', materials: ['施工合同'] })
      .when('2026-09-29 10:00', window, { type: 'passPreReview' })
      .when('2026-09-29 10:00', window, { type: 'confirmPaper' })
      .when('2026-09-29 11:00', window, { type: 'refuse', reasons: '项目不属于本机关管辖' });
    const list = notices(permit, s.state!);
    expect(list.map(n => n.title)).toEqual(['申请材料收件回执', '补正材料通知书', '不予受理通知书']);
    expect(list[0]!.lines[0]).toBe(
      '您的申请已于 2026年9月28日 10:00 收到，统一审批编码为 XM1，凭此编码可查询办理进度。'
    );
    expect(list[1]!.lines).toEqual(['请一次性补正以下全部内容后重新提交：', '1. 申请表缺少盖章', '2. 缺施工合同']);
    expect(list[2]!.lines).toEqual([
      '理由：项目不属于本机关管辖',
      '如不服本决定，可以依法申请行政复议或者提起行政诉讼。'
    ]);
  });

  it("case numbers carry the implementer, the day of receipt in Shanghai and the store's sequence", () => {
    expect(caseNumber(permit, Date.parse('2026-09-27T17:00:00Z'), 42)).toBe(`${permit.department.code}20260928000042`);
  });
});
