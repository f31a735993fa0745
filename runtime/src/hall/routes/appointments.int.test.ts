import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../testing/database.ts';
import { loadCatalog } from '../../testing/catalog.ts';
import { openTestApp, type TestApp } from '../../testing/http.ts';

const { byName } = loadCatalog();
const hygiene = byName('公共场所卫生许可');

describe.each(dbKinds)('appointments in the hall on %s', kind => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(kind);
    t.clock.set('2026-10-12 10:00');
  });
  afterAll(async () => t?.close());

  it('chooses a matter, books a slot on a workday, sees it, and cancels it', async () => {
    const person = await t.as('11010519491231002X');
    const first = await person.page('/hall/appointments');
    expect(first.status).toBe(200);
    expect(first.body).toContain(`<option value="${hygiene.code}">${hygiene.name}</option>`);
    const second = await person.page(`/hall/appointments?matter=${hygiene.code}`);
    expect(second.body).toContain(hygiene.places[0]);
    // 2026-10-13 is a Tuesday: the first workday after today; lunch is not offered.
    expect(second.body).toContain('<option value="2026-10-13">');
    expect(second.body).not.toContain('<option value="12:00">');

    const booked = await person.postForm('/hall/appointments', {
      matter: hygiene.code,
      place: hygiene.places[0]!,
      day: '2026-10-13',
      time: '09:30'
    });
    expect(booked.status).toBe(303);
    const list = await person.page(booked.headers.get('location')!);
    expect(list.body).toContain('预约成功');
    expect(list.body).toContain('2026年10月13日 09:30');
    const id = /action="\/hall\/appointments\/([0-9a-f-]{36})\/cancel"/.exec(list.body)![1]!;

    const twice = await person.postForm('/hall/appointments', {
      matter: hygiene.code,
      place: hygiene.places[0]!,
      day: '2026-10-13',
      time: '09:30'
    });
    expect(twice.status).toBe(409);
    expect(twice.body).toContain('您在这个时段已有预约');

    const other = await t.as('91350100M000100Y43');
    expect((await other.postForm(`/hall/appointments/${id}/cancel`, {})).status).toBe(404);
    const cancelled = await person.postForm(`/hall/appointments/${id}/cancel`, {});
    expect(cancelled.status).toBe(303);
    expect((await person.page('/hall/appointments')).body).toContain('已取消');
  });

  it('refuses a slot outside office hours or on a holiday, keeping the choices', async () => {
    const person = await t.as('11010519491231002X');
    const lunch = await person.postForm('/hall/appointments', {
      matter: hygiene.code,
      place: hygiene.places[0]!,
      day: '2026-10-13',
      time: '12:00'
    });
    expect(lunch.status).toBe(422);
    expect(lunch.body).toContain('<a href="#time">');
    expect(lunch.body).toContain('<option value="2026-10-13" selected="">');
    const holiday = await person.postForm('/hall/appointments', {
      matter: hygiene.code,
      place: hygiene.places[0]!,
      day: '2026-10-01',
      time: '09:00'
    });
    expect(holiday.status).toBe(422);
    const unknown = await person.postForm('/hall/appointments', {
      matter: '<script>',
      place: 'x',
      day: '2026-10-13',
      time: '09:00'
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toContain('请从列表中选择可预约的事项');
    expect(unknown.body).not.toContain('<script>');
  });
});
