import { Definition } from '@banshi/definition';
import { describe, expect, it } from 'vitest';
import { compileWorkspace } from '../../compile/index.js';
import { departments, firstReview, permit, reusedChecker } from '../../testing/fixtures.js';

/** One set of language services for the file's workspaces, each checked alone (the earlier one removed first). */
const checkFiles = reusedChecker();

const edit = (text: string, ...pairs: Array<[string, string]>) =>
  pairs.reduce((out, [from, to]) => {
    if (!out.includes(from)) throw new Error(`fixture lacks: ${from}`);
    return out.replace(from, to);
  }, text);

/** The permit handled online, by express and at the window, with `steps` written after its first review step. */
const permitWithSteps = (steps: string, submission = '递交 网上, 快递, 现场') =>
  edit(
    permit,
    ['递交 网上, 快递', submission],
    ['    审查 由 承办人 2 工作日\n', `    审查 由 承办人 2 工作日\n${steps}`]
  );

const check = (matter: string) => checkFiles({ 'departments.matter': departments, 'm.matter': matter });

describe('steps taken on one channel only (仅 现场)', () => {
  it('a window-only check on a matter handled online and at the window is clean', async () => {
    const checked = await check(permitWithSteps('    审查 "现场核验" 由 窗口 当日 仅 现场\n'));
    expect(checked.of('m.matter').map(d => d.message)).toEqual([]);
  });

  it('compiles to the step’s channels, and leaves every other step without them', async () => {
    const checked = await check(permitWithSteps('    审查 "现场核验" 由 窗口 当日 仅 现场、快递\n'));
    const { definitions } = compileWorkspace(checked.workspace.documents, '/ws');
    const definition = Definition.parse(definitions[0]);
    const reviews = definition.steps.filter(s => s.kind === 'review');
    expect(reviews.map(s => [s.label, s.channels])).toEqual([
      ['审查', undefined],
      ['现场核验', ['onSite', 'express']],
      ['审核', undefined]
    ]);
    expect(definition.steps.filter(s => 'channels' in s).map(s => s.id)).toEqual(['review-2']);
  });

  it('reads the same in English keywords', async () => {
    const english = permitWithSteps('    review "现场核验" by 窗口 sameDay only onSite\n');
    const checked = await check(english);
    expect(checked.of('m.matter').map(d => d.message)).toEqual([]);
    const { definitions } = compileWorkspace(checked.workspace.documents, '/ws');
    expect(Definition.parse(definitions[0]).steps.find(s => s.label === '现场核验')).toMatchObject({
      channels: ['onSite']
    });
  });

  it('an online road longer than the window road is an error citing seeds 001 第十条, on the online-only step', async () => {
    const checked = await check(permitWithSteps('    审查 "网上核验" 由 窗口 当日 仅 网上\n'));
    const errors = checked.of('m.matter').filter(d => d.code === 'steps.online-more-than-window');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.severity).toBe(1);
    expect(errors[0]!.message).toBe(
      '网上办理流程有 7 个环节，多于窗口办理流程的 6 个：除预约、预审环节外，网上申请办理流程的环节不得多于窗口办理流程的环节（《佛山市南海区网上办事管理办法（试行）》第十条）。只在网上办理的环节：“网上核验”。'
    );
    expect(errors[0]!.range.start.line).toBe(
      permitWithSteps('    审查 "网上核验" 由 窗口 当日 仅 网上\n')
        .split('\n')
        .findIndex(l => l.includes('网上核验'))
    );
  });

  it('an online-only step balanced by a window-only one keeps the online road no longer', async () => {
    const checked = await check(
      permitWithSteps('    审查 "网上核验" 由 窗口 当日 仅 网上\n    审查 "现场核验" 由 窗口 当日 仅 现场\n')
    );
    expect(checked.codes('m.matter')).not.toContain('steps.online-more-than-window');
    expect(checked.errors('m.matter').map(d => d.message)).toEqual([]);
  });

  it('an online-only step on a matter with no window has no window road to compare with', async () => {
    const checked = await check(permitWithSteps('    审查 "网上核验" 由 窗口 当日 仅 网上\n', '递交 网上, 快递'));
    expect(checked.errors('m.matter').map(d => d.message)).toEqual([]);
  });

  it('a window-only step on a matter not submitted at the window is an error', async () => {
    const checked = await check(permitWithSteps('    审查 "现场核验" 由 窗口 当日 仅 现场\n', '递交 网上, 快递'));
    const errors = checked.of('m.matter').filter(d => d.code === 'steps.channel-not-offered');
    expect(errors.map(d => d.message)).toEqual([
      '“现场核验”只在现场递交的办件上办理，但本事项的递交方式没有“现场”（递交 网上、快递）：请删去它，或在“递交”中加上。'
    ]);
  });

  it('naming every channel the matter offers says nothing: a warning', async () => {
    const checked = await check(permitWithSteps('    审查 "核验" 由 窗口 当日 仅 网上、快递、现场\n'));
    expect(checked.of('m.matter').map(d => [d.code, d.severity])).toEqual([['steps.channel-every', 2]]);
  });

  it('a channel written twice is a warning', async () => {
    const checked = await check(permitWithSteps('    审查 "现场核验" 由 窗口 当日 仅 现场、现场\n'));
    expect(checked.codes('m.matter')).toEqual(['steps.channel-duplicate']);
  });

  it('the promised limit is checked on each road, not on the sum of every channel’s steps', async () => {
    // 审查 2 + 并联 3 + 审核 1 + 决定 1 = 7, the promise: one more workday on one road only is too much there.
    const over = await check(permitWithSteps('    审查 "现场核验" 由 窗口 1 工作日 仅 现场\n'));
    expect(over.of('m.matter').find(d => d.code === 'limits.steps-exceed-promised')?.message).toBe(
      '窗口（现场）递交的办件受理后各环节的时限合计 8 个工作日（审查 2 + 审查 1 + 并联审批 3 + 审核 1 + 决定 1），超过了承诺时限 7 个工作日；并联审批只计一次。'
    );
    const balanced = await check(
      edit(
        permitWithSteps('    审查 "现场核验" 由 窗口 1 工作日 仅 现场\n    审查 "网上核验" 由 窗口 1 工作日 仅 网上\n'),
        ['    审核 由 处室负责人 1 工作日\n', '']
      )
    );
    expect(balanced.errors('m.matter').map(d => d.message)).toEqual([]);
  });

  it('a first review’s limit is checked on each road too', async () => {
    // The stage: 受理 1 + 审查 5 + … within its limit; a window-only and an online-only day fit on their own roads.
    const stage = edit(
      firstReview,
      ['  递交 网上\n', '  递交 网上, 现场\n'],
      [
        '      审查 由 承办人 5 工作日\n',
        '      审查 由 承办人 5 工作日\n      审查 "现场核验" 由 承办人 1 工作日 仅 现场\n      审查 "网上核验" 由 承办人 1 工作日 仅 网上\n'
      ]
    );
    const checked = await check(stage);
    expect(checked.codes('m.matter')).not.toContain('limits.first-review-steps');
  });

  it('a keyword glued to the channel is explained, with its fix, as for every Chinese keyword', async () => {
    const checked = await check(permitWithSteps('    审查 "现场核验" 由 窗口 当日 仅现场\n'));
    const glued = checked.of('m.matter').find(d => d.code === 'syntax.glued-keyword');
    expect(glued?.message).toBe(
      '关键字“仅”和后面的“现场”连在了一起：中文关键字和名称之间要加一个空格，写成“仅 现场”。'
    );
    expect((glued?.data as { fix?: { title: string } }).fix?.title).toBe('在“仅”后加空格');
  });
});
