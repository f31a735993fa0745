export { InvalidDateError, MissingCalendarError, WorkCalendar } from './workdays.ts';
