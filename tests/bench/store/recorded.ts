/**
 * The raw PostgreSQL peer recorded from the runtime itself, so that "a transaction of the same shape" stays the
 * same shape as the code changes: one construction-permit case is taken through the real API in process (the hall's
 * uploads and submission, pre-review, paper, acceptance), then its first review (`completeStep` review-1) is given
 * once with every statement the runtime sends recorded, text and parameters. The case is cloned `clients × perClient`
 * times as it stood before that command, and the recorded statements become a pgbench script that gives the same
 * command to a clone drawn at random from the client's own range:
 *
 *   - `http`: what `POST /api/office/cases/:id/commands` sends: the session and its user, the case with the
 *     department's part, and the one write statement (events, projection, timers, the inbox's waits, the measures,
 *     the notifications, and the audit line on its hash chain; the triggers as they fire).
 *   - `store`: what `CaseStore.execute` sends for the same command: the case, then the write statement without the
 *     route's audit line.
 *
 * Parameters become literals cast to the types PostgreSQL infers for them (asked with PREPARE), except the case:
 * its id, wherever it occurs in a parameter, is the clone's, and a number equal to the case's version before or after
 * the command is the clone's version as read (`\gset`) or one more, so each transaction moves its clone one version
 * on, as the command does. `check` then holds that every transaction pgbench reported moved a clone: a recording that
 * stopped matching the runtime's statements fails the bench instead of measuring something else.
 */
import type { Definition } from '@banshi/definition';
import type { Staff } from '../../../runtime/src/accounts/index.ts';
import type { Command } from '../../../runtime/src/cases/index.ts';
import type { Db } from '../../../runtime/src/platform/db/db.ts';
import { answersFor } from '../../../runtime/src/testing/answers.ts';
import { loadCatalog } from '../../../runtime/src/testing/catalog.ts';
import { openTestApp, type Client } from '../../../runtime/src/testing/http.ts';
import { uploadRequired } from '../../../runtime/src/testing/materials.ts';
import { permitName } from './permit.ts';

export interface Recorded {
  text: string;
  params: unknown[];
}

export interface RecordedCommand {
  statements: Recorded[];
  caseId: string;
  version: number;
}

export interface RecordedPeer {
  /** The database the clones are in, as the runtime's role (pgbench connects with it) and as its owner. */
  url: string;
  ownerUrl: string;
  /** The database as its owner, for the bench's own questions (settings, statistics). */
  owner: Db;
  scripts: { http: string; store: string };
  /** Statements each script's transaction sends (each its own implicit transaction, as the runtime sends them). */
  statements: { http: number; store: number };
  /** Bytes of the parameters of each write statement. */
  writeBytes: { http: number; store: number };
  perClient: number;
  /**
   * The HTTP command as recorded, for the floor (floor-server.ts): its statements, the case they were given to, and
   * that case's version before it.
   */
  httpCommand: RecordedCommand;
  /** The first clone number pgbench's ranges leave free (for the floor's clones of the HTTP command's case). */
  freeClone: number;
  /** Throws unless the clones moved by exactly `transactions` versions in all since the last check. */
  check(transactions: number): Promise<void>;
  close(): Promise<void>;
}

/** The uuid of clone k, in SQL, from an int expression. */
const cloneIdSql = (k: string) => `('00000000-0000-4000-8000-' || lpad((${k})::text, 12, '0'))`;
/** The uuid of clone k (as `cloneIdSql`). */
export const cloneId = (k: number) => `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`;

const command = { type: 'completeStep', stepId: 'review-1', opinion: '材料齐全' } as const;

export async function recordPeer(clients: number, perClient: number): Promise<RecordedPeer> {
  const t = await openTestApp('postgres');
  try {
    const permit = loadCatalog().byName(permitName);
    const company = await t.as('91350100M000100Y43');
    const window = await t.as('window');
    const handler = await t.as('handler');
    const http = await caseBeforeReview(permit, company, window);
    const store = await caseBeforeReview(permit, company, window);

    const versionOf = async (id: string) =>
      (await t.store.db.query<{ version: number }>('select version from cases where case_id = $1', [id]))[0]!.version;
    const before = { http: await versionOf(http), store: await versionOf(store) };
    const recordedHttp = await recording(t.store.db, async () => {
      const answer = await handler.post(`/api/office/cases/${http}/commands`, command);
      if (answer.status !== 200) throw new Error(`the recorded command answered ${answer.status}`);
    });
    const recordedStore = await recording(t.store.db, async () => {
      const outcome = await t.store.cases.execute(store, { ...command, by: staffActor(handler) }, t.clock.now);
      if (!outcome.ok) throw new Error(`the recorded store command was rejected: ${outcome.rejection.code}`);
    });
    const n = clients * perClient;
    await cloneCase(t.store.owner, http, 1, n);
    await cloneCase(t.store.owner, store, n + 1, n);
    await t.store.owner.query('analyze');
    const scripts = {
      http: await script(t.store.owner, recordedHttp, http, before.http, perClient, 0),
      store: await script(t.store.owner, recordedStore, store, before.store, perClient, n)
    };
    let counted = await versions(t.store.owner, 2 * n);
    return {
      url: t.store.url!,
      ownerUrl: t.store.ownerUrl!,
      owner: t.store.owner,
      scripts,
      statements: { http: recordedHttp.length, store: recordedStore.length },
      writeBytes: { http: paramBytes(recordedHttp.at(-1)!), store: paramBytes(recordedStore.at(-1)!) },
      perClient,
      httpCommand: { statements: recordedHttp, caseId: http, version: before.http },
      freeClone: 2 * n + 1,
      async check(transactions) {
        const now = await versions(t.store.owner, 2 * n);
        if (now - counted !== transactions)
          throw new Error(
            `the recorded peer moved its clones ${now - counted} versions for ${transactions} transactions: the recording no longer matches the runtime's statements`
          );
        counted = now;
      },
      close: () => t.close()
    };
  } catch (error) {
    await t.close();
    throw error;
  }
}

