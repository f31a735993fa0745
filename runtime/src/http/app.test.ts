import { describe, expect, it } from 'vitest';
import type { Catalog, Definition } from '../definition/index.ts';
import { createApp } from './app.ts';

const definition = { code: '11350200MB00000105300011700600001', name: '建筑工程施工许可证核发', type: 'licensing', level: 'city', department: { name: '市住房和建设局', roles: [] } } as unknown as Definition;
const catalog = { schemaVersion: 1, calendars: [], departments: [], regions: [] } as unknown as Catalog;
const app = createApp({ catalog: () => ({ catalog, definitions: [definition] }) });

describe('the catalogue API', () => {
  it('answers health', async () => {
    expect(await (await app.request('/api/health')).json()).toEqual({ status: 'ok' });
  });
  it('lists matters and serves one Definition by code', async () => {
    expect(await (await app.request('/api/matters')).json()).toEqual([
      { code: definition.code, name: '建筑工程施工许可证核发', type: 'licensing', department: '市住房和建设局', level: 'city' }
    ]);
    const one = await app.request(`/api/matters/${definition.code}`);
    expect((await one.json()).name).toBe('建筑工程施工许可证核发');
  });
  it('answers an unknown code with the error shape, in Chinese', async () => {
    const response = await app.request('/api/matters/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'matter.not-found', message: '没有编码为“nope”的事项。', details: { code: 'nope' } } });
  });
});
