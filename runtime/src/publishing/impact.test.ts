import { describe, expect, it } from 'vitest';
import type { Definition } from '@banshi/definition';
import { loadCatalog } from '../testing/catalog.ts';
import { answersFor } from '../testing/scenario.ts';
import { draftChange, needsChange } from './impact.ts';

const permit = loadCatalog().byName('建筑工程施工许可证核发');
const [contract] = permit.materials.filter(m => m.id === '施工合同');
/** The next version: 联系人电话 gone, 工程监理单位 new and required, a safety commitment required, the contract kept. */
const next: Definition = {
  ...permit,
  form: [
    ...permit.form.filter(f => f.name !== '联系人电话'),
    { ...permit.form[0]!, name: '工程监理单位', kind: 'text', required: true }
  ],
  materials: [...permit.materials, { ...contract!, id: '安全承诺', title: '建设工程安全生产承诺书' }]
};

describe('what an applicant’s draft would have to change under a new version', () => {
  it('names answers to fields that are gone, new required fields unanswered and new required materials without a file', () => {
    const change = draftChange(permit, next, { answers: answersFor(permit), materials: [] });
    expect(change).toEqual({
      droppedAnswers: ['联系人电话'],
      newRequiredFields: ['工程监理单位'],
      newRequiredMaterials: ['建设工程安全生产承诺书']
    });
    expect(needsChange(change)).toBe(true);
  });

  it('carries over a draft that already fits: blank answers are not counted as dropped, files are kept by material', () => {
    const change = draftChange(permit, next, {
      answers: { 联系人电话: '  ', 工程监理单位: '厦门监理有限公司' },
      materials: [{ material: '安全承诺' }]
    });
    expect(change).toEqual({ droppedAnswers: [], newRequiredFields: [], newRequiredMaterials: [] });
    expect(needsChange(change)).toBe(false);
  });

  it('a version that changes nothing an applicant fills in asks nothing of any draft', () => {
    expect(needsChange(draftChange(permit, permit, { answers: answersFor(permit), materials: [] }))).toBe(false);
  });
});
