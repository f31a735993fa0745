import type { Definition, Limit, Step, SubmissionChannel } from '@banshi/definition';

export interface RoleStep {
  kind: 'review' | 'decision' | 'delivery';
  id: string;
  label: string;
  role?: string;
  department: string;
  limit: Limit;
  /** Set for steps of a lower level's first review. */
  stageId?: string;
  /** The channels whose cases take this step (仅 现场); absent, every case takes it. */
  channels?: SubmissionChannel[];
}

export interface ParallelRouteStep {
  kind: 'parallel';
  id: string;
  label: string;
  lead: string;
  coApprovers: Array<{ department: string; limit: Limit }>;
  limit: Limit;
  stageId?: string;
}

/** The lower level passes its opinion and the materials up (Art. 43); its deadline is the stage's. */
export interface HandOffStep {
  kind: 'handOff';
  id: string;
  label: string;
  department: string;
  to: string;
  limit: Limit;
  stageId: string;
}

export type RouteStep = RoleStep | ParallelRouteStep | HandOffStep;

export interface Gate {
  id: string;
  role: string;
  department: string;
  limit: Limit;
}

/** A Definition's steps as the engine walks them: the gates before acceptance, then the steps after it. */
export interface Route {
  preReview?: Gate;
  acceptance?: Gate;
  /** Steps after acceptance up to and including delivery, in order. */
  steps: RouteStep[];
  stages: Record<string, { department: string; to: string; limit: Limit }>;
}

const cache = new WeakMap<Definition, Route>();

/** The route of a Definition; computed once per Definition object. */
export function routeOf(definition: Definition): Route {
  let route = cache.get(definition);
  if (!route) {
    route = build(definition);
    cache.set(definition, route);
  }
  return route;
}

function build(definition: Definition): Route {
  const route: Route = { steps: [], stages: {} };
  const walk = (steps: Step[], stageId?: string) => {
    for (const step of steps) {
      switch (step.kind) {
        case 'preReview':
          route.preReview = { id: step.id, role: step.role, department: step.department, limit: step.limit };
          break;
        case 'acceptance':
          route.acceptance = { id: step.id, role: step.role, department: step.department, limit: step.limit };
          break;
        case 'review':
        case 'decision':
          route.steps.push({
            kind: step.kind,
            id: step.id,
            label: step.label,
            role: step.role,
            department: step.department,
            limit: step.limit,
            ...(stageId ? { stageId } : {}),
            ...(step.kind === 'review' && step.channels ? { channels: step.channels } : {})
          });
          break;
        case 'delivery':
          route.steps.push({
            kind: 'delivery',
            id: step.id,
            label: step.label,
            ...(step.role ? { role: step.role } : {}),
            department: step.department,
            limit: step.limit
          });
          break;
        case 'parallel':
          route.steps.push({
            kind: 'parallel',
            id: step.id,
            label: step.label,
            lead: step.lead.name,
            limit: step.limit,
            coApprovers: step.coApprovers.map(c => ({ department: c.department.name, limit: c.limit })),
            ...(stageId ? { stageId } : {})
          });
          break;
        case 'firstReview':
          route.stages[step.id] = {
            department: step.department.name,
            to: definition.department.name,
            limit: step.limit
          };
          walk(step.steps, step.id);
          route.steps.push({
            kind: 'handOff',
            id: `${step.id}.handOff`,
            label: '报送上级机关',
            department: step.department.name,
            to: definition.department.name,
            limit: step.limit,
            stageId: step.id
          });
          break;
        default: {
          const never: never = step;
          throw new Error(`unknown step ${JSON.stringify(never)}`);
        }
      }
    }
  };
  walk(definition.steps);
  return route;
}

/** Whether a case submitted on `channel` takes the step: a step limited to some channels (仅 现场) is skipped on the others. */
export function takenOn(step: RouteStep, channel: SubmissionChannel): boolean {
  return step.kind !== 'review' || !step.channels || step.channels.includes(channel);
}

/** The steps after acceptance a case submitted on `channel` passes, in order: its road. */
export function roadOf(route: Route, channel: SubmissionChannel): RouteStep[] {
  return route.steps.filter(s => takenOn(s, channel));
}

/** The first step after acceptance on the case's channel, and the one after a given step. */
export function nextStep(route: Route, channel: SubmissionChannel, afterId?: string): RouteStep | undefined {
  const from = afterId === undefined ? 0 : route.steps.findIndex(s => s.id === afterId) + 1;
  if (from === 0 && afterId !== undefined) return undefined;
  return route.steps.slice(from).find(s => takenOn(s, channel));
}

export function stepById(route: Route, id: string | undefined): RouteStep | undefined {
  return id === undefined ? undefined : route.steps.find(s => s.id === id);
}
