import { describe, expect, it } from 'vitest';
import {
  availableActions,
  handlingActions,
  handlingStates,
  mayHandle,
  mayRead,
  nextState,
  type HandlingActor,
  type HandlingState,
  type HandlingSubject
} from './handling-rules.ts';

const housing = '市住房和建设局';
const planning = '市自然资源和规划局';
const actor = (id: string, over: Partial<HandlingActor> = {}): HandlingActor => ({
  id,
  department: housing,
  roles: [],
  supervisor: false,
  bureau: false,
  ...over
});
const supervisor = actor('sup', { supervisor: true });
const otherSupervisor = actor('sup2', { supervisor: true, department: planning });
const bureau = actor('bur', { department: null, bureau: true });
const handler = actor('h1', { roles: ['承办人'] });
const colleague = actor('h2', { roles: ['承办人'] });
const chief = actor('c1', { roles: ['处室负责人'] });
const window = actor('w1', { roles: ['窗口'] });
const outsider = actor('p1', { department: planning, roles: ['承办人'] });

const subject = (state: HandlingState, asked: HandlingSubject['asked'] = []): HandlingSubject => ({
  department: housing,
  state,
  responsible: { role: '承办人', person: { id: 'h1', name: '陈承办' } },
  asked
});

describe('the handling of a supervision event', () => {
  it('the department supervisor asks, corrects and closes; not another department’s, not the bureau', () => {
    for (const action of ['requestExplanation', 'correct'] as const) {
      expect(mayHandle(action, supervisor, subject('open'))).toEqual({ ok: true });
      for (const who of [otherSupervisor, bureau, handler, chief])
        expect(mayHandle(action, who, subject('open'))).toMatchObject({ ok: false, kind: 'forbidden' });
    }
    expect(mayHandle('close', supervisor, subject('corrected'))).toEqual({ ok: true });
    expect(mayHandle('close', handler, subject('corrected'))).toMatchObject({ ok: false, kind: 'forbidden' });
  });

  it('closes only after a correction is recorded; re-examines only what is closed', () => {
    for (const state of handlingStates.filter(s => s !== 'corrected'))
      expect(mayHandle('close', supervisor, subject(state))).toMatchObject({ ok: false, kind: 'conflict' });
    for (const state of handlingStates.filter(s => s !== 'closed'))
      expect(mayHandle('reexamine', bureau, subject(state))).toMatchObject({ ok: false, kind: 'conflict' });
    expect(mayHandle('reexamine', bureau, subject('closed'))).toEqual({ ok: true });
  });

  it('only the bureau re-examines and records accountability, in any state', () => {
    for (const who of [supervisor, handler, chief])
      expect(mayHandle('reexamine', who, subject('closed'))).toMatchObject({ ok: false, kind: 'forbidden' });
    for (const state of handlingStates) {
      expect(mayHandle('accountability', bureau, subject(state))).toEqual({ ok: true });
      expect(mayHandle('accountability', supervisor, subject(state))).toMatchObject({ kind: 'forbidden' });
    }
  });

  it('the person asked explains; with a post asked, whoever holds it in the department', () => {
    const toPerson = subject('explanationRequested', [{ person: { id: 'h1', name: '陈承办' }, role: '承办人' }]);
    expect(mayHandle('explain', handler, toPerson)).toEqual({ ok: true });
    for (const who of [colleague, chief, supervisor, bureau, outsider])
      expect(mayHandle('explain', who, toPerson)).toMatchObject({ ok: false, kind: 'forbidden' });
    const toPost = subject('explanationRequested', [{ role: '承办人' }]);
    expect(mayHandle('explain', colleague, toPost)).toEqual({ ok: true });
    expect(mayHandle('explain', window, toPost)).toMatchObject({ kind: 'forbidden' });
    expect(mayHandle('explain', outsider, toPost)).toMatchObject({ kind: 'forbidden' });
    // No request open: nothing to explain.
    expect(mayHandle('explain', handler, subject('explained', toPerson.asked))).toMatchObject({ kind: 'conflict' });
  });

  it('a new explanation waits for the open one; the correction need not', () => {
    const asked = subject('explanationRequested', [{ role: '承办人' }]);
    expect(mayHandle('requestExplanation', supervisor, asked)).toMatchObject({ kind: 'conflict' });
    expect(mayHandle('correct', supervisor, asked)).toEqual({ ok: true });
    for (const state of ['closed', 'upheld'] as const) {
      expect(mayHandle('correct', supervisor, subject(state))).toMatchObject({ kind: 'conflict' });
      expect(mayHandle('requestExplanation', supervisor, subject(state))).toMatchObject({ kind: 'conflict' });
    }
  });

  it('each step leaves its state; a reopened event returns to the department', () => {
    expect(nextState('open', 'requestExplanation')).toBe('explanationRequested');
    expect(nextState('explanationRequested', 'explain')).toBe('explained');
    expect(nextState('explained', 'correct')).toBe('corrected');
    expect(nextState('corrected', 'close')).toBe('closed');
    expect(nextState('closed', 'reexamine', false)).toBe('reopened');
    expect(nextState('closed', 'reexamine', true)).toBe('upheld');
    expect(nextState('upheld', 'accountability')).toBe('upheld');
    const reopened = subject('reopened');
    expect(availableActions(supervisor, reopened)).toEqual(['requestExplanation', 'correct']);
    expect(availableActions(bureau, reopened)).toEqual(['accountability']);
  });

  it('who may read: the bureau, the department’s supervisors, the responsible, anyone asked, the section chief', () => {
    const s = subject('explanationRequested', [{ role: '窗口' }]);
    for (const who of [bureau, supervisor, handler, chief, window]) expect(mayRead(who, s)).toBe(true);
    for (const who of [otherSupervisor, outsider]) expect(mayRead(who, s)).toBe(false);
    // With a person named, a colleague holding the same post does not read it; with only the post named, they do.
    expect(mayRead(colleague, s)).toBe(false);
    expect(mayRead(colleague, { ...s, responsible: { role: '承办人' } })).toBe(true);
    expect(mayRead(actor('x', { department: null }), s)).toBe(false);
    expect(handlingActions).toHaveLength(6);
  });
});
