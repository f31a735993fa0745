/**
 * The supervision console's way to the runtime: the event list, one event with its handling, the explanations
 * asked of me, and each step of the handling (every step answers with the event as it now stands).
 */
import { api, must } from '$lib/api/client';
import type { HandlingAction, HandlingState, Level } from './event-labels';

export interface EventFilter {
  level?: Level;
  handling?: HandlingState;
  department?: string;
}

export function readEvents(filter: EventFilter, before?: number, limit = 50) {
  return must(
    api.GET('/api/supervision/events', {
      params: {
        query: {
          ...(filter.level ? { level: filter.level } : {}),
          ...(filter.handling ? { handling: filter.handling } : {}),
          ...(filter.department ? { department: filter.department } : {}),
          ...(before ? { before } : {}),
          limit
        }
      }
    })
  );
}
export type EventPage = Awaited<ReturnType<typeof readEvents>>;
export type EventItem = EventPage['items'][number];

export function readEvent(id: number) {
  return must(api.GET('/api/supervision/events/{id}', { params: { path: { id } } }));
}
export type SupervisionEvent = Awaited<ReturnType<typeof readEvent>>;
export type HandlingStep = SupervisionEvent['handling']['steps'][number];

export function readAsked() {
  return must(api.GET('/api/supervision/explanations'));
}
export type AskedItem = Awaited<ReturnType<typeof readAsked>>['items'][number];

/** The departments of the catalogue, for the bureau's filter. */
export async function readDepartments(): Promise<string[]> {
  const answer = await must(api.GET('/api/hall/departments'));
  return ((answer as { departments?: Array<{ name: string }> }).departments ?? []).map(d => d.name);
}

const stepPaths = {
  requestExplanation: '/api/supervision/events/{id}/request-explanation',
  explain: '/api/supervision/events/{id}/explain',
  correct: '/api/supervision/events/{id}/correct',
  close: '/api/supervision/events/{id}/close',
  reexamine: '/api/supervision/events/{id}/reexamine',
  accountability: '/api/supervision/events/{id}/accountability'
} as const satisfies Record<HandlingAction, string>;

/** Takes one step of the event's handling; the event as it stands after it, or an ApiProblem with the refusal. */
export function takeStep(id: number, action: HandlingAction, body: Record<string, unknown>): Promise<SupervisionEvent> {
  // Every step's route answers with the same event detail; the bodies differ, and each form builds its own.
  const path = stepPaths[action] as '/api/supervision/events/{id}/explain';
  return must(api.POST(path, { params: { path: { id } }, body: body as never }));
}
