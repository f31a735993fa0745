import { describe, expect, it } from 'vitest';
import { timeline } from '../cases/index.ts';
import { at, loadCatalog } from '../testing/catalog.ts';
import { answersFor, citizen, company, Scenario, staff } from '../testing/scenario.ts';
import { manifestBytes, parseManifest, retentionOf, sm3Hex } from './manifest.ts';
import { composeManifest, packageFiles, safeName, type CaseRecord } from './package.ts';

const { byName, calendar } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const housing = '市住房和建设局';
const window = staff(housing, ['窗口'], '王窗口');

/** A construction-permit application refused at intake (不予受理), as the engine records it. */
function refusedRecord(): CaseRecord {
  const s = new Scenario(permit, calendar)
    .when('2026-09-28 10:00', citizen, {
      type: 'submit',
      caseId: 'c1',
      caseNumber: 'XM2026092800001',
      applicant: company,
      channel: 'online',
      answers: answersFor(permit),
      materials: ['申请表']
    })
    .when('2026-09-28 11:00', window, { type: 'passPreReview' })
    .when('2026-09-28 11:00', window, { type: 'confirmPaper' })
    .when('2026-09-29 09:30', window, { type: 'refuse', reasons: '申请事项依法不需要取得行政许可' });
  const events = s.events.map((event, i) => ({ seq: i + 1, event }));
  const labelled = timeline(events, 'staff');
  return {
    caseId: 'c1',
    caseNumber: 'XM2026092800001',
    department: housing,
    applicantIdentifier: '91350100M000100Y43',
    status: 'refused',
    state: s.state!,
    definition: permit,
    events: events.map((e, i) => ({ ...e, label: labelled[i]!.label, by: labelled[i]!.by })),
    materials: [
      {
        id: 'f1',
        material: '申请表',
        name: '申请表/第1页?.pdf',
        mediaType: 'application/pdf',
        round: 0,
        bytes: new TextEncoder().encode('%PDF-1.4 申请表')
      }
    ],
    notices: [
      { kind: 'receipt', title: '申请材料收件回执', issuedAt: '2026-09-28T02:00:00.000Z', lines: ['已收到。'] },
      { kind: 'refusal', title: '不予受理通知书', issuedAt: '2026-09-29T01:30:00.000Z', lines: ['不予受理。'] }
    ]
  };
}

describe('the archive package of a closed case (GB/T 18894-2016 归档信息包)', () => {
  it('a refused case: application, material, notices, record and the refusal; no delivery, no licence', () => {
    const files = packageFiles(refusedRecord());
    expect(files.map(f => [f.role, f.path])).toEqual([
      ['application', '01-申请信息/申请.json'],
      ['application', '01-申请信息/申请表.txt'],
      ['material', '02-申请材料/第0轮/01-申请表-申请表_第1页_.pdf'],
      ['notice', '03-告知书与回执/01-申请材料收件回执.json'],
      ['notice', '03-告知书与回执/01-申请材料收件回执.txt'],
      ['notice', '03-告知书与回执/02-不予受理通知书.json'],
      ['notice', '03-告知书与回执/02-不予受理通知书.txt'],
      ['record', '04-审批记录/办理过程.json'],
      ['record', '04-审批记录/审查意见.txt'],
      ['decision', '05-审批决定/不予受理.json']
    ]);
    const opinions = new TextDecoder().decode(files.find(f => f.path.endsWith('审查意见.txt'))!.bytes);
    expect(opinions).toContain('理由：申请事项依法不需要取得行政许可');
  });

  it('the manifest names every file by SM3, size and role, with the case’s metadata and a 10-year retention', () => {
    const record = refusedRecord();
    const files = packageFiles(record);
    const manifest = composeManifest(record, files, at('2026-09-30 10:00'));
    expect(manifest.files).toHaveLength(files.length);
    for (const [i, f] of files.entries())
      expect(manifest.files[i]).toMatchObject({ path: f.path, size: f.bytes.byteLength, sm3: sm3Hex(f.bytes) });
    expect(manifest.metadata).toMatchObject({
      档号: `${housing}-2026-定期10年-XM2026092800001`,
      保管期限: '定期10年',
      outcome: 'refused',
      outcomeLabel: '不予受理',
      applicant: { identifier: '91350100M000100Y43' },
      dates: { receivedAt: '2026-09-28T02:00:00.000Z', closedAt: '2026-09-29T01:30:00.000Z', acceptedAt: null }
    });
    // What is sealed reads back as the same manifest.
    expect(parseManifest(manifestBytes(manifest))).toEqual(manifest);
  });

  it('SM3 is GB/T 32905’s (the standard’s “abc” example)', () => {
    expect(sm3Hex(new TextEncoder().encode('abc'))).toBe(
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'
    );
  });

  it('retention: 30 years for an approval, 10 otherwise; file names keep Chinese and lose separators', () => {
    expect(retentionOf('approved').period).toBe('定期30年');
    expect(retentionOf('withdrawn').period).toBe('定期10年');
    expect(safeName('../营业执照:副本*.pdf')).toBe('__营业执照_副本_.pdf');
  });
});
