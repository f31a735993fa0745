import { describe, expect, it } from 'vitest';
import { matterSource } from '../../testing/catalogue-sources.ts';
import { SourceDiff } from './schema.ts';
import { diffSources } from './sources.ts';

const permit = matterSource('housing-construction/construction-permit.matter');
const lines = permit.split('\n');

/** The text of each side put back together from the hunks: the diff must cover both files whole. */
const side = (diff: SourceDiff, which: 'old' | 'new') =>
  diff.hunks.flatMap(h => h.rows.flatMap(r => (r[which] ? [r[which]] : [])));

describe('the line diff of two sources, side by side', () => {
  it('is one unchanged run for the same text, whatever its line endings', () => {
    const diff = diffSources(permit, permit.replace(/\n/g, '\r\n').replace(/\r\n$/, ''));
    expect(diff.linesAdded + diff.linesRemoved).toBe(0);
    expect(diff.hunks).toHaveLength(1);
    expect(diff.hunks[0]).toMatchObject({ unchanged: true, oldStart: 1, newStart: 1, oldLines: lines.length - 1 });
  });

  it('pairs a changed line with its replacement, numbered on each side, between unchanged runs', () => {
    const promised = lines.indexOf('  时限 法定 20 工作日 承诺 7 工作日') + 1;
    const after = permit
      .replace('  时限 法定 20 工作日 承诺 7 工作日', '  时限 法定 20 工作日 承诺 5 工作日')
      .replace('    审核 由 处室负责人 1 工作日\n', '')
      .replace('  表单 {\n', '  表单 {\n    工程名称: 文本 必填\n');
    const diff = SourceDiff.parse(diffSources(permit, after));
    expect(diff).toMatchObject({ linesAdded: 2, linesRemoved: 2 });
    const changes = diff.hunks.filter(h => !h.unchanged);
    expect(changes.map(h => [h.oldStart, h.oldLines, h.newStart, h.newLines])).toEqual([
      [lines.indexOf('  表单 {') + 2, 0, lines.indexOf('  表单 {') + 2, 1],
      [promised, 1, promised + 1, 1],
      [lines.indexOf('    审核 由 处室负责人 1 工作日') + 1, 1, lines.indexOf('    审核 由 处室负责人 1 工作日') + 2, 0]
    ]);
    expect(changes[1]!.rows).toEqual([
      {
        old: { line: promised, text: '  时限 法定 20 工作日 承诺 7 工作日' },
        new: { line: promised + 1, text: '  时限 法定 20 工作日 承诺 5 工作日' }
      }
    ]);
    expect(side(diff, 'old').map(l => l.text)).toEqual(permit.split('\n').slice(0, -1));
    expect(side(diff, 'new').map(l => l.text)).toEqual(after.split('\n').slice(0, -1));
    expect(side(diff, 'new').map(l => l.line)).toEqual(
      after
        .split('\n')
        .slice(0, -1)
        .map((_, i) => i + 1)
    );
  });

  it('handles an empty side: a new file is all added lines', () => {
    const diff = diffSources('', '事项 x {\n}\n');
    expect(diff).toEqual({
      hunks: [
        {
          unchanged: false,
          oldStart: 1,
          oldLines: 0,
          newStart: 1,
          newLines: 2,
          rows: [{ new: { line: 1, text: '事项 x {' } }, { new: { line: 2, text: '}' } }]
        }
      ],
      linesAdded: 2,
      linesRemoved: 0
    });
  });
});
