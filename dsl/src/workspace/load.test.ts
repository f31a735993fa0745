import { describe, expect, it } from 'vitest';
import { departments, permit } from '../testing/fixtures.js';
import { loadWorkspace } from './load.js';

describe('a loaded workspace', () => {
  it('re-checks a file after its text changed, as an editor does on a keystroke', async () => {
    const uri = 'file:///w/permit.matter';
    const workspace = await loadWorkspace([
      { uri: 'file:///w/departments.matter', text: departments },
      { uri, text: permit }
    ]);

    const misspelt = await workspace.update(uri, permit.replace('  部门 市住房和建设局\n', '  部门 市住建局\n'));
    expect(workspace.diagnostics(misspelt).map(d => d.code)).toContain('link.unknown-department');

    const fixed = await workspace.update(uri, permit);
    expect(fixed.textDocument.getText()).toBe(permit);
    expect(workspace.diagnostics(fixed)).toEqual([]);
  });
});
