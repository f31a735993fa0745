import type { Definition } from '@banshi/definition';
import type { Applicant, Staff } from '../accounts/index.ts';
import { unclaimedPassword } from '../accounts/index.ts';
import { activeRestriction } from '../blacklist/index.ts';
import type { DefinitionRegistry } from '../catalog/index.ts';
import type { Sql } from '../platform/db/db.ts';
import { Refusal } from '../platform/refusal.ts';
import { authorityFor, mayGive, postsText, type Post } from './engine/authority.ts';
import type { Actor } from './engine/types.ts';
import type { Services } from './services.ts';

/** The catalogue role of intake staff (窗口). */
export const windowRole = '窗口';

/** A member of staff as the engine reads them. */
export function staffActor(staff: Staff): Extract<Actor, { kind: 'staff' }> {
  return { kind: 'staff', id: staff.id, name: staff.name, department: staff.department ?? '', roles: staff.roles };
}

/**
 * The window post (窗口收件) of a matter: the post the one authority rule gives a submission (the accepting
 * department's acceptance post), narrowed to the window where the Definition names the department only: a handler
 * of the same department never takes an application in.
 */
export function windowPosts(definition: Definition): Post[] {
  return authorityFor(definition, undefined, 'submit').posts.map(p => (p.role ? p : { ...p, role: windowRole }));
}

export function holdsWindowPost(definition: Definition, staff: Staff): boolean {
  return mayGive({ posts: windowPosts(definition) }, staffActor(staff), undefined);
}

/** Refuses anyone but the matter's window post, in the engine's words (“…的“窗口””). */
export function refuseUnlessWindow(definition: Definition, staff: Staff): void {
  if (holdsWindowPost(definition, staff)) return;
  const who = `${staff.department ?? '无所属部门'}的${staff.name}（${staff.roles.join('、') || '无办理岗位'}）`;
  throw new Refusal(
    'forbidden',
    'window.not-post',
    `“${definition.name}”的窗口收件应由${postsText({ posts: windowPosts(definition) })}办理，${who}不能办理。`
  );
}

/** The live matters whose window post this member of staff holds, by name. */
export function windowMatters(s: Pick<Services, 'registry'>, staff: Staff): ReturnType<DefinitionRegistry['all']> {
  return s.registry
    .all()
    .filter(m => holdsWindowPost(m.definition, staff))
    .sort((a, b) => a.definition.name.localeCompare(b.definition.name, 'zh-CN'));
}

/** Finding and registering applicants is for window staff only: those holding the window post of a live matter. */
export function refuseUnlessAnyWindow(s: Pick<Services, 'registry'>, staff: Staff): void {
  if (windowMatters(s, staff).length > 0) return;
  throw new Refusal(
    'forbidden',
    'window.not-post',
    `窗口收件由事项受理部门的“${windowRole}”办理，${staff.department ?? '无所属部门'}的${staff.name}（${staff.roles.join('、') || '无办理岗位'}）不能办理。`
  );
}

/** An applicant as the window sees them: masked phone, whether the account was made here and is claimed, restriction. */
export interface WindowApplicant {
  id: string;
  kind: 'person' | 'organisation';
  name: string;
  idNumber: string | null;
  creditCode: string | null;
  phone: string | null;
  goodRecord: boolean;
  registeredAtWindow: boolean;
  claimed: boolean;
  /** On the online blacklist: applying online is restricted, the window still takes applications (seeds/001 第二十五条). */
  restriction: { until: string; grounds: string[] } | null;
}

interface ApplicantRow {
  id: string;
  kind: 'person' | 'organisation';
  name: string;
  id_number: string | null;
  credit_code: string | null;
  phone: string | null;
  good_record: boolean;
  window_registered_at: Date | null;
  claimed_at: Date | null;
  password_hash: string;
}

/** The password of an account the window made (accounts/users.ts). */
export { unclaimedPassword };

const maskPhone = (p: string | null) => (p && p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : null);

async function view(sql: Sql, row: ApplicantRow, now: number): Promise<WindowApplicant> {
  const active = await activeRestriction(sql, row.id, now);
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    idNumber: row.id_number,
    creditCode: row.credit_code,
    phone: maskPhone(row.phone),
    goodRecord: row.good_record,
    registeredAtWindow: row.window_registered_at !== null,
    claimed: row.window_registered_at === null || row.password_hash !== unclaimedPassword,
    restriction: active ? { until: active.until, grounds: active.grounds.map(g => g.label) } : null
  };
}

const columns =
  'id, kind, name, id_number, credit_code, phone, good_record, window_registered_at, claimed_at, password_hash';

/** The applicant with this ID number or credit code (checked and upper-cased by the caller), if registered. */
export async function findApplicant(
  sql: Sql,
  login: { idNumber: string } | { creditCode: string },
  now: number
): Promise<WindowApplicant | undefined> {
  const [kind, value] = 'idNumber' in login ? ['person', login.idNumber] : ['organisation', login.creditCode];
  const [row] = await sql.query<ApplicantRow>(`select ${columns} from users where login = $1 and kind = $2`, [
    value,
    kind
  ]);
  return row && view(sql, row, now);
}

/** The applicant by id, as the window sees them; 404 for anyone else (staff accounts too). */
export async function applicantById(sql: Sql, id: string, now: number): Promise<WindowApplicant> {
  const [row] = /^[0-9a-f-]{36}$/i.test(id)
    ? await sql.query<ApplicantRow>(
        `select ${columns} from users where id = $1 and kind in ('person', 'organisation')`,
        [id]
      )
    : [];
  if (!row) throw new Refusal('notFound', 'applicant.not-found', '找不到这位申请人，请先按证件号码查找或当场注册。');
  return view(sql, row, now);
}

/** The applicant as the engine and the submission take them. */
export function asApplicant(a: WindowApplicant): Applicant {
  return a.kind === 'person'
    ? { kind: 'person', id: a.id, login: a.idNumber!, name: a.name, idNumber: a.idNumber!, goodRecord: a.goodRecord }
    : {
        kind: 'organisation',
        id: a.id,
        login: a.creditCode!,
        name: a.name,
        creditCode: a.creditCode!,
        goodRecord: a.goodRecord
      };
}
