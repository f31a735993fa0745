import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../testing/database.ts';
import { loadCatalog } from '../testing/catalog.ts';
import { openTestApp, type TestApp } from '../testing/http.ts';
import { windowEntry } from '../testing/submissions.ts';
import { recordFigures } from '../../../tools/proof/figures.ts';

const { byName } = loadCatalog();
const hygiene = byName('公共场所卫生许可');

/**
 * Every hall page that takes a form, with the ids it needs filled in from `ids`. Signing in, registering and out
 * come last: they end the session the others are posted in.
 */
const posts = [
  '/hall/matters/:code/apply',
  '/hall/cases/:id/resubmit',
  '/hall/cases/:id/withdraw',
  '/hall/cases/:id/evaluation',
  '/hall/drafts/:id/delete',
  '/hall/appointments',
  '/hall/appointments/:id/cancel',
  '/hall/consultations',
  '/hall/complaints',
  '/hall/inbox',
  '/hall/inbox/:id/read',
  '/hall/restriction/appeal',
  '/hall/account/email',
  '/hall/account/email/confirm',
  '/hall/account/email/remove',
  '/hall/login',
  '/hall/register/person',
  '/hall/register/organisation',
  '/hall/logout'
];
const gets = [
  '/hall',
  '/hall/track',
  '/hall/login',
  '/hall/register',
  '/hall/matters/:code',
  '/hall/matters/:code/apply',
  '/hall/my',
  '/hall/cases/:id',
  '/hall/cases/:id/receipt',
  '/hall/cases/:id/notices/:index',
  '/hall/cases/:id/licence',
  '/hall/cases/:id/evaluation',
  '/hall/appointments',
  '/hall/consultations',
  '/hall/complaints',
  '/hall/inbox',
  '/hall/restriction',
  '/hall/account',
  '/hall/account/email/confirm'
];
const fields = [
  'matter',
  'department',
  'question',
  'content',
  'caseNumber',
  'level',
  'reason',
  'day',
  'time',
  'place',
  'case',
  'login',
  'password',
  'intent',
  'draft',
  'channel',
  'delivery',
  'inspectionMode',
  'commitment',
  'pickup.address',
  'pickup.phone',
  'keep',
  'add',
  'remove',
  `answer.${hygiene.form[0]!.name}`,
  'confirm',
  'restrictionId',
  'before',
  'name',
  'idNumber',
  'creditCode',
  'phone',
  'email',
  'token',
  'next'
];
const odd = [
  '',
  '\u0000',
  '\uD800',
  '<script>alert(1)</script>',
  'x'.repeat(6000),
  '2026-02-30',
  '99:99',
  '-1',
  '1e309',
  '__proto__',
  '../../etc/passwd',
  '😀'.repeat(50)
];
const queries = [
  '?q=%00',
  '?matter=%3Cscript%3E&case=%00',
  '?number=x&holder=%E0%A4%A',
  '?before=-1&done=__proto__',
  '?draft=not-a-uuid&next=//evil.example',
  `?department=${'x'.repeat(3000)}`
];

