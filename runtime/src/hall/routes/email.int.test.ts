import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../testing/catalog.ts';
import { dbKinds } from '../../testing/database.ts';
import { openTestApp, type Client, type TestApp } from '../../testing/http.ts';
import { startMailServer, type TestMailServer } from '../../testing/mail-server.ts';
import { submitted } from '../../testing/submissions.ts';
import { inboxChannel, logChannel } from '../../platform/worker/channels.ts';
import { smtpChannel } from '../../platform/worker/smtp.ts';
import { Worker } from '../../platform/worker/worker.ts';

const matter = loadCatalog().byName('社会保险个人参保证明查询打印');
const person = '11010519491231002X';
const organisation = '91350100M000100Y43';
const confirmSubject = '请确认您的电子邮箱';

const unescape = (html: string) =>
  html
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe.each(dbKinds)(
  '电子邮箱：an applicant gives an address, confirms it by the link, and gets notices by mail, on %s',
  kind => {
    let t: TestApp;
    let server: TestMailServer;
    let worker: Worker;
    let applicant: Client;

    beforeAll(async () => {
      [t, server] = await Promise.all([openTestApp(kind), startMailServer()]);
      t.clock.set('2026-10-12 09:00');
      worker = new Worker(t.store.db, {
        handlers: {},
        channels: { inbox: inboxChannel, sms: logChannel('sms', () => {}), email: smtpChannel(server.settings()) },
        now: () => t.clock.now
      });
      applicant = await t.as(person);
    });
    afterAll(async () => {
      await t?.close();
      await server?.close();
    });

    /** What the worker sends now, as the mail server receives it. */
    async function mailsSent(to: string) {
      const before = server.received.length;
      await worker.tick();
      return server.received.slice(before).filter(m => m.to.includes(to));
    }

    /** The link of the confirmation mail sent to `to`, as a path of this site. */
    async function linkSentTo(to: string): Promise<string> {
      const mails = await mailsSent(to);
      expect(mails.map(m => m.mail.subject)).toEqual([confirmSubject]);
      const link = /https?:\/\/\S+/.exec(mails[0]!.mail.text ?? '')?.[0];
      expect(link).toBeDefined();
      const url = new URL(link!);
      return url.pathname + url.search;
    }

    /** Follows a link as the signed-in applicant: opens the page, then presses its button. */
    async function follow(client: Client, path: string) {
      const page = await client.page(path);
      expect(page.status, page.body).toBe(200);
      const token = /name="token" value="([^"]+)"/.exec(page.body)![1]!;
      return client.postForm('/hall/account/email/confirm', { token });
    }

    it('refuses what is not an address, in Chinese, showing what was typed as text, never as HTML', async () => {
      const account = await applicant.page('/hall/account');
      expect(account.body).toContain('尚未设置已确认的电子邮箱');
      const typed = '<img src=x onerror=alert(1)>@example.com';
      const refused = await applicant.postForm('/hall/account/email', { email: typed });
      expect(refused.status).toBe(400);
      expect(refused.body).toContain('请填写正确的电子邮箱地址');
      expect(refused.body).not.toContain('<img src=x');
      expect(unescape(/id="email-address"[^>]*value="([^"]*)"/.exec(refused.body)?.[1] ?? '')).toBe(typed);
      const empty = await applicant.postForm('/hall/account/email', { email: '  ' });
      expect(empty.body).toContain('请填写电子邮箱地址');
      // Without the page's CSRF token, nothing is sent.
      const forged = await applicant.postForm('/hall/account/email', { email: 'x@example.com', _csrf: 'forged' });
      expect(forged.status).toBe(403);
      expect(await mailsSent('x@example.com')).toHaveLength(0);
    });

    it('sends a link; nothing goes to the address until it is confirmed; then a case notice arrives by mail', async () => {
      const sent = await applicant.postForm('/hall/account/email', { email: ' LiSi@Example.COM ' });
      expect(sent.status).toBe(303);
      expect(sent.headers.get('location')).toBe('/hall/account?done=email-sent#email');
      const address = 'LiSi@example.com';
      const link = await linkSentTo(address);
      const waiting = await applicant.page('/hall/account?done=email-sent');
      expect(waiting.body).toContain('确认邮件已发送');
      expect(waiting.body).toContain(`已向 <strong>${address}</strong> 发送确认邮件`);

      // Not yet confirmed: a case's notice goes to the inbox (and SMS), not to the address.
      await submitted(t, matter, person);
      expect(await mailsSent(address)).toHaveLength(0);

      // Opened while signed out, the link asks to sign in first and comes back to itself.
      const signedOut = await t.anonymous.page(link);
      expect(signedOut.status).toBe(303);
      expect(signedOut.headers.get('location')).toBe(`/hall/login?next=${encodeURIComponent(link)}`);

      const confirmed = await follow(applicant, link);
      expect(confirmed.status).toBe(303);
      expect(confirmed.headers.get('location')).toBe('/hall/account?done=email-confirmed#email');
      const account = await applicant.page('/hall/account?done=email-confirmed');
      expect(account.body).toContain('电子邮箱已确认');
      expect(account.body).toContain(`办件通知会发送到 <strong>${address}</strong>`);

      const { caseNumber } = await submitted(t, matter, person);
      const notices = await mailsSent(address);
      expect(notices).toHaveLength(1);
      expect(notices[0]!.mail.subject).toBe(`【${matter.name}】办件 ${caseNumber}`);
      expect(notices[0]!.mail.text).toContain(`您的申请已提交，办件编号 ${caseNumber}。`);
      expect(notices[0]!.secure).toBe(true);

      // Other notices to the applicant (an answer to their consultation) go there too.
      const asked = await applicant.post('/api/hall/consultations', {
        department: '市住房和建设局',
        question: '预售许可和施工许可能同时办理吗？'
      });
      expect(asked.status).toBe(201);
      const window = await t.as('window');
      const answer = '可以并联办理，请在工程建设项目审批系统一并申报。';
      expect((await window.post(`/api/office/consultations/${asked.body.id}/answer`, { answer })).status).toBe(200);
      const answered = await mailsSent(address);
      expect(answered).toHaveLength(1);
      expect(answered[0]!.mail.text).toContain(answer);

      // The link is single-use.
      const again = await applicant.page(link);
      expect(again.status).toBe(410);
      expect(again.body).toContain('该确认链接已经使用过');
    });

    it('answers a wrong, expired, replaced or another account’s link with a Chinese error, and confirms nothing', async () => {
      const wrong = await applicant.page(
        '/hall/account/email/confirm?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
      );
      expect(wrong.status).toBe(404);
      expect(wrong.body).toContain('确认链接无效');
      const posted = await applicant.postForm('/hall/account/email/confirm', { token: 'not a token' });
      expect(posted.status).toBe(404);
      expect(posted.body).toContain('确认链接无效');

      // A change needs its own confirmation; the address confirmed before keeps receiving notices meanwhile.
      await applicant.postForm('/hall/account/email', { email: 'first@example.com' });
      const replacedLink = await linkSentTo('first@example.com');
      await applicant.postForm('/hall/account/email', { email: 'second@example.com' });
      const expiringLink = await linkSentTo('second@example.com');
      const replaced = await applicant.page(replacedLink);
      expect(replaced.status).toBe(410);
      expect(replaced.body).toContain('该确认链接已失效');

      const other = await t.as(organisation);
      const notTheirs = await other.page(expiringLink);
      expect(notTheirs.status).toBe(404);
      expect(notTheirs.body).toContain('确认链接无效');

      t.clock.now += 24 * 3_600_000 + 60_000;
      const expired = await applicant.page(expiringLink);
      expect(expired.status).toBe(410);
      expect(expired.body).toContain('该确认链接已过期（有效期 24 小时）');
      const token = new URL(expiringLink, 'http://hall.test').searchParams.get('token')!;
      const pressed = await applicant.postForm('/hall/account/email/confirm', { token });
      expect(pressed.status).toBe(410);
      expect(pressed.body).toContain('该确认链接已过期');
      const account = await applicant.page('/hall/account');
      expect(account.body).toContain('办件通知会发送到 <strong>LiSi@example.com</strong>');
      expect(account.body).not.toContain('second@example.com');
    });

    it('removes the address: no more notices by mail, and a link still waiting stops working', async () => {
      await applicant.postForm('/hall/account/email', { email: 'third@example.com' });
      const waitingLink = await linkSentTo('third@example.com');
      const removed = await applicant.postForm('/hall/account/email/remove', {});
      expect(removed.status).toBe(303);
      expect(removed.headers.get('location')).toBe('/hall/account?done=email-removed#email');
      const account = await applicant.page('/hall/account?done=email-removed');
      expect(account.body).toContain('电子邮箱已删除');
      expect(account.body).toContain('尚未设置已确认的电子邮箱');
      expect((await applicant.page(waitingLink)).body).toContain('该确认链接已失效');
      await submitted(t, matter, person);
      const before = server.received.length;
      await worker.tick();
      expect(server.received.slice(before)).toHaveLength(0);
    });

    it('sends at most five links a day from one account', async () => {
      const client = await t.as(organisation);
      for (let i = 1; i <= 5; i++) {
        const sent = await client.postForm('/hall/account/email', { email: `o${i}@example.com` });
        expect(sent.status).toBe(303);
      }
      const refused = await client.postForm('/hall/account/email', { email: 'o6@example.com' });
      expect(refused.status).toBe(429);
      expect(refused.body).toContain('今天发送确认邮件的次数已达上限');
    });
  }
);
