import type { Context } from 'hono';
import { z } from 'zod';
import { acting } from '../../web/acting.ts';
import type { Applicant, Principal, Staff } from '../../accounts/index.ts';
import { type Extra } from '../../platform/extra.ts';
import type { Services } from '../../cases/index.ts';
import { idempotencyKey, once, remember, requestHash, type Stored } from '../../platform/idempotency.ts';
import type { AppEnv } from '../../web/env.ts';
import { forbidden } from '../../web/errors.ts';

/** Creates something once per Idempotency-Key: a retry answers the first 201 and creates nothing. */
export async function creating<T extends { id: string }>(
  c: Context<AppEnv>,
  s: Services,
  applicant: Applicant,
  action: string,
  body: unknown,
  work: (extra: Extra<T>) => Promise<T>
): Promise<Response> {
  const key = idempotencyKey(c.req.header('idempotency-key'));
  const hash = requestHash({ action, body });
  const result = await once(s.db, applicant.id, key, hash, () =>
    acting(c, s, applicant, action, undefined, async done => {
      let stored: Stored | undefined;
      await work(async (tx, created) => {
        stored = { status: 201, body: created };
        await remember(tx, applicant.id, key, hash, stored);
        await done(tx, { target: created.id });
      });
      return stored!;
    })
  );
  if (result.replayed) c.header('Idempotent-Replayed', 'true');
  return c.json(result.body as object, 201);
}

/**
 * The staff member's department; acting on an item (answering, deciding, …) also needs a post in it (窗口, 承办人,
 * …): a department's supervisors and editors may read the lists but not answer for the department.
 */
export function departmentOf(principal: Principal, acts: boolean): string {
  const staff = principal as Staff;
  if (!staff.department) throw forbidden('您的账号没有所属部门，不能处理本部门的咨询、投诉、预约或评价。');
  if (acts && staff.roles.length === 0)
    throw forbidden('您在本部门没有办理岗位（如窗口、承办人），只能查看，不能办理。');
  return staff.department;
}

export const Department = z.string().trim().min(1, '请选择部门').max(50);
export const shanghaiToday = (now: number) => new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
