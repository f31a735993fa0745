/** Supervision: the rules the case engine applies, the supervision-event list and performance figures. */
export { supervise, supervisionTimers } from '../cases/engine/supervise.ts';
export { watched, type Watched } from '../cases/engine/watched.ts';
export { expectedLegalDeadline } from '../cases/engine/expected.ts';
export { measurePerformance } from './measure.ts';
export { supervisionEvents } from './events.ts';