/** The actor a staff command names, as the office's route builds it from the signed-in member of staff. */
function staffActor(client: Client): Extract<Command, { type: 'completeStep' }>['by'] {
  const p = client.principal as Staff;
  return { kind: 'staff', id: p.id, name: p.name, department: p.department!, roles: p.roles };
}

/** A permit case submitted online with its files and taken to its first review, as the HTTP drive takes each. */
async function caseBeforeReview(permit: Definition, company: Client, window: Client): Promise<string> {
  const answers = answersFor(permit);
  const materials = await uploadRequired(company, permit, answers);
  const submitted = await company.post('/api/hall/cases', {
    matterCode: permit.code,
    channel: 'online',
    answers,
    materials
  });
  if (submitted.status !== 201) throw new Error(`submission answered ${submitted.status}`);
  const id = (submitted.body as { id: string }).id;
  for (const type of ['passPreReview', 'confirmPaper', 'accept']) {
    const answer = await window.post(`/api/office/cases/${id}/commands`, { type });
    if (answer.status !== 200) throw new Error(`${type} answered ${answer.status}`);
  }
  return id;
}

/** Every statement `db` sends while `run` runs (nothing else uses this database meanwhile). */
async function recording(db: Db, run: () => Promise<void>): Promise<Recorded[]> {
  const seen: Recorded[] = [];
  const query = db.query;
  (db as { query: Db['query'] }).query = <T>(text: string, params: readonly unknown[] = []) => {
    seen.push({ text, params: [...params] });
    return query.call(db, text, params) as Promise<T[]>;
  };
  try {
    await run();
  } finally {
    (db as { query: Db['query'] }).query = query;
  }
  if (seen.length === 0) throw new Error('no statement was recorded');
  return seen;
}

/**
 * `count` copies of case `caseId` as it stands, numbered from `first`, in every table that holds the case's rows
 * and that its next command reads or writes (the events' trigger queues the documents): the clone's id and number
 * (the case's number and `-k`) replace the case's wherever they occur, in the JSON columns too (the state carries
 * both), so the runtime can take a clone as a case of its own. Identity columns take their own values and the
 * triggers run as on any insert (the events' hash chain is computed afresh for each clone); the tables are then
 * vacuumed and analysed.
 */
export async function cloneCase(owner: Db, caseId: string, first: number, count: number): Promise<void> {
  const [found] = await owner.query('select 1 from cases where case_id = $1', [caseId]);
  if (!found) throw new Error(`no case ${caseId} to clone`);
  const number = `(x0.case_number || '-' || g)`;
  const tables = ['cases', 'case_departments', 'case_events', 'case_waits', 'case_measures', 'timers'];
  for (const table of tables) {
    const columns = await owner.query<{ column_name: string; data_type: string }>(
      `select column_name, data_type from information_schema.columns
        where table_schema = 'public' and table_name = $1 and is_identity = 'NO' and is_generated = 'NEVER'
        order by ordinal_position`,
      [table]
    );
    const values = columns.map(({ column_name: name, data_type: type }) =>
      name === 'case_id' || (table === 'timers' && name === 'subject_id')
        ? `${cloneIdSql('g')}::uuid`
        : table === 'cases' && name === 'case_number'
          ? number
          : type === 'jsonb' || type === 'json'
            ? `replace(replace(x.${name}::text, $1::text, ${cloneIdSql('g')}), x0.case_number, ${number})::${type}`
            : `x.${name}`
    );
    const order = table === 'case_events' ? ' order by g, x.seq' : '';
    await owner.query(
      `insert into ${table} (${columns.map(c => c.column_name).join(', ')})
       select ${values.join(', ')}
         from ${table} x, (select case_number from cases where case_id = $1) x0, generate_series($2::int, $3::int) g
        where x.${table === 'timers' ? 'subject_id' : 'case_id'} = $1${order}`,
      [caseId, first, first + count - 1]
    );
  }
  // What autovacuum does after such an insert, done now: the statistics its thresholds are read from reach
  // pg_stat_user_tables up to a second after the insert's commit, so a pass right after might find nothing due and
  // leave the planner its estimates of before (a run on clones made so read at a tenth of the rate).
  for (const table of tables) await owner.query(`vacuum (analyze) ${table}`);
}

