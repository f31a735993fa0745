import { describe, expect, it } from 'vitest';
import type { Field, Material } from '@banshi/definition';
import { carriedOverLines, carryOver } from './draft-carry-over.ts';

const source = { file: 'x.matter', line: 1, column: 1, endLine: 1, endColumn: 1 };
const field = (name: string, kind: Field['kind'], options?: string[]): Field => ({
  name,
  kind,
  required: true,
  ...(options ? { options } : {}),
  source
});
const material = (id: string, title: string): Material => ({
  id,
  title,
  necessity: 'required',
  origin: { kind: 'applicant' },
  replaces: [],
  source
});

const v1 = {
  form: [
    field('项目名称', 'text'),
    field('建筑面积', 'number'),
    field('涉及房屋征收', 'yesNo'),
    field('类型', 'choice', ['新建', '扩建'])
  ],
  materials: [material('申请表', '施工许可申请表'), material('征收进度', '房屋征收进度情况说明')]
};
const v2 = {
  form: [
    field('项目名称', 'text'),
    field('建筑面积', 'text'),
    field('类型', 'choice', ['新建']),
    field('项目负责人', 'text')
  ],
  materials: [material('申请表', '施工许可申请表'), material('安全承诺', '安全生产承诺书')]
};

describe("an applicant's draft carried over to a new version of the matter", () => {
  const draft = {
    answers: { 项目名称: '滨海大厦', 建筑面积: '1200', 涉及房屋征收: '是', 类型: '扩建' },
    materials: [
      { material: '申请表', fileId: 'a' },
      { material: '征收进度', fileId: 'b' }
    ]
  };
  const moved = carryOver(v1, v2, draft, { from: 1, to: 2 });

  it('keeps answers to fields still there with the same kind and an option still offered, and the files of materials still asked for', () => {
    expect(moved.answers).toEqual({ 项目名称: '滨海大厦' });
    expect(moved.materials).toEqual([{ material: '申请表', fileId: 'a' }]);
  });

  it('says what changed: fields added, removed and changed, materials added and no longer needed', () => {
    expect(moved.changes).toEqual({
      fromVersion: 1,
      toVersion: 2,
      addedFields: ['项目负责人'],
      removedFields: ['涉及房屋征收'],
      changedFields: ['建筑面积', '类型'],
      addedMaterials: ['安全生产承诺书'],
      removedMaterials: ['房屋征收进度情况说明'],
      droppedFiles: 1
    });
    expect(carriedOverLines(moved.changes)).toEqual([
      '新增填写项：“项目负责人”，请补充填写。',
      '不再需要填写：“涉及房屋征收”，您原来的填写已删去。',
      '填写要求有变化：“建筑面积”、“类型”，原来的填写已清空，请重新填写。',
      '新增材料：“安全生产承诺书”。',
      '不再需要的材料：“房屋征收进度情况说明”，为其上传的 1 个文件不再随申请提交。'
    ]);
  });

  it('tells the applicant nothing of theirs changed when the new version left the form and materials alone', () => {
    const same = carryOver(v1, v1, draft, { from: 1, to: 2 });
    expect(same.answers).toEqual(draft.answers);
    expect(carriedOverLines(same.changes)).toEqual(['您已填写的内容和上传的材料都不受影响。']);
  });
});
