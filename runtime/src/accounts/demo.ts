import { recordVerification } from './identity.ts';
import { createApplicant, createStaff } from './users.ts';
import type { Duty } from './principal.ts';
import type { Db } from '../platform/db/db.ts';
import { demoTotpSecret } from './totp.ts';
import { enrolDemoSecret } from './totp-store.ts';

export interface DemoAccount {
  login: string;
  password: string;
  who: string;
}

/** A valid ID number and credit code for the demo applicants (check digits per GB 11643 and GB 32100). */
const demoPerson = { name: '李四', idNumber: '11010519491231002X', phone: '13800000001' };
const demoOrganisation = {
  name: '厦门市示例建设有限公司',
  creditCode: '91350100M000100Y43',
  contactName: '王五',
  phone: '13800000002'
};

const staff: Array<{
  login: string;
  name: string;
  department: string | null;
  roles: string[];
  duties: Duty[];
  who: string;
}> = [
  {
    login: 'window',
    name: '王窗口',
    department: '市住房和建设局',
    roles: ['窗口'],
    duties: [],
    who: '住建局窗口（预审、受理、送达）'
  },
  {
    login: 'handler',
    name: '陈承办',
    department: '市住房和建设局',
    roles: ['承办人'],
    duties: [],
    who: '住建局承办人（审查、分送并联）'
  },
  {
    login: 'chief',
    name: '林处长',
    department: '市住房和建设局',
    roles: ['处室负责人'],
    duties: [],
    who: '住建局处室负责人（审核）'
  },
  {
    login: 'leader',
    name: '黄局长',
    department: '市住房和建设局',
    roles: ['分管领导'],
    duties: ['head'],
    who: '住建局分管领导（决定、延期；部门负责人审批事项变更）'
  },
  {
    login: 'planning',
    name: '刘规划',
    department: '市自然资源和规划局',
    roles: ['承办人'],
    duties: [],
    who: '规划局承办人（并联协办）'
  },
  {
    login: 'airdefence',
    name: '赵人防',
    department: '市人民防空办公室',
    roles: ['承办人'],
    duties: [],
    who: '人防办承办人（并联协办）'
  },
  {
    login: 'author',
    name: '赵编写',
    department: '市住房和建设局',
    roles: [],
    duties: ['author'],
    who: '住建局事项编写人员（起草事项变更）'
  },
  {
    login: 'supervisor',
    name: '周监察',
    department: '市住房和建设局',
    roles: [],
    duties: ['supervisor'],
    who: '住建局监察人员'
  },
  { login: 'bureau', name: '吴督查', department: null, roles: [], duties: ['bureau'], who: '市效能督查局（全市监察）' },
  {
    login: 'reform',
    name: '郑审改',
    department: null,
    roles: [],
    duties: ['reformOffice'],
    who: '市审改办（事项备案；起草工作日历）'
  },
  {
    login: 'reformhead',
    name: '钱主任',
    department: null,
    roles: [],
    duties: ['reformOffice', 'head'],
    who: '市审改办负责人（批准发布工作日历）'
  },
  {
    login: 'exchange',
    name: '数据共享平台',
    department: null,
    roles: [],
    duties: ['exchange'],
    who: '数据共享接口账号'
  }
];

export const demoPassword = 'banshi-demo-2026';

/**
 * Creates one account per role when the database has no users yet; returns the list to print. The staff accounts
 * share one published second-factor secret (`demoTotpSecret`), so that anyone trying Banshi can add it to an
 * authenticator app and sign in; the studio's sign-in page shows it while the demo accounts exist.
 */
export async function ensureDemoAccounts(db: Db, now = Date.now()): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = [
    { login: demoPerson.idNumber, password: demoPassword, who: `个人申请人 ${demoPerson.name}（身份证号登录）` },
    {
      login: demoOrganisation.creditCode,
      password: demoPassword,
      who: `法人申请人 ${demoOrganisation.name}（统一社会信用代码登录）`
    },
    ...staff.map(s => ({ login: s.login, password: demoPassword, who: `${s.name}：${s.who}` }))
  ];
  // Several processes may start at once on one database: the first creates the accounts, the rest see them.
  await db.transaction(async tx => {
    await tx.query('select pg_advisory_xact_lock(7013)');
    const existing = await tx.query<{ n: number }>('select count(*)::int as n from users');
    if ((existing[0]?.n ?? 0) === 0) {
      await createApplicant(tx, { kind: 'person', ...demoPerson, password: demoPassword });
      await createApplicant(tx, { kind: 'organisation', ...demoOrganisation, password: demoPassword });
      for (const s of staff) {
        const created = await createStaff(tx, { ...s, password: demoPassword });
        await enrolDemoSecret(tx, created.id, demoTotpSecret);
      }
    }
    // The demo applicants apply online, so they are verified (028): also those a demo made before that migration.
    const unverified = await tx.query<{ id: string }>(
      `select id from users where login in ($1, $2) and verified_at is null and reclaimed_at is null`,
      [demoPerson.idNumber, demoOrganisation.creditCode]
    );
    for (const { id } of unverified)
      await recordVerification(tx, { userId: id, method: 'demo', document: '演示账号', by: undefined }, now);
  });
  return accounts;
}
