/** @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import { audit } from '../platform/audit.ts';
import type { Applicant } from '../accounts/index.ts';
import { shanghaiTime } from '@banshi/definition/calendar';
import {
  book,
  cancelAppointment,
  checkSlot,
  firstSlotStart,
  lastSlotEnd,
  myAppointments,
  slotMinutes
} from '../requests/index.ts';
import { Refusal } from '../platform/refusal.ts';
import { CalendarRangeError } from '@banshi/definition/calendar';
import type { AppEnv } from '../web/env.ts';
import { peerAddress as ip } from '../web/peer.ts';
import type { Services } from '../cases/index.ts';
import { Csrf, ErrorSummary, Field, described, type FieldErrors } from './form.tsx';
import { Layout } from './layout.tsx';
import { applicantOrSignIn, formOf, view, viewerOf, type HallContext, type Viewer } from './render.ts';

const notices: Record<string, string> = {
  booked: '预约成功。请按时到场，如不能前往请提前取消。',
  cancelled: '预约已取消。'
};
const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

interface Props {
  viewer: Viewer;
  matters: Array<{ code: string; name: string; places: readonly string[] }>;
  chosen: { code: string; name: string; places: readonly string[] } | undefined;
  days: string[];
  times: string[];
  mine: Awaited<ReturnType<typeof myAppointments>>;
  form: Record<string, string>;
  errors: FieldErrors;
  notice?: string | undefined;
  now: number;
}

function Appointments(props: Props) {
  const { chosen, form, errors, viewer, mine } = props;
  return (
    <Layout title="预约到大厅办理" viewer={viewer}>
      <h1>预约到大厅办理</h1>
      <ErrorSummary errors={errors} />
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <p>到服务大厅窗口提交材料或办理业务，可先预约时段，到场免排队。工作日 9:00–17:00，每 30 分钟一个时段。</p>
      {mine.noShows > 0 && (
        <p class="warn">您已失约 {mine.noShows} 次。失约超过 3 次的，将被限制网上申请。不能前往时，请提前取消预约。</p>
      )}

      <h2 id="book">预约</h2>
      {!chosen ? (
        <form method="get" action="/hall/appointments">
          <Field id="matter" label="办理事项" error={errors.matter} required>
            <select id="matter" name="matter" required {...described('matter', undefined, errors.matter)}>
              <option value="">请选择</option>
              {props.matters.map(m => (
                <option value={m.code} selected={m.code === form.matter}>
                  {m.name}
                </option>
              ))}
            </select>
          </Field>
          <div class="actions">
            <button type="submit">下一步：选择时间</button>
          </div>
        </form>
      ) : (
        <form method="post" action="/hall/appointments">
          <Csrf token={viewer.csrf} />
          <input type="hidden" name="matter" value={chosen.code} />
          <p>
            办理事项：<strong>{chosen.name}</strong>（<a href="/hall/appointments">换一个事项</a>）
          </p>
          {form.case && <p class="hint">关联办件：{form.case}</p>}
          <input type="hidden" name="case" value={form.case ?? ''} />
          <Field id="place" label="办理地点" error={errors.place} required>
            <select id="place" name="place" required {...described('place', undefined, errors.place)}>
              {chosen.places.map(p => (
                <option value={p} selected={p === form.place}>
                  {p}
                </option>
              ))}
            </select>
          </Field>
          <Field id="day" label="日期（工作日）" error={errors.day} required>
            <select id="day" name="day" required {...described('day', undefined, errors.day)}>
              {props.days.map(d => (
                <option value={d} selected={d === form.day}>
                  {d}
                </option>
              ))}
            </select>
          </Field>
          <Field id="time" label="时段" error={errors.time} required>
            <select id="time" name="time" required {...described('time', undefined, errors.time)}>
              {props.times.map(t => (
                <option value={t} selected={t === form.time}>
                  {t}–{hhmm(Number(t.slice(0, 2)) * 60 + Number(t.slice(3)) + slotMinutes)}
                </option>
              ))}
            </select>
          </Field>
          <div class="actions">
            <button type="submit">确认预约</button>
          </div>
        </form>
      )}

      <h2 id="mine">我的预约</h2>
      {mine.items.length === 0 ? (
        <p>暂无预约。</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">时段</th>
                <th scope="col">事项与地点</th>
                <th scope="col">状态</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {mine.items.map(a => (
                <tr>
                  <td>{shanghaiTime(Date.parse(a.slotAt))}</td>
                  <td>
                    {a.matter ?? a.matterCode}
                    <br />
                    <span class="muted">{a.place}</span>
                  </td>
                  <td>{a.statusLabel}</td>
                  <td>
                    {a.status === 'booked' && Date.parse(a.slotAt) > props.now ? (
                      <form method="post" action={`/hall/appointments/${a.id}/cancel`}>
                        <Csrf token={viewer.csrf} />
                        <button
                          type="submit"
                          class="secondary"
                          aria-label={`取消 ${shanghaiTime(Date.parse(a.slotAt))} 的预约`}
                        >
                          取消
                        </button>
                      </form>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

/** 预约: book a half-hour slot at one of the matter's places; cancel; see no-shows counted. */
export function appointmentPages(app: Hono<AppEnv>, s: Services): void {
  const matters = () =>
    s.registry
      .all()
      .map(m => m.definition)
      .filter(d => d.places.length > 0 && d.submission.includes('onSite'))
      .map(d => ({ code: d.code, name: d.name, places: d.places }))
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
  const times = (sample: string | undefined) => {
    const out: string[] = [];
    for (let m = firstSlotStart; m + slotMinutes <= lastSlotEnd; m += slotMinutes) {
      const t = hhmm(m);
      try {
        if (sample) checkSlot(s.calendar(), Date.parse(`${sample}T${t}:00+08:00`), s.now());
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
      Appointments,
      {
        viewer: viewerOf(c)!,
        matters: all,
        chosen,
        days: open,
        times: times(open[0]),
        mine: await myAppointments(s.db, applicant.id, { limit: 50 }),
        form,
        errors,
        notice: notices[c.req.query('done') ?? ''],
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
      checkSlot(s.calendar(), slotAt, s.now());
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
