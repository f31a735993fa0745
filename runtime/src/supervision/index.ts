export { supervise, supervisionTimers } from './rules.ts';
export { watched, type Watched } from './watched.ts';
export { expectedLegalDeadline } from './expected.ts';
export { performance, type DepartmentPerformance, type Rating } from './performance.ts';
