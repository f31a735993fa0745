import type { Definition } from '@banshi/definition';
import { dateOf } from '@banshi/definition/calendar';
import type { EngineCalendar } from './engine/calendar-port.ts';
import type { CaseState } from './engine/case-state.ts';
import type { Command } from './engine/commands.ts';
import type { Engine } from './engine/index.ts';
import { notices, resultsFor, type Notice } from './engine/notices.ts';
import type { Rejection } from './engine/rejection.ts';
import { validUntil } from './licences.ts';

/** A result (licence, decision letter) the applicant would receive with the decision, and how long it is valid. */
export interface PreviewResult {
  kind: 'licence' | 'document' | 'other';
  name: string;
  /** The day of issue (Shanghai), YYYY-MM-DD. */
  issued: string;
  /** The last day it is valid, when the matter gives a period. */
  until: string | null;
  /** 有效期 as the applicant's licence page states it; null for a document that states none. */
  validity: string | null;
}

export type Preview =
  | { ok: true; notices: Array<Omit<Notice, 'issuedAt'> & { issuedAt: string }>; results: PreviewResult[] }
  | { ok: false; rejection: Rejection };

/**
 * What a command would send the applicant, without storing anything: the engine decides it on the case as read and
 * its events are applied in memory; the answer is the notices the case would have that it has not now (the
 * correction notice, the refusal notice, the decision…), each as the applicant reads it, and for a decision that
 * grants, the results the matter issues (行政许可法第三十九条: the licence the decision grants, with its validity).
 * An engine rejection is returned as it is, for the caller to tell refusal from denial.
 */
export function previewCommand(
  engine: Engine,
  definition: Definition,
  state: CaseState,
  command: Command,
  now: number,
  calendar: Pick<EngineCalendar, 'deadline' | 'isProvisional'>
): Preview {
  const decision = engine.decide(definition, state, command, now);
  if (!decision.ok) return decision;
  const after = engine.apply(definition, state, decision.events, now).state;
  const added = newNotices(notices(definition, state, calendar), notices(definition, after, calendar));
  const granted = after.decision && !state.decision && after.decision.approve && !after.decision.conclusion;
  return {
    ok: true,
    notices: added.map(n => ({ ...n, issuedAt: new Date(n.issuedAt).toISOString() })),
    results: granted ? resultsFor(definition, after.answers).map(r => resultOf(r, dateOf(after.decision!.at))) : []
  };
}

/**
 * The notices in `after` that `before` does not have. A notice is known by its kind and the instant it was issued:
 * one issued earlier keeps both whatever a command changes, and two issued at one instant count separately.
 */
function newNotices(before: Notice[], after: Notice[]): Notice[] {
  const key = (n: Notice) => `${n.kind}@${n.issuedAt}`;
  const known = new Map<string, number>();
  for (const n of before) known.set(key(n), (known.get(key(n)) ?? 0) + 1);
  return after.filter(n => {
    const left = known.get(key(n)) ?? 0;
    known.set(key(n), left - 1);
    return left <= 0;
  });
}

function resultOf(r: NonNullable<Definition['result']>, issued: string): PreviewResult {
  const until = validUntil(issued, r.validity) ?? null;
  return {
    kind: r.kind,
    name: r.name,
    issued,
    until,
    validity:
      r.validity === 'indefinite'
        ? '长期有效'
        : until
          ? `${issued} 至 ${until}`
          : r.kind === 'licence'
            ? '见发证机关规定'
            : null
  };
}
