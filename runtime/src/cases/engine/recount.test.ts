import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '@banshi/definition/calendar';
import type { CalendarYear } from '@banshi/definition';
import { at, loadCatalog } from '../../testing/catalog.ts';
import { answersFor, citizen, company, Scenario, staff } from '../../testing/scenario.ts';
import { createEngine } from './index.ts';
import { liveDeadlines } from './recount.ts';

const { byName, catalog } = loadCatalog();
const permit = byName('建筑工程施工许可证核发');
const window = staff('市住房和建设局', ['窗口'], '王窗口');
/** 2027 by the provisional rule: the shipped catalogue ends with 2026. */
const provisional = new WorkCalendar(catalog.calendars);
/** A 2027 notice with a four-day New Year (1–4 January) and Saturday 9 January worked. */
const year2027: CalendarYear = {
  year: 2027,
  source: '测试用',
  holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-04' }],
  adjustedWorkdays: ['2027-01-09'],
  officeHours: catalog.calendars[1]!.officeHours
};
const published = new WorkCalendar([...catalog.calendars, year2027]);
const reason = { years: [2027], source: '测试用' };

function acceptedOnTheRule() {
  return new Scenario(permit, provisional)
    .when('2026-12-28 10:00', citizen, {
      type: 'submit',
      caseId: 'c1',
      caseNumber: 'N1',
      applicant: company,
      channel: 'online',
      answers: answersFor(permit),
      materials: ['申请表']
    })
    .when('2026-12-28 10:00', window, { type: 'passPreReview' })
    .when('2026-12-28 10:00', window, { type: 'confirmPaper' })
    .when('2026-12-28 10:00', window, { type: 'accept' });
}

