/** @jsxImportSource hono/jsx */
import { shanghaiTime } from '@banshi/definition/calendar';
import { slotMinutes, type myAppointments } from '../../../requests/index.ts';
import { Csrf, described, ErrorSummary, Field, type FieldErrors } from '../../components/form.tsx';
import { hhmm } from '../../components/labels.ts';
import { Layout, type Viewer } from '../../components/layout.tsx';

/** A matter that may be booked: one handled on site, at one of its places. */
interface Bookable {
  code: string;
  name: string;
  places: readonly string[];
}

interface Props {
  viewer: Viewer;
  matters: Bookable[];
  chosen: Bookable | undefined;
  days: string[];
  times: string[];
  mine: Awaited<ReturnType<typeof myAppointments>>;
  form: Record<string, string>;
  errors: FieldErrors;
  notice?: string | undefined;
  now: number;
}

/** 预约到大厅办理: choose a matter, then a place, a workday and a half-hour slot; the bookings, each cancellable. */
export function AppointmentsPage(props: Props) {
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
