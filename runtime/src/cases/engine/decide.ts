import type { Definition } from '@banshi/definition';
import type { CaseState } from './case-state.ts';
import type { EngineCalendar } from './calendar-port.ts';
import type { Command } from './commands.ts';
import { authorityFor, commandLabels, mayGive, postsText } from './authority.ts';
import { actorLabel, context, type Context } from './context.ts';
import type { Event } from './events.ts';
import * as extension from './extension.ts';
import * as intake from './intake.ts';
import * as outcome from './outcome.ts';
import { explainOverdue } from './overdue.ts';
import type { Decision } from './rejection.ts';
import * as review from './review.ts';
import type { Instant } from './types.ts';

type Handlers = {
  [T in Command['type']]: (
    ctx: Context,
    state: CaseState | undefined,
    command: Extract<Command, { type: T }>
  ) => Decision<Event>;
};

const handlers: Handlers = {
  submit: intake.submit,
  passPreReview: intake.passPreReview,
  requestCorrection: intake.requestCorrection,
  resubmit: intake.resubmit,
  confirmPaper: intake.confirmPaper,
  accept: intake.accept,
  refuse: intake.refuse,
  deemAccept: intake.deemAccept,
  recordStageOpinion: intake.recordStageOpinion,
  withdraw: intake.withdraw,
  completeStep: review.completeStep,
  returnStep: review.returnStep,
  distribute: review.distribute,
  answerCoApproval: review.answerCoApproval,
  consolidate: review.consolidate,
  handOff: review.handOff,
  decide: review.decide,
  startSpecialProcedure: outcome.startSpecialProcedure,
  endSpecialProcedure: outcome.endSpecialProcedure,
  explainOverdue,
  extend: outcome.extend,
  requestExtension: extension.requestExtension,
  approveExtension: extension.approveExtension,
  refuseExtension: extension.refuseExtension,
  deliver: outcome.deliver,
  deliveryFailed: outcome.deliveryFailed,
  complete: outcome.complete,
  archive: outcome.archive
};

/**
 * What a command does to a case under its Definition at `now`: the events to append, or a typed rejection
 * with a Chinese sentence. Pure: no clock, no I/O; the calendar is data passed in.
 */
export function decideWith(
  calendar: EngineCalendar,
  definition: Definition,
  state: CaseState | undefined,
  command: Command,
  now: Instant
): Decision<Event> {
  if (state?.status === 'archived') return intake.wrongStatus(state, '办理');
  if (state && state.matterCode !== definition.code) {
    return {
      ok: false,
      rejection: {
        code: 'case.definition',
        message: `办件 ${state.caseNumber} 属于事项 ${state.matterCode}，不能按事项 ${definition.code} 办理。`
      }
    };
  }
  const handler = handlers[command.type] as (
    ctx: Context,
    state: CaseState | undefined,
    command: Command
  ) => Decision<Event>;
  const decision = handler(context(definition, calendar, now), state, command);
  if (!decision.ok) return decision;
  // What the handler would do, only if the one place that says who may give which command allows this actor: the
  // handlers' own checks say why in the step's words; this one closes what they leave open (a post, not a department).
  const authority = authorityFor(definition, state, command.type);
  if (!mayGive(authority, command.by, state)) {
    return {
      ok: false,
      rejection: {
        code: 'actor.not-allowed',
        message: `“${commandLabels[command.type]}”应由${postsText(authority)}办理，${actorLabel(command.by)}不能办理。`
      }
    };
  }
  return decision;
}
