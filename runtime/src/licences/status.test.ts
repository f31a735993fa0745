import { describe, expect, it } from 'vitest';
import { exampleMatter } from '../testing/examples.ts';
import { loadCatalog } from '../testing/catalog.ts';
import { libraryMaterials, licenceAction, statusOn } from './status.ts';

const { byName } = loadCatalog();

describe('what an approval does to the e-licence library', () => {
  it('a matter whose result is a licence issues one', () => {
    expect(licenceAction(byName('建筑工程施工许可证核发'))).toEqual({ kind: 'issue', name: '建筑工程施工许可证' });
  });

  it('a 延期 matter applied for against a licence (每证限办) extends that licence', () => {
    const extension = exampleMatter('建筑工程施工许可延期申请');
    expect(licenceAction(extension)).toEqual({ kind: 'extend', licence: '建筑工程施工许可证' });
    expect(libraryMaterials(extension)).toEqual([
      {
        material: 'licence:建筑工程施工许可证',
        title: '建筑工程施工许可证',
        licence: '建筑工程施工许可证',
        purpose: 'subject'
      }
    ]);
  });

  it('a 变更 matter taking its own licence as a material changes it', () => {
    expect(licenceAction(exampleMatter('食品经营许可变更'))).toEqual({ kind: 'change', licence: '食品经营许可证' });
  });

  it('a matter yielding a document only leaves the library alone', () => {
    expect(licenceAction({ ...byName('建筑工程施工许可证核发'), result: undefined })).toBeUndefined();
  });
});

describe('a licence’s status on a day', () => {
  it('is expired after its last day, unless revoked', () => {
    expect(statusOn('valid', '2027-01-11', '2027-01-11')).toBe('valid');
    expect(statusOn('extended', '2027-01-11', '2027-01-12')).toBe('expired');
    expect(statusOn('revoked', '2027-01-11', '2027-01-12')).toBe('revoked');
    expect(statusOn('changed', undefined, '2099-01-01')).toBe('changed');
  });
});
