export { InvalidOfficeHoursError, MissingOfficeHoursError } from './office-hours.ts';
export type { Pause } from './pauses.ts';
export { provisionalRange, provisionalSource, provisionalYear, statutoryHolidays } from './provisional.ts';
export { type Instant, InvalidDateError, dateOf, dayMs, shanghaiTime } from './time.ts';
export { CalendarRangeError, WorkCalendar } from './workdays.ts';
