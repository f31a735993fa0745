import type { Definition } from '@banshi/definition';
import { CalendarRangeError, type WorkCalendar } from '@banshi/definition/calendar';
import { Refusal } from '../platform/refusal.ts';

/** Appointments are made in half-hour slots between 09:00 and 17:00 Shanghai time on workdays. */
export const slotMinutes = 30;
export const firstSlotStart = 9 * 60;
export const lastSlotEnd = 17 * 60;

const minuteMs = 60_000;
const shanghaiOffsetMs = 8 * 60 * minuteMs;

/** The calendar a matter's slots keep to: its department's own office hours where it wrote them (办公时间). */
export function slotCalendar(calendar: WorkCalendar, definition: Pick<Definition, 'department'>): WorkCalendar {
  const hours = definition.department.officeHours;
  return hours ? calendar.withOfficeHours(hours) : calendar;
}

/** When a slot that starts at `slotAt` ends. */
export const slotEnd = (slotAt: number) => slotAt + slotMinutes * minuteMs;

/** Minutes since Shanghai midnight, and whether the instant falls exactly on a minute. */
function localMinute(at: number): { minute: number; whole: boolean } {
  const local = at + shanghaiOffsetMs;
  const inDay = ((local % 86_400_000) + 86_400_000) % 86_400_000;
  return { minute: Math.floor(inDay / minuteMs), whole: inDay % minuteMs === 0 };
}

/**
 * Whether `slotAt` is a slot one may book at `now`: in the future, on a workday of the catalogue's calendar,
 * starting on the hour or half hour between 09:00 and 16:30, and inside the hall's office hours (not over lunch).
 * Throws a Refusal whose message tells the applicant what to pick instead.
 */
export function checkSlot(calendar: WorkCalendar, slotAt: number, now: number): void {
  if (slotAt <= now) throw new Refusal('invalid', 'appointment.past', '只能预约将来的时段。');
  const { minute, whole } = localMinute(slotAt);
  if (!whole || minute % slotMinutes !== 0 || minute < firstSlotStart || minute + slotMinutes > lastSlotEnd) {
    throw new Refusal(
      'invalid',
      'appointment.slot',
      '预约时段须为工作日 9:00 至 17:00 之间的整点或半点（每段 30 分钟，最晚 16:30 开始）。'
    );
  }
  const date = calendar.dateOf(slotAt);
  let workday: boolean;
  try {
    workday = calendar.isWorkday(date);
  } catch (error) {
    if (error instanceof CalendarRangeError)
      throw new Refusal('invalid', 'appointment.not-open', `不能预约 ${error.year} 年的日期。`, { year: error.year });
    throw error;
  }
  if (!workday)
    throw new Refusal('invalid', 'appointment.not-workday', `${date} 不是工作日（周末或法定节假日），请选择工作日。`, {
      date
    });
  // The calendar's office hours may close over lunch: the whole half hour must be open.
  if (calendar.officeHoursBetween(slotAt, slotEnd(slotAt)) * 60 < slotMinutes - 1e-9) {
    throw new Refusal('invalid', 'appointment.closed', '该时段办事大厅不办公（如午休时间），请选择其他时段。');
  }
}
