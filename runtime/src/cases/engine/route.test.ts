import type { Definition, Step } from '@banshi/definition';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../testing/catalog.ts';
import { exampleMatter } from '../../testing/examples.ts';
import { answersFor, citizen, company, Scenario, staff } from '../../testing/scenario.ts';
import { nextStep, roadOf, routeOf } from './route.ts';

const { byName, calendar } = loadCatalog();
const housing = '市住房和建设局';
const window = staff(housing, ['窗口'], '王窗口');
const handler = staff(housing, ['承办人'], '陈承办');

/**
 * 建筑工程施工许可证核发 with a window-only check after the first review, as `审查 "现场核验" 由 窗口 当日 仅 现场`
 * compiles: 审查 → 现场核验 (window cases only) → 并联 → 审核 → 决定 → 送达.
 */
function withOnSiteCheck(): Definition {
  const permit = byName('建筑工程施工许可证核发');
  const first = permit.steps.find(s => s.id === 'review-1')!;
  const check: Step = {
    kind: 'review',
    id: 'review-2',
    label: '现场核验',
    role: '窗口',
    department: housing,
    limit: { amount: 0, unit: 'workdays' },
    source: first.source,
    channels: ['onSite']
  };
  const steps = permit.steps.flatMap(s =>
    s.id === 'review-1' ? [s, check] : s.id === 'review-2' ? [{ ...s, id: 'review-3' }] : [s]
  );
  return { ...permit, steps };
}

const definition = withOnSiteCheck();

function acceptedOn(channel: 'online' | 'onSite') {
  return new Scenario(definition, calendar)
    .when('2026-09-28 10:00', channel === 'onSite' ? window : citizen, {
      type: 'submit',
      caseId: 'c1',
      caseNumber: 'XM2026092800001',
      applicant: company,
      channel,
      answers: answersFor(definition),
      materials: ['申请表']
    })
    .when('2026-09-28 10:30', window, { type: 'passPreReview' })
    .when('2026-09-28 10:30', window, { type: 'confirmPaper' })
    .when('2026-09-28 11:00', window, { type: 'accept' });
}

describe('a step taken on one channel only (仅 现场)', () => {
  it('the route keeps every step; each channel’s road leaves out the steps not taken on it', () => {
    const route = routeOf(definition);
    expect(route.steps.map(s => s.id)).toContain('review-2');
    expect(roadOf(route, 'onSite').map(s => s.label)).toEqual(['审查', '现场核验', '并联审批', '审核', '决定', '送达']);
    expect(roadOf(route, 'online').map(s => s.label)).toEqual(['审查', '并联审批', '审核', '决定', '送达']);
    expect(roadOf(route, 'express').map(s => s.id)).toEqual(roadOf(route, 'online').map(s => s.id));
    expect(nextStep(route, 'online', 'review-1')?.id).toBe('parallel-1');
    expect(nextStep(route, 'onSite', 'review-1')?.id).toBe('review-2');
    expect(nextStep(route, 'online', 'no-such-step')).toBeUndefined();
  });

  it('given a case submitted online, when the first review is done, it goes on to co-approval past the window’s check', () => {
    const s = acceptedOn('online');
    expect(s.state!.stepId).toBe('review-1');
    s.when('2026-09-29 10:00', handler, { type: 'completeStep', stepId: 'review-1', opinion: '符合条件' });
    expect(s.state!.stepId).toBe('parallel-1');
    expect(s.events.at(-1)).toMatchObject({ type: 'StepCompleted', stepId: 'review-1', next: 'parallel-1' });
  });

  it('given a case entered at the window, when the first review is done, the window checks on site before co-approval', () => {
    const s = acceptedOn('onSite');
    s.when('2026-09-29 10:00', handler, { type: 'completeStep', stepId: 'review-1', opinion: '符合条件' });
    expect(s.state!.stepId).toBe('review-2');
    expect(
      s.attempt('2026-09-29 11:00', handler, { type: 'completeStep', stepId: 'review-2', opinion: '核验无误' })
    ).toMatchObject({ ok: false, rejection: { code: 'actor.not-allowed' } });
    s.when('2026-09-29 11:00', window, { type: 'completeStep', stepId: 'review-2', opinion: '原件与扫描件一致' });
    expect(s.state!.stepId).toBe('parallel-1');
  });

  it('a case never returns to a step its channel does not take, and may return to one it does', () => {
    const s = acceptedOn('online').when('2026-09-29 10:00', handler, {
      type: 'completeStep',
      stepId: 'review-1',
      opinion: '符合条件'
    });
    expect(
      s.attempt('2026-09-29 11:00', handler, { type: 'returnStep', toStepId: 'review-2', reason: '请现场核验' })
    ).toEqual({
      ok: false,
      rejection: {
        code: 'return.target',
        message: '“现场核验”环节不在本办件的办理流程中（网上递交的办件不经过这个环节），不能回退到这里。'
      }
    });
    s.when('2026-09-29 11:00', handler, { type: 'returnStep', toStepId: 'review-1', reason: '补充核实' });
    expect(s.state!.stepId).toBe('review-1');
  });

  it('a Definition without channels walks every step, as before', () => {
    const route = routeOf(byName('建筑工程施工许可证核发'));
    for (const channel of ['online', 'express', 'onSite'] as const) expect(roadOf(route, channel)).toEqual(route.steps);
  });

  it('the example 42 as the language compiles it: a window case checks the originals first, an online case does not', () => {
    const matter = exampleMatter('社会团体变更登记');
    const civil = '示例市民政局';
    const counter = staff(civil, ['窗口'], '民政窗口');
    const first = (channel: 'online' | 'onSite') =>
      new Scenario(matter, calendar)
        .when('2026-09-28 10:00', channel === 'onSite' ? counter : citizen, {
          type: 'submit',
          caseId: 'c1',
          caseNumber: 'XM2026092800002',
          applicant: company,
          channel,
          answers: answersFor(matter),
          materials: []
        })
        .when('2026-09-28 10:30', counter, { type: 'passPreReview' })
        .when('2026-09-28 11:00', counter, { type: 'accept' }).state!.stepId;
    const label = (id: string | undefined) => routeOf(matter).steps.find(s => s.id === id)?.label;
    expect(label(first('onSite'))).toBe('现场核验原件');
    expect(label(first('online'))).toBe('审查');
  });
});
