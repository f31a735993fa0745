import { describe, expect, it } from 'vitest';
import {
  LoginRequest,
  normaliseLogin,
  OrganisationRegistration,
  PersonRegistration,
  StaffLogin
} from './registration.ts';

const today = '2026-03-02';
const person = { name: '张三', idNumber: '11010519491231002x', phone: '138 0013 8000', password: 'banshi2026' };
const organisation = {
  name: '福州某某科技有限公司',
  creditCode: '91350100m000100y43',
  contactName: '李四',
  phone: '+8613900139000',
  password: 'banshi2026'
};
const firstMessage = (result: { error?: { issues: { message: string }[] } }) => result.error?.issues[0]?.message;

describe('registering a person', () => {
  const schema = PersonRegistration(today);

  it('accepts a valid ID number, upper-casing the x, and tidies the phone number', () => {
    expect(schema.parse(person)).toEqual({
      kind: 'person',
      name: '张三',
      idNumber: '11010519491231002X',
      phone: '13800138000',
      password: 'banshi2026'
    });
  });

  it('names what is wrong with an ID number', () => {
    const idMessage = (idNumber: string) => firstMessage(schema.safeParse({ ...person, idNumber }));
    expect(idMessage('110105194912310021')).toBe('身份证号码校验位不正确');
    expect(idMessage('11010519491231002')).toBe('身份证号码应为 18 位，前 17 位是数字，最后一位是数字或 X');
    expect(idMessage('110105194902300020')).toBe('身份证号码中的出生日期不正确');
    expect(idMessage('990105194912310028')).toBe('身份证号码前两位不是有效的省级行政区划代码');
  });

  it('refuses a birth date after today', () => {
    expect(PersonRegistration('1949-12-30').safeParse(person).success).toBe(false);
  });

  it('refuses a short name, a landline and a weak password', () => {
    expect(firstMessage(schema.safeParse({ ...person, name: '张' }))).toBe('姓名至少 2 个字');
    expect(firstMessage(schema.safeParse({ ...person, phone: '0591-87654321' }))).toBe('请填写 11 位手机号码');
    expect(firstMessage(schema.safeParse({ ...person, password: 'password' }))).toBe('密码须同时包含字母和数字');
  });
});

describe('registering an organisation', () => {
  it('accepts a valid credit code, upper-cased', () => {
    expect(OrganisationRegistration.parse(organisation)).toMatchObject({
      kind: 'organisation',
      creditCode: '91350100M000100Y43',
      phone: '13900139000'
    });
  });

  it('names a wrong check character and a malformed code', () => {
    const codeMessage = (creditCode: string) =>
      firstMessage(OrganisationRegistration.safeParse({ ...organisation, creditCode }));
    expect(codeMessage('91350100M000100Y44')).toBe('统一社会信用代码校验位不正确');
    expect(codeMessage('91350100I000100Y43')).toBe('统一社会信用代码应为 18 位数字或大写字母（不含 I、O、S、V、Z）');
  });
});

describe('logins', () => {
  it('upper-cases ID numbers and credit codes and lower-cases staff login names', () => {
    expect(normaliseLogin(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(normaliseLogin('91350100m000100y43')).toBe('91350100M000100Y43');
    expect(normaliseLogin('Zhang.Wei')).toBe('zhang.wei');
    expect(LoginRequest.parse({ login: '11010519491231002x', password: 'x' }).login).toBe('11010519491231002X');
  });

  it('keeps staff login names apart from identifiers', () => {
    expect(StaffLogin.safeParse('zhang.wei').success).toBe(true);
    expect(StaffLogin.safeParse('11010519491231002X').success).toBe(false);
    expect(StaffLogin.safeParse('Zhang').success).toBe(false);
  });
});
