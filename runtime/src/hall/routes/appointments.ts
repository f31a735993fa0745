import type { Hono } from 'hono';
import type { Definition } from '@banshi/definition';
import { CalendarRangeError } from '@banshi/definition/calendar';
import type { Applicant } from '../../accounts/index.ts';
import type { Services } from '../../cases/index.ts';
import { audit } from '../../platform/audit.ts';
import { Refusal } from '../../platform/refusal.ts';
import {
  book,
  cancelAppointment,
  checkSlot,
  firstSlotStart,
  lastSlotEnd,
  myAppointments,
  slotCalendar,
  slotMinutes
} from '../../requests/index.ts';
import type { AppEnv } from '../../web/env.ts';
import { peerAddress as ip } from '../../web/peer.ts';
import type { FieldErrors } from '../components/form.tsx';
import { hhmm } from '../components/labels.ts';
import { applicantOrSignIn, formOf, view, viewerOf, type HallContext, doneNotice } from '../render.ts';
import { AppointmentsPage } from '../views/appointments/AppointmentsPage.tsx';

const notices: Record<string, string> = {
  booked: '预约成功。请按时到场，如不能前往请提前取消。',
  cancelled: '预约已取消。'
};

/**
 * 预约 (/hall/appointments): book a half-hour slot at one of the matter's places on one of the next ten workdays,
 * cancel one (/hall/appointments/:id/cancel), and see the no-shows counted.
 */
export function appointmentRoutes(app: Hono<AppEnv>, s: Services): void {
  const matters = () =>
    s.registry
      .all()
      .map(m => m.definition)
      .filter(d => d.places.length > 0 && d.submission.includes('onSite'))
      .map(d => ({ code: d.code, name: d.name, places: d.places, department: d.department }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));

  /** The next ten workdays, and the slots of a day that are open (lunch and office hours by checkSlot). */
  const days = () => {
    const calendar = s.calendar();
    const out: string[] = [];
    let day = calendar.dateOf(s.now());
    for (let i = 0; i < 40 && out.length < 10; i++) {
      day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      try {
        if (calendar.isWorkday(day)) out.push(day);
      } catch (error) {
        // Beyond the years any calendar can be worked out for: no days to offer.
        if (error instanceof CalendarRangeError) break;
        throw error;
      }
    }
    return out;
  };
  /** The open slots of a day, at the chosen matter's window (its department's own office hours, if any). */
  const times = (sample: string | undefined, matter?: { department: Definition['department'] }) => {
    const calendar = matter ? slotCalendar(s.calendar(), matter) : s.calendar();
    const out: string[] = [];
    for (let m = firstSlotStart; m + slotMinutes <= lastSlotEnd; m += slotMinutes) {
      const t = hhmm(m);
      try {
        if (sample) checkSlot(calendar, Date.parse(`${sample}T${t}:00+08:00`), s.now());
        out.push(t);
      } catch (error) {
        // Refused slots (over lunch) are not offered.
        if (!(error instanceof Refusal)) throw error;
      }
    }
    return out;
  };

  const show = async (
    c: HallContext,
    applicant: Applicant,
    form: Record<string, string>,
    errors: FieldErrors = {},
    status = 200
  ) => {
    const all = matters();
    const chosen = all.find(m => m.code === form.matter);
    if (form.matter && !chosen && !errors.matter) errors.matter = '请从列表中选择可预约的事项';
    const open = days();
    return view(
      c,
      AppointmentsPage,
      {
        viewer: viewerOf(c)!,
        matters: all,
        chosen,
        days: open,
        times: times(open[0], chosen),
        mine: await myAppointments(s.db, applicant.id, { limit: 50 }),
        form,
        errors,
        notice: doneNotice(notices, c.req.query('done')),
        now: s.now()
      },
      status
    );
  };

  app.get('/hall/appointments', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const q = c.req.query();
    return show(c, applicant, {
      ...(q.matter ? { matter: q.matter.slice(0, 40) } : {}),
      ...(q.case ? { case: q.case.slice(0, 40) } : {})
    });
  });

  app.post('/hall/appointments', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const form = await formOf(c, 200);
    const matter = matters().find(m => m.code === form.matter);
    const errors: FieldErrors = {};
    if (!matter) errors.matter = '请从列表中选择可预约的事项';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.day ?? '')) errors.day = '请选择日期';
    if (!/^\d{2}:\d{2}$/.test(form.time ?? '')) errors.time = '请选择时段';
    if (Object.keys(errors).length > 0) return show(c, applicant, form, errors, 422);
    try {
      const slotAt = Date.parse(`${form.day}T${form.time}:00+08:00`);
      checkSlot(slotCalendar(s.calendar(), matter!), slotAt, s.now());
      await book(
        s.db,
        {
          userId: applicant.id,
          matter: { code: matter!.code, places: matter!.places },
          place: form.place ?? '',
          slotAt
        },
        s.now(),
        (tx, created) =>
          audit(tx, { actor: applicant, action: 'appointment.book', outcome: 'ok', target: created.id, ip: ip(c) })
      );
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      await audit(s.db, {
        actor: applicant,
        action: 'appointment.book',
        outcome: 'rejected',
        ip: ip(c),
        detail: { code: error.code }
      });
      const field =
        error.code === 'appointment.place' ? 'place' : error.code === 'appointment.not-open' ? 'day' : 'time';
      return show(c, applicant, form, { [field]: error.message }, error.kind === 'conflict' ? 409 : 422);
    }
    return c.redirect('/hall/appointments?done=booked', 303);
  });

  app.post('/hall/appointments/:id/cancel', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const id = c.req.param('id');
    try {
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Refusal('notFound', 'appointment.not-found', '找不到这个预约。');
      await cancelAppointment(s.db, { id, userId: applicant.id }, s.now(), tx =>
        audit(tx, { actor: applicant, action: 'appointment.cancel', outcome: 'ok', target: id, ip: ip(c) })
      );
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      await audit(s.db, {
        actor: applicant,
        action: 'appointment.cancel',
        outcome: error.kind === 'notFound' ? 'denied' : 'rejected',
        target: id,
        ip: ip(c)
      });
      return show(c, applicant, {}, { mine: error.message }, error.kind === 'notFound' ? 404 : 409);
    }
    return c.redirect('/hall/appointments?done=cancelled', 303);
  });
}
