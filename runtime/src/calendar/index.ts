export { InvalidOfficeHoursError, MissingOfficeHoursError } from './office-hours.ts';
export type { Pause } from './pauses.ts';
export { type Instant, InvalidDateError } from './time.ts';
export { MissingCalendarError, WorkCalendar } from './workdays.ts';
