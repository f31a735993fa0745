/** Supervision as the supervisors read it: the supervision-event list and performance figures (the rules are the engine's). */
export { casesBehind, measurePerformance, type CaseBehind } from './measure.ts';
export { performanceCsv, performanceXlsx } from './export.ts';
export { figures, type Figure, type PerformanceRow } from './performance.ts';
export { periodOf, periodPattern } from './period.ts';
export { supervisionEvents } from './events.ts';
export { explanationsAsked } from './asked.ts';
export {
  accountabilityMeasures,
  handleEvent,
  supervisionEvent,
  supervisionTimerHandlers,
  type AccountabilityMeasure,
  type StepInput
} from './handling.ts';
export {
  handlingActionLabels,
  handlingActions,
  handlingStateLabels,
  handlingStates,
  sectionChief,
  type HandlingState
} from './handling-rules.ts';
export { findCjkFont, fontBytes, type CjkFont } from './report/font.ts';
