/**
 * The raw PostgreSQL peer of a store command: pgbench (C, libpq, prepared statements) running a custom script
 * whose transaction has the shape of `CaseStore.execute` on the store's own tables, in a database of its own
 * migrated with the real schema:
 *
 *   BEGIN; read the case row (state and version); append one event at the next sequence; write the projection
 *   back (the state as a parameter, the version checked); cancel the timers the case no longer has and upsert the
 *   ones it has; read the applicant's phone and e-mail; queue a notification in the outbox; COMMIT.
 *
 * The cases are seeded with the real states of a construction-permit case after each of its 14 steps, in turn,
 * so the state read and written back is the size the store writes; each pgbench client draws its cases at random
 * from a range of its own (`client_id`), so no two clients touch the same case, as in the store workload.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../../runtime/src/platform/db/db.ts';
import { machineCpu } from './cpu.ts';
import { jsonBytes, type StepSnapshot } from './permit.ts';

export const pgbenchPath = process.env.PGBENCH ?? 'pgbench';

/** The uuid of seeded case k, in SQL, from an int expression. */
const caseIdSql = (k: string) => `('00000000-0000-4000-8000-' || lpad((${k})::text, 12, '0'))::uuid`;

/**
 * A JSON literal pgbench leaves alone: pgbench reads `:name` in a script as a variable (a colon then a letter,
 * `_` or a non-ASCII byte), so colons inside strings are written `\u003a` and every separator as `": "`.
 */
export function pgbenchJson(value: unknown): string {
  const mark = '\u0001';
  const hide = (v: unknown): unknown =>
    typeof v === 'string'
      ? v.replaceAll(':', mark)
      : Array.isArray(v)
        ? v.map(hide)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replaceAll(':', mark), hide(x)]))
          : v;
  const text = JSON.stringify(hide(value)).replaceAll(':', ': ').replaceAll('\\u0001', '\\u003a');
  return `'${text.replaceAll("'", "''")}'`;
}

export interface PgbenchWorkload {
  /** The script's text. */
  script: string;
  /** Seeded cases per client. */
  perClient: number;
  /** Bytes of the event, the timers and the notification the script writes, and the seeded states' mean. */
  bytes: { event: number; timers: number; message: number; stateMean: number };
  /** The step whose event and timers the script writes, and how many timers. */
  step: string;
  timers: number;
}

/**
 * Seeds `clients × perClient` cases (with one event each, the timers of the script's step and the applicant)
 * and returns the script. The event, timers and notification written are those of the case's first review
 * (`completeStep` review-1), a middle-sized command.
 */
export async function seedPgbench(
  db: Db,
  snapshots: StepSnapshot[],
  clients: number,
  perClient: number
): Promise<PgbenchWorkload> {
  const applicantId = '6f1d7c1e-2b7a-4c3e-9a51-0c2d9e5b1a01';
  await db.query(
    `insert into users (id, kind, login, password_hash, name, phone) values ($1, 'organisation', 'bench-applicant', 'x', '厦门市某建设有限公司', '13800000000')`,
    [applicantId]
  );
  const step = snapshots.find(s => s.command === 'completeStep')!;
  // An archived case takes no event (migration 026): the seeded cases are in every state but that one.
  const states = snapshots
    .filter(s => s.state.status !== 'archived')
    .map(s => ({ ...s.state, applicant: { ...s.state.applicant, id: applicantId } }));
  const n = clients * perClient;
  await db.query(
    `insert into cases (case_id, case_number, matter_code, matter_version, applicant_id, department, status, state, version, received_at, updated_at)
     select ${caseIdSql('g')}, '11350200003650121J20260302' || lpad(g::text, 6, '0'), t.state->>'matterCode', 1, $2::uuid, '市住房和建设局',
            t.state->>'status', jsonb_set(jsonb_set(t.state, '{id}', to_jsonb(${caseIdSql('g')}::text)), '{caseNumber}', to_jsonb('11350200003650121J20260302' || lpad(g::text, 6, '0'))),
            (t.state->>'version')::int, now(), now()
     from generate_series(1, $1::int) g join jsonb_array_elements($3::jsonb) with ordinality as t(state, i) on t.i = g % ${states.length} + 1`,
    [n, applicantId, JSON.stringify(states)]
  );
  await db.query(
    `insert into case_events (case_id, seq, type, payload, at, actor_id)
     select case_id, version, 'Submitted', $1::jsonb, now(), null from cases`,
    [JSON.stringify(snapshots[0]!.events[0])]
  );
  await db.query(
    `insert into timers (subject_id, key, case_id, kind, due_at)
     select c.case_id, w.key, c.case_id, w.kind, to_timestamp(w.due / 1000.0)
     from cases c, jsonb_to_recordset($1::jsonb) as w(key text, kind text, due float8)`,
    [JSON.stringify(step.timers)]
  );
  await db.query('analyze');

  const message = {
    channel: 'inbox',
    recipient: applicantId,
    subject: `【建筑工程施工许可证核发】办件 ${step.state.caseNumber}`,
    body: '您的申请已受理，承诺于 2026年3月12日24时前办结。',
    payload: { caseId: step.state.id, caseNumber: step.state.caseNumber, event: 'Accepted', userId: applicantId }
  };
  const deadlines = step.state.deadlines;
  const iso = (ms: number | undefined) => (ms === undefined ? 'null' : `'${new Date(ms).toISOString()}'`);
  const script = [
    `\\set k :client_id * ${perClient} + random(1, ${perClient})`,
    'BEGIN;',
    `select case_id, case_number, matter_code, matter_version, applicant_id, department, status, state, version from cases where case_id = ${caseIdSql(':k')} \\gset`,
    `insert into case_events (case_id, seq, type, payload, at, actor_id) select :case_id::uuid, :version::int + 1 + (e.ordinality - 1)::int, e.value->>'type', e.value, to_timestamp((e.value->>'at')::float8 / 1000), e.value->'by'->>'id' from jsonb_array_elements(${pgbenchJson(step.events)}::jsonb) with ordinality as e;`,
    `update cases set status = :status, state = :state::jsonb, version = :version::int + 1, updated_at = now(), legal_deadline = ${iso(deadlines?.legal)}, promised_deadline = ${iso(deadlines?.promised)} where case_id = :case_id::uuid and version = :version::int returning 1;`,
    `update timers set cancelled_at = now() where subject_id = :case_id::uuid and fired_at is null and cancelled_at is null and key not in (select w.key from jsonb_to_recordset(${pgbenchJson(step.timers)}::jsonb) as w(key text));`,
    `insert into timers (subject_id, key, case_id, kind, due_at) select :case_id::uuid, w.key, :case_id::uuid, w.kind, to_timestamp(w.due / 1000.0) from jsonb_to_recordset(${pgbenchJson(step.timers)}::jsonb) as w(key text, kind text, due float8) on conflict (subject_id, key) do update set cancelled_at = null where timers.fired_at is null;`,
    'select phone, email from users where id = :applicant_id::uuid;',
    `insert into outbox (case_id, channel, recipient, subject, body, payload) select :case_id::uuid, m.channel, m.recipient, m.subject, m.body, m.payload from jsonb_to_recordset(${pgbenchJson([message])}::jsonb) as m(channel text, recipient text, subject text, body text, payload jsonb);`,
    'COMMIT;'
  ].join('\n');
  return {
    script,
    perClient,
    step: `${step.command} (${step.state.opinions.at(-1)?.stepId ?? ''})`,
    timers: step.timers.length,
    bytes: {
      event: jsonBytes(step.events),
      timers: jsonBytes(step.timers),
      message: jsonBytes(message),
      stateMean: states.reduce((sum, s) => sum + jsonBytes(s), 0) / states.length
    }
  };
}

