import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../testing/catalog.ts';
import { exampleMatter } from '../testing/examples.ts';
import { answersFor, citizen, company, Scenario, staff } from '../testing/scenario.ts';
import { pageActions } from './case-page-actions.ts';

const { calendar } = loadCatalog();
/** Example 42: 受理 → 现场核验原件 (仅 现场) → 审查 → 决定 → 送达. */
const matter = exampleMatter('社会团体变更登记');
const civil = '示例市民政局';
const counter = staff(civil, ['窗口'], '民政窗口');
const handler = staff(civil, ['承办人'], '民政承办');
const leader = staff(civil, ['分管领导'], '民政领导');

/** A case on `channel` brought to the decision. */
function atDecision(channel: 'online' | 'onSite') {
  const s = new Scenario(matter, calendar)
    .when('2026-09-28 10:00', channel === 'onSite' ? counter : citizen, {
      type: 'submit',
      caseId: 'c1',
      caseNumber: 'XM2026092800003',
      applicant: company,
      channel,
      answers: answersFor(matter),
      materials: []
    })
    .when('2026-09-28 10:30', counter, { type: 'passPreReview' })
    .when('2026-09-28 11:00', counter, { type: 'accept' });
  if (channel === 'onSite')
    s.when('2026-09-28 14:00', counter, { type: 'completeStep', stepId: 'review-1', opinion: '原件一致' });
  return s.when('2026-09-29 10:00', handler, { type: 'completeStep', stepId: 'review-2', opinion: '符合条件' });
}

function returnTargets(s: Scenario): string[] {
  const by = leader as Extract<typeof leader, { kind: 'staff' }>;
  const action = pageActions(s.engine, matter, s.state!, by, 'lead', s.now).find(a => a.type === 'returnStep');
  return action?.form.kind === 'returnStep' ? action.form.steps.map(x => x.label) : [];
}

describe('the case page’s return (回退) form', () => {
  it('offers only the steps the case passed: not the window’s check to an online case', () => {
    expect(atDecision('online').state!.stepId).toBe('decision-1');
    expect(returnTargets(atDecision('online'))).toEqual(['审查']);
  });

  it('offers the window’s check to a case entered at the window', () => {
    expect(returnTargets(atDecision('onSite'))).toEqual(['现场核验原件', '审查']);
  });
});
