import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { CalendarRangeError } from '@banshi/definition/calendar';
import { CaseNotFoundError, ConcurrencyError } from '../cases/index.ts';
import { ApiError, handleError } from './errors.ts';

describe('the error handler', () => {
  const app = new Hono();
  const errors: Record<string, Error> = {
    api: new ApiError(422, 'x.y', '内容有误。', { field: 'a' }),
    busy: new ConcurrencyError('c1'),
    missing: new CaseNotFoundError('c1'),
    calendar: new CalendarRangeError(2100),
    bug: new TypeError('secret internals at /srv/app.ts:12')
  };
  for (const [name, error] of Object.entries(errors))
    app.get(`/${name}`, () => {
      throw error;
    });
  app.onError(handleError);

  it('keeps every error in the one shape, with a status that says what happened and no internals', async () => {
    const answer = async (path: string) => {
      const response = await app.request(path);
      return { status: response.status, body: await response.json() };
    };
    expect(await answer('/api')).toEqual({
      status: 422,
      body: { error: { code: 'x.y', message: '内容有误。', details: { field: 'a' } } }
    });
    expect(await answer('/busy')).toMatchObject({ status: 409, body: { error: { code: 'case.busy' } } });
    expect(await answer('/missing')).toMatchObject({ status: 404, body: { error: { code: 'not-found' } } });
    expect(await answer('/calendar')).toMatchObject({
      status: 422,
      body: { error: { code: 'calendar.out-of-range', details: { year: 2100 } } }
    });
    const bug = await answer('/bug');
    expect(bug).toMatchObject({
      status: 500,
      body: { error: { code: 'internal', message: '服务器出错了，请稍后再试。' } }
    });
    expect(JSON.stringify(bug.body)).not.toContain('secret');
  });
});