describe.each(dbKinds)('hall pages given malformed input on %s', kind => {
  let t: TestApp;
  let ids: Record<string, string[]>;
  /** Every answer of the two sweeps by status, for `npm run proof`'s figures. */
  const answered = new Map<number, number>();
  const tally = (status: number) => answered.set(status, (answered.get(status) ?? 0) + 1);
  beforeAll(async () => {
    t = await openTestApp(kind);
    t.clock.set('2026-10-12 10:00');
    const caseId = await windowEntry(t, hygiene, '11010519491231002X');
    ids = {
      ':id': [caseId, '00000000-0000-0000-0000-000000000000', 'not-a-uuid', '%00', '1'.repeat(300)],
      ':code': [hygiene.code, 'NOPE', '%3Cscript%3E'],
      ':index': ['0', '99999999999999999999', '-1', 'x']
    };
  });
  afterAll(async () => {
    recordFigures(`malformed-hall-${kind}`, {
      forms: posts.length,
      pages: gets.length,
      requests: [...answered.values()].reduce((a, b) => a + b, 0),
      fiveHundreds: [...answered].reduce((n, [s, c]) => n + (s >= 500 ? c : 0), 0),
      statuses: Object.fromEntries(answered)
    });
    await t?.close();
  });

  /** Each path with every value for its placeholders (one placeholder varied at a time). */
  const expand = (path: string) => {
    const out = [path];
    for (const [name, values] of Object.entries(ids)) {
      const next: string[] = [];
      for (const p of out)
        for (const v of p.includes(name) ? values : ['']) next.push(p.includes(name) ? p.replace(name, v) : p);
      out.splice(0, out.length, ...next);
    }
    return out;
  };

  // First: the form sweep below signs the person out.
  it('a done= the page does not know changes nothing on it, not even a name every object has', async () => {
    const person = await t.as('11010519491231002X');
    for (const path of ['/hall/my', '/hall/appointments', '/hall/restriction', '/hall/inbox', '/hall/consultations']) {
      const plain = await person.page(path);
      expect(plain.status, path).toBe(200);
      for (const done of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'nonsense']) {
        const page = await person.page(`${path}?done=${done}`);
        expect(page.status, `${path}?done=${done}`).toBe(200);
        expect(page.body.replaceAll(`?done=${done}`, ''), `${path}?done=${done}`).toBe(plain.body);
      }
    }
  });

  it('no form post ends in a server error, signed in or not, whatever the body', async () => {
    const person = await t.as('11010519491231002X');
    const page = await person.page('/hall/my');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const cookie = (person as unknown as { cookie: string }).cookie;
    const bodies: Array<{ type?: string; body: BodyInit }> = [
      { type: 'application/x-www-form-urlencoded', body: '' },
      {
        type: 'application/x-www-form-urlencoded',
        body: `_csrf=${csrf}&${fields.map(f => `${encodeURIComponent(f)}=%00&${encodeURIComponent(f)}=%ZZ`).join('&')}`
      },
      { type: 'application/json', body: `{"_csrf":"${csrf}","matter":[1]}` },
      { type: 'text/plain', body: 'just text' },
      { type: 'multipart/form-data; boundary=broken', body: '--broken\r\nnot a part' }
    ];
    for (const value of odd) {
      const form = new URLSearchParams({ _csrf: csrf });
      for (const f of fields) form.append(f, value);
      bodies.push({ type: 'application/x-www-form-urlencoded', body: form.toString() });
      const multipart = new FormData();
      multipart.append('_csrf', csrf);
      for (const f of fields) multipart.append(f, value);
      multipart.append(`file.${hygiene.materials[0]!.id}`, new File([value || 'x'], 'a.pdf'));
      bodies.push({ body: multipart });
    }
    const failures: string[] = [];
    const seen = new Map<number, number>();
    for (const path of posts.flatMap(expand)) {
      for (const who of [cookie, undefined]) {
        for (const { type, body } of bodies) {
          const headers: Record<string, string> = {
            ...(type ? { 'content-type': type } : {}),
            ...(who ? { cookie: who } : {})
          };
          const response = await t.app.request(path, { method: 'POST', headers, body });
          seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
          tally(response.status);
          if (response.status >= 500)
            failures.push(
              `${response.status} POST ${path.slice(0, 80)} ${who ? 'signed in' : 'anonymous'} ${type ?? 'multipart'}`
            );
        }
      }
    }
    expect(failures).toEqual([]);
    // The bodies reached the pages' own checks (not only the CSRF gate): refusals of the input, redirects after work.
    expect([...seen.keys()]).toEqual(expect.arrayContaining([303, 400, 403, 404, 422]));
  }, 120_000);

  it('no page ends in a server error, whatever the address and query', async () => {
    const person = await t.as('11010519491231002X');
    const failures: string[] = [];
    for (const path of gets.flatMap(expand)) {
      for (const query of ['', ...queries]) {
        for (const client of [person, t.anonymous]) {
          const response = await client.page(path + query);
          tally(response.status);
          if (response.status >= 500) failures.push(`${response.status} GET ${path.slice(0, 80)}${query.slice(0, 40)}`);
          else if (response.status < 300) expect(response.headers.get('content-type')).toContain('text/html');
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
