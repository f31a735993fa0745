import type { RequestTimerKind } from './timers.ts';
import { randomUUID } from 'node:crypto';
import type { Db, Sql } from '../platform/db/db.ts';
import { cancelTimer, scheduleTimer } from '../platform/worker/schedule.ts';
import { appointmentStatusLabels } from './labels.ts';
import { type PageRequest, cursorParams, nextCursor } from '../platform/page.ts';
import { type Extra, noExtra } from '../platform/extra.ts';
import { Refusal } from '../platform/refusal.ts';
import { iso } from '../platform/time.ts';
import { slotEnd } from './slots.ts';

export type AppointmentStatus = keyof typeof appointmentStatusLabels;

interface Row {
  id: string;
  user_id: string;
  matter_code: string;
  matter: string | null;
  department: string | null;
  place: string;
  slot_at: Date;
  status: AppointmentStatus;
  created_at: Date;
  applicant: string | null;
}

export interface AppointmentView {
  id: string;
  matterCode: string;
  matter: string | null;
  department: string | null;
  place: string;
  slotAt: string;
  slotEnd: string;
  status: AppointmentStatus;
  statusLabel: string;
  createdAt: string;
}

/** The department that handles a matter: that of its newest version. */
const matterOf = (column: string) =>
  `(select m.department from matter_versions m where m.code = ${column} order by m.version desc limit 1)`;

const select = `select a.id, a.user_id, a.matter_code, a.place, a.slot_at, a.status, a.created_at, ${matterOf('a.matter_code')} as department,
    (select m.name from matter_versions m where m.code = a.matter_code order by m.version desc limit 1) as matter, u.name as applicant
  from appointments a left join users u on u.id = a.user_id`;

const view = (r: Row): AppointmentView => ({
  id: r.id,
  matterCode: r.matter_code,
  matter: r.matter,
  department: r.department,
  place: r.place,
  slotAt: iso(r.slot_at),
  slotEnd: iso(slotEnd(r.slot_at.getTime())),
  status: r.status,
  statusLabel: appointmentStatusLabels[r.status],
  createdAt: iso(r.created_at)
});

/** The Shanghai date of an instant, YYYY-MM-DD. */
const shanghaiDate = (at: number) => iso(at + 8 * 3_600_000).slice(0, 10);

/**
 * Books a slot (already checked with `checkSlot`) at one of the matter's places. A 'appointmentNoShow' timer at the
 * slot's end marks the appointment a no-show unless it was attended or cancelled by then.
 */
export async function book(
  db: Db,
  input: { userId: string; matter: { code: string; places: readonly string[] }; place: string; slotAt: number },
  now: number,
  extra: Extra<AppointmentView> = noExtra
): Promise<AppointmentView> {
  if (!input.matter.places.includes(input.place)) {
    throw new Refusal(
      'invalid',
      'appointment.place',
      `该事项没有“${input.place}”这个办理地点，可选：${input.matter.places.join('、')}。`,
      { places: input.matter.places }
    );
  }
  return db.transaction(async tx => {
    // Serialises one user's bookings, so two requests for the same slot cannot both pass the check.
    await tx.query('select 1 from users where id = $1 for update', [input.userId]);
    const taken = await tx.query(
      `select 1 from appointments where user_id = $1 and slot_at = $2 and status = 'booked'`,
      [input.userId, iso(input.slotAt)]
    );
    if (taken.length > 0) throw new Refusal('conflict', 'appointment.duplicate', '您在这个时段已有预约。');
    const id = randomUUID();
    await tx.query(
      `insert into appointments (id, user_id, matter_code, place, slot_at, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $6)`,
      [id, input.userId, input.matter.code, input.place, iso(input.slotAt), iso(now)]
    );
    await scheduleTimer<RequestTimerKind>(tx, {
      subjectId: id,
      key: 'noShow',
      kind: 'appointmentNoShow',
      dueAt: slotEnd(input.slotAt)
    });
    const [row] = await tx.query<Row>(`${select} where a.id = $1`, [id]);
    const created = view(row!);
    await extra(tx, created);
    return created;
  });
}

