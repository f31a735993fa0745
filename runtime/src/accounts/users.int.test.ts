import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds, openTestDb, type TestDb } from '../testing/database.ts';
import { verifyPassword } from './passwords.ts';
import { PersonRegistration } from './registration.ts';
import { testCreditCode, testIdNumber } from '../testing/accounts.ts';
import { createApplicant, createStaff, findByLogin } from './users.ts';

describe.each(dbKinds)('accounts on %s', kind => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind);
  });
  afterAll(async () => t?.drop());

  it('registers a person under their ID number and finds them by it, whatever the case of the x', async () => {
    const input = PersonRegistration('2026-03-02').parse({
      name: '张三',
      idNumber: '11010519491231002x',
      phone: '13800138000',
      password: 'banshi2026'
    });
    const principal = await createApplicant(t.db, input);
    expect(principal).toMatchObject({
      kind: 'person',
      login: '11010519491231002X',
      idNumber: '11010519491231002X',
      name: '张三',
      goodRecord: false
    });
    const found = await findByLogin(t.db, '11010519491231002x');
    expect(found?.principal).toEqual(principal);
    expect(found?.disabled).toBe(false);
    expect(await verifyPassword(found!.passwordHash, 'banshi2026')).toBe(true);
  });

  it('refuses to register the same ID number or credit code twice, with 409 auth.exists', async () => {
    const person = {
      kind: 'person' as const,
      name: '王五',
      idNumber: testIdNumber(7),
      phone: '13800138000',
      password: 'banshi2026'
    };
    await createApplicant(t.db, person);
    await expect(createApplicant(t.db, { ...person, name: '王六' })).rejects.toMatchObject({
      kind: 'conflict',
      code: 'auth.exists',
      message: '该身份证号码已注册。'
    });
    const organisation = {
      kind: 'organisation' as const,
      name: '某某公司',
      creditCode: testCreditCode(7),
      contactName: '李四',
      phone: '13900139000',
      password: 'banshi2026'
    };
    await createApplicant(t.db, organisation);
    await expect(createApplicant(t.db, organisation)).rejects.toMatchObject({
      kind: 'conflict',
      code: 'auth.exists',
      message: '该统一社会信用代码已注册。'
    });
  });

  it('creates staff with department, roles and duties', async () => {
    const staff = await createStaff(t.db, {
      login: 'chen.jing',
      name: '陈静',
      password: 'window2026',
      department: '市住房和建设局',
      roles: ['窗口'],
      duties: ['author']
    });
    expect((await findByLogin(t.db, 'chen.jing'))?.principal).toEqual({
      kind: 'staff',
      id: staff.id,
      login: 'chen.jing',
      name: '陈静',
      department: '市住房和建设局',
      roles: ['窗口'],
      duties: ['author']
    });
    expect((await findByLogin(t.db, 'Chen.Jing'))?.principal.id).toBe(staff.id);
    await expect(
      createStaff(t.db, {
        login: 'chen.jing',
        name: '陈静',
        password: 'window2026',
        department: null,
        roles: [],
        duties: []
      })
    ).rejects.toMatchObject({ kind: 'conflict' });
    await expect(
      createStaff(t.db, { login: 'li', name: '李', password: 'window2026', department: null, roles: [], duties: [] })
    ).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining('登录名') });
  });

  it('knows no one by an unknown login', async () => {
    expect(await findByLogin(t.db, 'nobody')).toBeUndefined();
  });
});
