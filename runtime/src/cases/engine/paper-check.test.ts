import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../testing/catalog.ts';
import { answersFor, company, citizen, Scenario, staff } from '../../testing/scenario.ts';
import { asRequired, paperFindings, paperToCheck, type PaperItem } from './paper-check.ts';

const { byName, calendar } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const window = staff('市住房和建设局', ['窗口'], '王窗口');
const materials = ['申请表', '用地批准', '施工合同', '资金承诺'];

function awaitingPaper() {
  return new Scenario(permit, calendar)
    .when('2026-09-28 10:00', citizen, {
      type: 'submit',
      caseId: 'c1',
      caseNumber: 'XM2026092800001',
      applicant: { ...company, goodRecord: false },
      channel: 'online',
      answers: answersFor(permit),
      materials
    })
    .when('2026-09-28 11:00', window, { type: 'passPreReview' })
    .expectStatus('awaitingPaper');
}

describe('the paper check, item by item', () => {
  it('covers the materials submitted that come on paper, as the guide asks for them; an electronic licence has none', () => {
    expect(paperToCheck(permit, { materials })).toEqual([
      { id: '申请表', title: '建筑工程施工许可证申请表', form: 'original', copies: 1 },
      { id: '施工合同', title: '建设工程施工合同', form: 'originalOrCopy', copies: 1 },
      { id: '资金承诺', title: '建设资金已经落实承诺书', form: 'original', copies: 1 }
    ]);
  });

  it('names each item that does not conform, in one sentence each', () => {
    const expected = paperToCheck(permit, { materials });
    const items: PaperItem[] = [
      { material: '申请表', form: 'copy', copies: 1, matchesUpload: true },
      { material: '施工合同', form: 'copy', copies: 1, matchesUpload: false },
      { material: '施工合同', form: 'copy', copies: 1, matchesUpload: true },
      { material: '监理合同', form: 'original', copies: 1, matchesUpload: true }
    ];
    expect(paperFindings(expected, items)).toEqual([
      '“建筑工程施工许可证申请表”应交原件，收到的是复印件',
      // The last item for a material counts; the duplicate is named below.
      '“建设资金已经落实承诺书”未核对',
      '“建设工程施工合同”核对了两次',
      '“监理合同”不是本办件提交的材料'
    ]);
    expect(
      paperFindings(expected, [{ material: '申请表', form: 'original', copies: 0, matchesUpload: true }])
    ).toContain('“建筑工程施工许可证申请表”应交 1 份，收到 0 份');
  });

  it('an original where a copy or either is asked conforms', () => {
    const expected = paperToCheck(permit, { materials });
    expect(paperFindings(expected, asRequired(expected))).toEqual([]);
    expect(
      paperFindings(
        [{ id: 'x', title: 'X', form: 'copy', copies: 2 }],
        [{ material: 'x', form: 'original', copies: 2, matchesUpload: true }]
      )
    ).toEqual([]);
  });

  it('a check that does not conform is refused with every finding, and the case keeps waiting for its paper', () => {
    const s = awaitingPaper();
    const refused = s.attempt('2026-09-29 10:00', window, {
      type: 'confirmPaper',
      items: [
        { material: '申请表', form: 'original', copies: 1, matchesUpload: false },
        { material: '施工合同', form: 'copy', copies: 1, matchesUpload: true }
      ]
    });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.rejection.code).toBe('paper.mismatch');
    expect(refused.rejection.message).toBe(
      '纸质材料核对不符：“建筑工程施工许可证申请表”纸质材料与网上提交的不一致；“建设资金已经落实承诺书”未核对。' +
        '请告知申请人补齐或更正后再核对；纸质材料与网上提交的不一致的，可依法不予受理。'
    );
    expect(s.state!.status).toBe('awaitingPaper');
  });

  it('a check that conforms is recorded item by item, with who checked it, and the case is ready for acceptance', () => {
    const items: PaperItem[] = [
      { material: '申请表', form: 'original', copies: 1, matchesUpload: true },
      { material: '施工合同', form: 'copy', copies: 2, matchesUpload: true, note: '另附补充协议' },
      { material: '资金承诺', form: 'original', copies: 1, matchesUpload: true }
    ];
    const s = awaitingPaper().when('2026-09-29 10:00', window, { type: 'confirmPaper', items });
    expect(s.state).toMatchObject({
      status: 'preReviewed',
      paper: 'confirmed',
      paperCheck: { by: '市住房和建设局 王窗口', items }
    });
  });

  it('without items, each material is recorded as the matter requires it', () => {
    const s = awaitingPaper().when('2026-09-29 10:00', window, { type: 'confirmPaper' });
    expect(s.state!.paperCheck!.items.map(i => `${i.material}:${i.form}:${i.copies}`)).toEqual([
      '申请表:original:1',
      '施工合同:original:1',
      '资金承诺:original:1'
    ]);
  });
});
