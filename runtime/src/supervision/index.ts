/** Supervision as the supervisors read it: the supervision-event list and performance figures (the rules are the engine's). */
export { measurePerformance } from './measure.ts';
export { supervisionEvents } from './events.ts';
