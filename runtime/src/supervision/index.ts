export { supervise, supervisionTimers } from '../cases/engine/supervise.ts';
export { watched, type Watched } from '../cases/engine/watched.ts';
export { expectedLegalDeadline } from '../cases/engine/expected.ts';
export { performance, type DepartmentPerformance, type Rating } from './performance.ts';