/** An applicant's appointments, newest slot first, and how many they missed (more than three blacklist them). */
export async function myAppointments(sql: Sql, userId: string, page: PageRequest) {
  const [at, id] = cursorParams(page);
  const rows = await sql.query<Row>(
    `${select} where a.user_id = $1 and ($2::timestamptz is null or (a.slot_at, a.id) < ($2::timestamptz, $3::uuid))
     order by a.slot_at desc, a.id desc limit $4`,
    [userId, at, id, page.limit]
  );
  const [count] = await sql.query<{ n: number }>(
    `select count(*)::int as n from appointments where user_id = $1 and status = 'noShow'`,
    [userId]
  );
  const items = rows.map(view);
  return { items, noShows: count?.n ?? 0, next: nextCursor(items, page.limit, a => ({ at: a.slotAt, id: a.id })) };
}

/** A department's appointments on one day, in slot order, with the applicant's name for the window. */
export async function departmentAppointments(sql: Sql, department: string, date: string) {
  const start = Date.parse(`${date}T00:00:00+08:00`);
  const rows = await sql.query<Row>(
    `${select} where ${matterOf('a.matter_code')} = $1 and a.slot_at >= $2 and a.slot_at < $3 order by a.slot_at, a.id`,
    [department, iso(start), iso(start + 86_400_000)]
  );
  return rows.map(r => ({ ...view(r), applicant: r.applicant }));
}

async function load(tx: Sql, id: string): Promise<Row | undefined> {
  const [row] = await tx.query<Row>(`${select} where a.id = $1 for update of a`, [id]);
  return row;
}

/** The applicant cancels their own booking before the slot begins. */
export async function cancelAppointment(
  db: Db,
  input: { id: string; userId: string },
  now: number,
  extra: Extra<AppointmentView> = noExtra
): Promise<AppointmentView> {
  return db.transaction(async tx => {
    const row = await load(tx, input.id);
    if (!row || row.user_id !== input.userId)
      throw new Refusal('notFound', 'appointment.not-found', '找不到这个预约。');
    if (row.status !== 'booked')
      throw new Refusal(
        'conflict',
        'appointment.wrong-status',
        `这个预约${appointmentStatusLabels[row.status]}，不能取消。`,
        { status: row.status }
      );
    if (now >= row.slot_at.getTime())
      throw new Refusal('conflict', 'appointment.started', '预约时段已经开始，不能再取消。');
    const result = await setStatus(tx, row, 'cancelled', now);
    await extra(tx, result);
    return result;
  });
}

/** The window records that the applicant came, on the day of the slot; no no-show is then recorded. */
export async function attend(
  db: Db,
  input: { id: string; department: string },
  now: number,
  extra: Extra<AppointmentView> = noExtra
): Promise<AppointmentView> {
  return db.transaction(async tx => {
    const row = await load(tx, input.id);
    if (!row || row.department !== input.department)
      throw new Refusal('notFound', 'appointment.not-found', '找不到这个预约，或它不属于您所在部门的事项。');
    if (row.status !== 'booked')
      throw new Refusal(
        'conflict',
        'appointment.wrong-status',
        `这个预约${appointmentStatusLabels[row.status]}，不能登记到场。`,
        { status: row.status }
      );
    if (shanghaiDate(now) !== shanghaiDate(row.slot_at.getTime())) {
      throw new Refusal(
        'conflict',
        'appointment.not-today',
        `只能在预约当天（${shanghaiDate(row.slot_at.getTime())}）登记到场。`
      );
    }
    const result = await setStatus(tx, row, 'attended', now);
    await extra(tx, result);
    return result;
  });
}

async function setStatus(tx: Sql, row: Row, status: AppointmentStatus, now: number): Promise<AppointmentView> {
  await tx.query(`update appointments set status = $2, updated_at = $3 where id = $1`, [row.id, status, iso(now)]);
  await cancelTimer(tx, row.id, 'noShow', now);
  return view({ ...row, status });
}
