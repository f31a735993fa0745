import type { WorkCalendar } from '@banshi/definition/calendar';
import { notifyInbox } from '../platform/notify.ts';
import type { Db } from '../platform/db/db.ts';

const handled = new WeakMap<Db, Set<string>>();

/**
 * From 1 November, while next year is still counted on the provisional rule, the reform office gets one notice in
 * its inbox saying so and where to publish the calendar; once more from 1 December if it is still missing. Each
 * notice goes once, whichever process gets there first. Returns how many notices were sent.
 */
export async function remindOfNextYear(db: Db, calendar: WorkCalendar, now: number): Promise<number> {
  const today = calendar.dateOf(now);
  const month = Number(today.slice(5, 7));
  if (month < 11) return 0;
  const next = Number(today.slice(0, 4)) + 1;
  if (!calendar.isProvisionalYear(next)) return 0;
  const key = `calendar-provisional:${next}:${month}`;
  // Asked on every worker pass: once a process has seen a key settled, it does not ask the database again.
  const settled = handled.get(db) ?? new Set<string>();
  handled.set(db, settled);
  if (settled.has(key)) return 0;
  const sent = await db.transaction(async tx => {
    const claimed = await tx.query(
      'insert into sent_reminders (key, sent_at) values ($1, $2) on conflict (key) do nothing returning key',
      [key, new Date(now).toISOString()]
    );
    if (claimed.length === 0) return 0;
    const staff = await tx.query<{ id: string }>(
      `select id from users where kind = 'staff' and duties @> '["reformOffice"]'::jsonb order by id`
    );
    for (const { id } of staff) {
      await notifyInbox(
        tx,
        {
          userId: id,
          subject:
            month === 11
              ? `【工作日历】${next} 年节假日安排尚未发布`
              : `【工作日历】${next} 年节假日安排仍未发布（再次提醒）`,
          body:
            `系统中还没有 ${next} 年的工作日历。在发布之前，涉及 ${next} 年的办理期限按《全国年节及纪念日放假办法》推算（周末和法定节假日休息，不含调休），` +
            `在大厅、回执和通知中标注“暂定”。国务院办公厅公布 ${next} 年部分节假日安排的通知后，请在工作日历（/api/studio/calendars）中起草 ${next} 年日历` +
            `（“日历 ${next} { 节假日 … 调休上班 … }”），检查无误后提交审改办负责人批准；批准即发布，在办件的期限随即按公布的安排重新计算，并告知申请人。`,
          payload: { kind: 'calendarReminder', year: next }
        },
        now
      );
    }
    return staff.length;
  });
  settled.add(key);
  return sent;
}