/** Statements per transaction in the script, BEGIN and COMMIT included. */
export const statementsIn = (script: string) => script.split('\n').filter(l => !l.startsWith('\\')).length;

export interface PgbenchRun {
  tps: number;
  transactions: number;
  latencyMs: number;
  failed: number;
  /** Cores the machine kept busy over the run, and pgbench's own share (its user and system time). */
  machineCores: number;
  clientCores: number;
  command: string;
}

/** Runs pgbench with `script` on `url` for `seconds`: tps without the initial connection time. */
export async function runPgbench(
  url: string,
  script: string,
  options: { clients: number; threads: number; seconds: number }
): Promise<PgbenchRun> {
  const dir = mkdtempSync(join(tmpdir(), 'banshi-pgbench-'));
  try {
    const file = join(dir, 'command.sql');
    writeFileSync(file, `${script}\n`);
    const args = [
      '-n',
      '-M',
      'prepared',
      '-f',
      file,
      '-c',
      String(options.clients),
      '-j',
      String(options.threads),
      '-T',
      String(options.seconds),
      url
    ];
    const machine = machineCpu(cpus().length);
    const started = performance.now();
    // bash's `times` reports the CPU time pgbench used (its children's line), which Node cannot see.
    const { code, stdout, stderr } = await run('bash', [
      '-c',
      '"$0" "$@"; code=$?; times >&2; exit $code',
      pgbenchPath,
      ...args
    ]);
    const ms = performance.now() - started;
    const machineCores = machine();
    const times = [...stderr.matchAll(/^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/gm)].at(-1);
    const clientCores = times
      ? ((Number(times[1]) + Number(times[3])) * 60 + Number(times[2]) + Number(times[4])) / (ms / 1000)
      : Number.NaN;
    const errors = stderr.replace(/^\d+m[\d.]+s \d+m[\d.]+s$/gm, '').trim();
    const number = (pattern: RegExp) => {
      const m = pattern.exec(stdout);
      return m ? Number(m[1]) : Number.NaN;
    };
    const tps = number(/^tps = ([\d.]+) \(without initial connection time\)/m);
    const transactions = number(/^number of transactions actually processed: (\d+)/m);
    const failed = number(/^number of failed transactions: (\d+)/m);
    if (code !== 0 || !(tps > 0) || errors !== '')
      throw new Error(`pgbench exited with ${code}:\n${errors}\n${stdout.trim()}`);
    return {
      tps,
      transactions,
      latencyMs: number(/^latency average = ([\d.]+) ms/m),
      failed: Number.isNaN(failed) ? 0 : failed,
      machineCores,
      clientCores,
      command: `pgbench ${args.slice(0, -1).join(' ').replace(file, 'command.sql')}`
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', chunk => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', chunk => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', code => resolve({ code, stdout, stderr }));
  });
}
