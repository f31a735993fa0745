import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkspace } from '../workspace/load.js';
import { copyOfMatter, levelOfCode, matterTemplate, templateKinds } from './templates.js';

const catalog = join(import.meta.dirname, '../../../catalog');
/** The real catalogue's departments, regions, calendars and supervision defaults: what a new matter links to. */
const shared = [
  'departments.matter',
  'supervision.matter',
  ...readdirSync(join(catalog, 'calendars')).map(f => `calendars/${f}`)
]
  .filter(f => f.endsWith('.matter'))
  .map(f => ({ uri: `file:///catalog/${f}`, text: readFileSync(join(catalog, f), 'utf8') }));

const facts = {
  name: '城市建筑垃圾处置核准',
  code: '11350200003650121J300011799900001',
  department: '市住房和建设局',
  consultationPhone: '0592-5023601',
  complaintPhone: '0592-5023690'
};

async function problems(text: string) {
  const workspace = await loadWorkspace([...shared, { uri: 'file:///catalog/housing-construction/new.matter', text }]);
  const document = workspace.document('file:///catalog/housing-construction/new.matter')!;
  return (document.diagnostics ?? []).map(
    d => `${d.severity === 1 ? 'error' : 'warning'} ${d.range.start.line + 1}: ${d.message}`
  );
}

describe('matter templates', () => {
  it.each(templateKinds.map(t => t.kind))('the %s template checks without errors in the real catalogue', async kind => {
    const text = matterTemplate(kind, facts);
    expect(text).toContain('事项 城市建筑垃圾处置核准 {');
    expect((await problems(text)).filter(p => p.startsWith('error'))).toEqual([]);
  });

  it('a name that is not a plain word is quoted, and quotes typed in it are dropped', () => {
    const text = matterTemplate('filing', { ...facts, name: '排水许可 "变更"' });
    expect(text).toContain('事项 "排水许可 变更" {');
  });

  it('the level follows the code (its 19th character)', () => {
    expect(levelOfCode('11350200003650121J300011799900001')).toBe('市级');
    expect(levelOfCode('11350000003650121J200011799900001')).toBe('省级');
  });

  it('a copy takes the new name, code and level and keeps the rest', async () => {
    const original = readFileSync(join(catalog, 'housing-construction/construction-permit.matter'), 'utf8');
    const copy = copyOfMatter(original, { name: '建筑工程施工许可证变更', code: facts.code });
    expect(copy).toContain('事项 建筑工程施工许可证变更 {');
    expect(copy).toContain(`编码 "${facts.code}"`);
    expect(copy.split('\n').length).toBe(original.split('\n').length);
    expect((await problems(copy)).filter(p => p.startsWith('error'))).toEqual([]);
  });
});