/**
 * Of clones `first` … `first + count - 1`, made at `version`: how many moved one version, and how many more than one
 * (a command given twice to the same clone).
 */
export async function clonesMoved(
  owner: Db,
  first: number,
  count: number,
  version: number
): Promise<{ moved: number; twice: number }> {
  const [row] = await owner.query<{ moved: number; twice: number }>(
    `select count(*) filter (where version = $3 + 1)::int as moved, count(*) filter (where version > $3 + 1)::int as twice
       from cases where case_id between $1::uuid and $2::uuid`,
    [cloneId(first), cloneId(first + count - 1), version]
  );
  return row!;
}

/** The sum of the versions of pgbench's clones, 1 … `last` (the recorded cases' own are not clones). */
async function versions(owner: Db, last: number): Promise<number> {
  const [row] = await owner.query<{ sum: number }>(
    `select coalesce(sum(version), 0)::int as sum from cases where case_id between $1::uuid and $2::uuid`,
    [cloneId(1), cloneId(last)]
  );
  return row!.sum;
}

const paramBytes = (r: Recorded) => r.params.reduce<number>((sum, p) => sum + Buffer.byteLength(text(p) ?? ''), 0);

/** A parameter as postgres.js sends it (JSON arrives serialised already; see db.ts). */
function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** pgbench reads `:name` anywhere in a line as a variable; a literal holding one is sent as base64 instead. */
const variableLike = /:[A-Za-z_\u0080-\uffff]/;

function literal(value: string): string {
  if (!variableLike.test(value)) return `'${value.replaceAll("'", "''")}'`;
  return `convert_from(decode('${Buffer.from(value, 'utf8').toString('base64')}', 'base64'), 'UTF8')`;
}

/**
 * The pgbench script of `recorded`, given to clone k of the client's range (`offset` + client × perClient + 1 …):
 * the case read's row is kept (`\gset`), so the write moves the clone from the version it has.
 */
async function script(
  owner: Db,
  recorded: Recorded[],
  caseId: string,
  version: number,
  perClient: number,
  offset: number
): Promise<string> {
  const id = cloneIdSql(':k');
  const lines = [`\\set k ${offset} + :client_id * ${perClient} + random(1, ${perClient})`];
  let gotVersion = false;
  for (const [i, r] of recorded.entries()) {
    const types = await parameterTypes(owner, r.text);
    let sql = r.text.replace(/\$(\d+)/g, (_, n: string) => {
      const index = Number(n) - 1;
      const type = types[index]!;
      const value = r.params[index];
      if (typeof value === 'number' && gotVersion && (value === version || value === version + 1))
        return `(:r_version::int${value === version ? '' : ' + 1'})::${type}`;
      const t = text(value);
      if (t === null) return `null::${type}`;
      if (t === caseId) return `${id}::${type}`;
      if (t.includes(caseId)) return `replace(${literal(t)}, '${caseId}', ${id})::${type}`;
      return `${literal(t)}::${type}`;
    });
    sql = sql.replace(/\s*\n\s*/g, ' ');
    const readsVersion = !gotVersion && readsCase(r, caseId);
    // The case read's columns become variables (r_version among them) for the write after it.
    lines.push(readsVersion ? `${sql} \\gset r_` : `${sql};`);
    if (readsVersion) gotVersion = true;
    if (i === recorded.length - 1 && !gotVersion) throw new Error('the recorded command never read its case');
  }
  return lines.join('\n');
}

/** Whether a recorded statement reads the case's row with its version (the first such is the command's case read). */
export const readsCase = (r: Recorded, caseId: string) =>
  /\bversion\b/.test(r.text) && /^\s*select/i.test(r.text) && r.params.includes(caseId);

/** The types PostgreSQL infers for a statement's parameters. */
async function parameterTypes(owner: Db, text: string): Promise<string[]> {
  return owner.transaction(async tx => {
    await tx.query(`prepare banshi_recorded as ${text}`);
    const [row] = await tx.query<{ types: string[] }>(
      `select parameter_types::text[] as types from pg_prepared_statements where name = 'banshi_recorded'`
    );
    await tx.query('deallocate banshi_recorded');
    return row!.types;
  });
}