describe('recounting deadlines on a published calendar', () => {
  it('keeps the workdays each deadline had left at publication, counted on the published year', () => {
    const s = acceptedOnTheRule();
    expect(s.state!.deadlines).toMatchObject({ promised: at('2027-01-08 00:00'), legal: at('2027-01-27 00:00') });
    const event = createEngine(published).recount(permit, s.state!, () => provisional, at('2026-12-30 10:00'), reason);
    // Promised: five workdays were left (31 Dec, 4–7 Jan); on the notice they are 31 Dec, 5–8 Jan. Legal: 18 either way.
    expect(event).toEqual({
      type: 'DeadlinesRecounted',
      at: at('2026-12-30 10:00'),
      by: { kind: 'system' },
      years: [2027],
      source: '测试用',
      moves: [{ key: 'promised', label: '承诺办结期限', from: at('2027-01-08 00:00'), to: at('2027-01-09 00:00') }]
    });
    const after = createEngine(published).evolve(s.state, event!);
    expect(after.deadlines).toMatchObject({ promised: at('2027-01-09 00:00'), legal: at('2027-01-27 00:00') });
    // Counted again on what it is now counted on, nothing moves: a recount is done once.
    expect(
      createEngine(published).recount(permit, after, () => published, at('2026-12-30 10:00'), reason)
    ).toBeUndefined();
  });

  it('agrees with counting from acceptance on the published calendar when the notice comes before the year', () => {
    const s = acceptedOnTheRule();
    const event = createEngine(published).recount(permit, s.state!, () => provisional, at('2026-12-29 16:00'), reason)!;
    const after = createEngine(published).evolve(s.state, event);
    const fresh = new Scenario(permit, published)
      .when('2026-12-28 10:00', citizen, {
        type: 'submit',
        caseId: 'c1',
        caseNumber: 'N1',
        applicant: company,
        channel: 'online',
        answers: answersFor(permit),
        materials: ['申请表']
      })
      .when('2026-12-28 10:00', window, { type: 'passPreReview' })
      .when('2026-12-28 10:00', window, { type: 'confirmPaper' })
      .when('2026-12-28 10:00', window, { type: 'accept' });
    expect(after.deadlines).toEqual(fresh.state!.deadlines);
    // No "legal deadline moved" anomaly: supervision recomputes it from acceptance and finds the same day.
    expect(
      createEngine(published)
        .supervise(permit, after, at('2026-12-29 16:00'))
        .map(e => e.type === 'SupervisionRaised' && e.record.rule)
    ).not.toContain('deadlineMoved');
  });

  it('counts the legal and promised deadlines from acceptance even when the notice comes after a day it changes', () => {
    const s = acceptedOnTheRule();
    // Published on 5 January: 4 January, worked by the rule, was a rest day. The law counts it as one: 29, 30, 31
    // December, 5, 6, 7, 8 January; keeping "what was left on 5 January" would have said 7 January.
    const event = createEngine(published).recount(permit, s.state!, () => provisional, at('2027-01-05 10:00'), reason);
    expect(event?.type === 'DeadlinesRecounted' && event.moves).toEqual([
      { key: 'promised', label: '承诺办结期限', from: at('2027-01-08 00:00'), to: at('2027-01-09 00:00') }
    ]);
    const after = createEngine(published).evolve(s.state, event!);
    expect(
      createEngine(published)
        .supervise(permit, after, at('2027-01-05 10:00'))
        .map(e => e.type === 'SupervisionRaised' && e.record.rule)
    ).not.toContain('deadlineMoved');
  });

  it('moves no deadline that has already passed, and none for a case with nothing running', () => {
    const s = acceptedOnTheRule();
    // Published late, on 10 January: the promised day (7 January) is past; the legal day keeps its 12 workdays left.
    const late = createEngine(published).recount(permit, s.state!, () => provisional, at('2027-01-10 10:00'), reason);
    expect(late).toBeUndefined();
    const withdrawn = s.when('2026-12-29 09:00', citizen, { type: 'withdraw', reason: '不办了' });
    expect(liveDeadlines(permit, withdrawn.state!)).toEqual([]);
  });

  it('counts the Art. 32 date of a case not yet accepted again too', () => {
    const s = new Scenario(permit, provisional).when('2026-12-30 10:00', citizen, {
      type: 'submit',
      caseId: 'c2',
      caseNumber: 'N2',
      applicant: company,
      channel: 'online',
      answers: answersFor(permit),
      materials: ['申请表']
    });
    // On the rule: 31 Dec, 4, 5, 6, 7 Jan; on the notice: 31 Dec, 5, 6, 7, 8 Jan.
    expect(s.state!.deemedAcceptanceAt).toBe(at('2027-01-08 00:00'));
    const event = createEngine(published).recount(permit, s.state!, () => provisional, at('2026-12-30 12:00'), reason)!;
    expect(event.type === 'DeadlinesRecounted' && event.moves.map(m => [m.key, m.to])).toContainEqual([
      'deemedAcceptance',
      at('2027-01-09 00:00')
    ]);
    const after = createEngine(published).evolve(s.state, event);
    expect(
      createEngine(published)
        .deadlines(permit, after)
        .find(t => t.kind === 'deemedAcceptance')?.at
    ).toBe(at('2027-01-09 00:00'));
  });

  it('a warning or card raised for the old date is not raised again for the new one; a card still comes once', () => {
    const s = acceptedOnTheRule();
    const engine = createEngine(published);
    // As if the promised deadline's warning had been raised for its provisional date.
    const warned = { ...s.state!, raised: [...s.state!.raised, `warning:promised:${at('2027-01-08 00:00')}`] };
    const after = engine.evolve(
      warned,
      engine.recount(permit, warned, () => provisional, at('2026-12-30 10:00'), reason)!
    );
    expect(after.raised).toContain(`warning:promised:${at('2027-01-09 00:00')}`);
    const rules = (time: string, state = after) =>
      engine
        .supervise(permit, state, at(time))
        .flatMap(e =>
          e.type === 'SupervisionRaised' && e.record.deadline === at('2027-01-09 00:00') ? [e.record.rule] : []
        );
    // In the new date's warning window (8 January): nothing more for the promised deadline.
    expect(rules('2027-01-08 09:00')).not.toContain('warning');
    // Without the key following the move it would have warned again: the check can fail.
    expect(rules('2027-01-08 09:00', { ...after, raised: warned.raised })).toContain('warning');
    // Past the new date: the yellow card, once.
    const carded = engine.supervise(permit, after, at('2027-01-09 09:00'));
    expect(
      carded.filter(
        e =>
          e.type === 'SupervisionRaised' &&
          e.record.rule === 'yellowCard' &&
          e.record.deadline === at('2027-01-09 00:00')
      )
    ).toHaveLength(1);
    const again = carded.reduce((state, e) => engine.evolve(state, e), after);
    expect(
      engine
        .supervise(permit, again, at('2027-01-09 10:00'))
        .filter(e => e.type === 'SupervisionRaised' && e.record.rule === 'yellowCard')
    ).toEqual([]);
  });
});
