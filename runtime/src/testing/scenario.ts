import { expect } from 'vitest';
import { serves, type Definition } from '@banshi/definition';
import {
  createEngine,
  type Actor,
  type CaseState,
  type Command,
  type Engine,
  type EngineCalendar,
  type Event
} from '../cases/index.ts';
import { at } from './catalog.ts';

type Input = Command extends infer C ? (C extends Command ? Omit<C, 'by'> & { by?: Actor } : never) : never;

/**
 * given/when/then over one case on a simulated clock: each `when` carries its own time, nothing sleeps.
 * Events are kept, so a test can read the whole history.
 */
export class Scenario {
  readonly engine: Engine;
  state: CaseState | undefined;
  readonly events: Event[] = [];
  last: Event[] = [];
  now = 0;

  constructor(
    readonly definition: Definition,
    calendar: EngineCalendar
  ) {
    this.engine = createEngine(calendar);
  }

  /** Runs a command at a Shanghai wall-clock time and expects it to be accepted. */
  when(time: string, by: Actor, command: Input): this {
    const result = this.attempt(time, by, command);
    if (!result.ok) throw new Error(`rejected ${command.type}: ${result.rejection.code} ${result.rejection.message}`);
    return this;
  }

  /** Runs a command and returns the engine's answer without failing on a rejection. */
  attempt(time: string, by: Actor, command: Input) {
    this.now = at(time);
    const result = this.engine.decide(this.definition, this.state, { ...command, by } as Command, this.now);
    if (result.ok) this.apply(result.events);
    return result;
  }

  /**
   * Lets the clock reach `time`: fires due timers (deemed acceptance, a lapsed correction deadline) and supervision,
   * as the worker does.
   */
  tick(time: string): Event[] {
    this.now = at(time);
    const fired: Event[] = [];
    if (!this.state) return fired;
    for (const timer of this.engine.deadlines(this.definition, this.state)) {
      if (timer.at > this.now || timer.kind === 'supervision') continue;
      const result = this.engine.decide(
        this.definition,
        this.state,
        timer.kind === 'deemedAcceptance'
          ? { type: 'deemAccept', by: { kind: 'system' } }
          : { type: 'withdraw', by: { kind: 'system' } },
        timer.at
      );
      if (result.ok) {
        this.apply(result.events);
        fired.push(...result.events);
      }
    }
    const supervision = this.engine.supervise(this.definition, this.state, this.now);
    this.apply(supervision);
    fired.push(...supervision);
    this.last = fired;
    return fired;
  }

  private apply(events: Event[]): void {
    for (const event of events) {
      this.state = this.engine.evolve(this.state, event);
      this.events.push(event);
    }
    this.last = events;
  }

  expectStatus(status: CaseState['status']): this {
    expect(this.state?.status).toBe(status);
    return this;
  }

  /** Supervision records raised so far. */
  get supervision() {
    return this.events.flatMap(e => (e.type === 'SupervisionRaised' ? [e.record] : []));
  }
}

export function staff(department: string, roles: string[], name = '张三'): Actor {
  return { kind: 'staff', id: `${department}:${name}`, name, department, roles };
}

export const citizen: Actor = { kind: 'applicant', id: 'applicant-1', name: '李四' };
export const company = {
  id: 'applicant-1',
  kind: 'organisation' as const,
  name: '厦门市某建设有限公司',
  goodRecord: false
};

export const person = { id: 'applicant-1', kind: 'person' as const, name: '李四', goodRecord: false };

/** The company, or the person where the matter serves only persons (服务对象). */
export const applicantFor = (definition: Definition) => (serves(definition, 'organisation') ? company : person);

export { answersFor } from './answers.ts';
