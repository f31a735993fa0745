import { randomUUID } from 'node:crypto';
import type { Sql } from '../platform/db/db.ts';
import { isUniqueViolation } from '../platform/db/db.ts';
import { Refusal } from '../platform/refusal.ts';
import { iso } from '../platform/time.ts';
import { InboxFilter } from './inbox.ts';

/** Filters saved under a name: private to their owner, or shared with the owner's department. */
export interface InboxView {
  id: string;
  name: string;
  shared: boolean;
  department: string;
  ownerId: string;
  ownerName: string;
  mine: boolean;
  filters: InboxFilter;
  createdAt: string;
}

interface Row {
  id: string;
  owner_id: string;
  owner_name: string | null;
  department: string;
  name: string;
  shared: boolean;
  filters: unknown;
  created_at: Date;
}

const view = (r: Row, me: string): InboxView => ({
  id: r.id,
  name: r.name,
  shared: r.shared,
  department: r.department,
  ownerId: r.owner_id,
  ownerName: r.owner_name ?? '',
  mine: r.owner_id === me,
  // Filters were checked when saved; a later narrowing of the schema drops what no longer parses.
  filters: InboxFilter.safeParse(r.filters).data ?? {},
  createdAt: iso(r.created_at)
});

const select = `select v.id, v.owner_id, u.name as owner_name, v.department, v.name, v.shared, v.filters, v.created_at
  from inbox_views v left join users u on u.id = v.owner_id`;

/** The views a member of staff may use: their own in their department, and those shared with it. */
export async function viewsOf(sql: Sql, me: { id: string; department: string }): Promise<InboxView[]> {
  const rows = await sql.query<Row>(
    `${select} where v.department = $1 and (v.shared or v.owner_id = $2) order by v.created_at, v.id`,
    [me.department, me.id]
  );
  return rows.map(r => view(r, me.id));
}

/** Saves a view for the member's own department (the only one they may save one for). */
export async function saveView(
  sql: Sql,
  me: { id: string; department: string },
  input: { name: string; shared: boolean; department?: string | undefined; filters: InboxFilter },
  now: number
): Promise<InboxView> {
  if (input.department !== undefined && input.department !== me.department)
    throw new Refusal('forbidden', 'inbox.view-department', '只能为本部门保存视图，不能为其他部门保存。');
  const id = randomUUID();
  try {
    await sql.query(
      `insert into inbox_views (id, owner_id, department, name, shared, filters, created_at) values ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
      [id, me.id, me.department, input.name, input.shared, JSON.stringify(input.filters), iso(now)]
    );
  } catch (error) {
    if (isUniqueViolation(error))
      throw new Refusal('conflict', 'inbox.view-name', `您已经有名为“${input.name}”的视图，请换一个名称。`);
    throw error;
  }
  const [row] = await sql.query<Row>(`${select} where v.id = $1`, [id]);
  return view(row!, me.id);
}

/** Deletes one of the member's own views; another's (shared or not) is refused, one not visible is not found. */
export async function deleteView(sql: Sql, me: { id: string; department: string }, id: string): Promise<void> {
  const [row] = await sql.query<Row>(
    `${select} where v.id = $1 and v.department = $2 and (v.shared or v.owner_id = $3)`,
    [id, me.department, me.id]
  );
  if (!row) throw new Refusal('notFound', 'inbox.view-not-found', '找不到这个视图。');
  if (row.owner_id !== me.id)
    throw new Refusal('forbidden', 'inbox.view-owner', '这是同事共享的视图，只有保存它的人可以删除。');
  await sql.query('delete from inbox_views where id = $1', [id]);
}
