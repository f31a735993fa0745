import type { Definition } from '@banshi/definition';
import type { WorkCalendar } from '@banshi/definition/calendar';
import { audit } from '../../platform/audit.ts';
import type { Staff } from '../../accounts/index.ts';
import type { Services } from '../../cases/index.ts';
import type { StudioDiagnostic } from '../check.ts';
import { checkSource, defaultPath, errorsIn } from '../sources.ts';
import { guarded, type RequestMeta, type StudioDeps } from '../version-rows.ts';
import { runScenario } from './run.ts';
import type { Scenario } from './scenario.ts';
import { outcomeOf, timelineOf, type Outcome, type TimelineEntry } from './timeline.ts';

/** What simulating needs: the studio's dependencies and the published work calendar (provisional years included). */
export type SimulationDeps = StudioDeps & Pick<Services, 'calendar'>;

export interface Simulation {
  timeline: TimelineEntry[];
  outcome: Outcome;
  /** Years the simulation ran through whose holiday schedule is not published yet: dates there may move. */
  provisionalYears: number[];
}

/** One scenario on one compiled matter, on the given calendar. Pure; a scenario the matter cannot run is refused. */
export function simulateDefinition(definition: Definition, calendar: WorkCalendar, scenario: Scenario): Simulation {
  const run = runScenario(definition, calendar, scenario);
  const timeline = timelineOf(definition, calendar, run);
  const first = run.events[0]!.at;
  const last = Math.max(first + 1, ...timeline.map(e => Date.parse(e.at)));
  return { timeline, outcome: outcomeOf(calendar, run), provisionalYears: calendar.provisionalYearsIn(first, last) };
}

/** Only the outcome of a scenario, for re-running expectations: the timeline is not built. */
export function outcomeOfScenario(definition: Definition, calendar: WorkCalendar, scenario: Scenario): Outcome {
  return outcomeOf(calendar, runScenario(definition, calendar, scenario));
}

export interface SimulateInput {
  source: string;
  path?: string | undefined;
  scenario: Scenario;
}

export type SimulationAnswer =
  | ({ ok: true; diagnostics: StudioDiagnostic[] } & Simulation)
  | { ok: false; diagnostics: StudioDiagnostic[]; timeline: []; outcome: null };

/**
 * Compiles a source as drafts are checked (against the published catalogue) and, when it has no error, runs the
 * scenario through the real engine on the runtime's calendar. Nothing is stored; the check is audited.
 */
export async function simulate(
  s: SimulationDeps,
  staff: Staff,
  input: SimulateInput,
  meta: RequestMeta
): Promise<SimulationAnswer> {
  return guarded(s, staff, 'studio.simulate', input.path, meta, async () => {
    const path = input.path ?? (await defaultPath(s.db, guessCode(input.source)));
    const checked = await checkSource(s.db, path, input.source);
    const errors = errorsIn(checked).length;
    const answer: SimulationAnswer =
      errors > 0 || !checked.definition
        ? { ok: false, diagnostics: checked.diagnostics, timeline: [], outcome: null }
        : {
            ok: true,
            diagnostics: checked.diagnostics,
            ...simulateDefinition(checked.definition, s.calendar(), input.scenario)
          };
    await audit(s.db, {
      actor: staff,
      action: 'studio.simulate',
      outcome: 'ok',
      target: checked.identity.code,
      ip: meta.ip,
      detail: { errors }
    });
    return answer;
  });
}

/** The code as written, read cheaply, to find the matter's file before the real check. */
export const guessCode = (source: string) => /(?:编码|code)\s*"\s*([0-9A-Z]{33})\s*"/.exec(source)?.[1];
