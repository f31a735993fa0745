import type { SoakFigures } from './soak.ts';

/** The JSON lines the proofs wrote (tools/proof/figures.ts), each named by its proof. */
export type Figure = { proof: string; [count: string]: unknown };
export type Figures = Figure[];

/** A count as reported, NaN when missing (so that no comparison with it holds). */
const num = (f: Figure | undefined, key: string): number => (typeof f?.[key] === 'number' ? (f[key] as number) : NaN);

export interface Goal {
  goal: string;
  measured: string;
  pass: boolean;
  /** A goal on the whole proof (its time), not on one part. */
  whole?: true;
}

interface Targets {
  KILLS_PG: number;
  KILLS_PGLITE: number;
  MONTH_DAYS: number;
  MUTATIONS: number;
  soakMinutes: number;
}

/** Each of the issue's goals against what the proofs measured: met only if measured at full size and clean. */
export function judge(
  figures: Figures,
  soak: SoakFigures | undefined,
  runs: Array<{ part: string; passed: boolean }>,
  totalMinutes: number,
  issue: Targets
): Goal[] {
  const of = (proof: string) => figures.filter(f => f.proof === proof);
  const one = (proof: string) => of(proof).at(-1);
  const passed = (part: string) => runs.some(r => r.part === part && r.passed);
  const goals: Goal[] = [];

  for (const [kind, target] of [
    ['postgres', issue.KILLS_PG],
    ['pglite', issue.KILLS_PGLITE]
  ] as const) {
    const f = one(`sigkill-${kind}`);
    goals.push({
      goal: `${target} SIGKILLs under load on ${kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}, retried by Idempotency-Key: 0 acknowledged commands or uploads lost, 0 applied twice`,
      measured: f
        ? `${f.kills} kills; ${f.commandsAcknowledged} commands and ${f.uploadsAcknowledged} uploads acknowledged, ${f.retried} retried; ${f.lost} lost, ${f.duplicated} applied twice`
        : 'not run',
      pass: !!f && passed('sigkill') && num(f, 'kills') >= target && num(f, 'lost') === 0 && num(f, 'duplicated') === 0
    });
  }

  const cut = one('connection-loss');
  goals.push({
    goal: 'PostgreSQL restarted and connections terminated under load: the process lives and recovers',
    measured: cut
      ? `${cut.restarts} server restarts and ${cut.terminations} pg_terminate_backend of its connections; ${cut.requests} requests: ${cut.unavailable} answered 503, ${cut.fiveHundreds} 500s, ${cut.noAnswer} unanswered; process ${cut.processAlive ? 'alive' : 'dead'}, ${cut.servedAgain ? 'served again' : 'did not serve again'}`
      : 'not run',
    pass:
      !!cut &&
      passed('connection-loss') &&
      num(cut, 'restarts') > 0 &&
      num(cut, 'terminations') > 0 &&
      cut.processAlive === true &&
      cut.servedAgain === true &&
      num(cut, 'fiveHundreds') === 0 &&
      num(cut, 'noAnswer') === 0
  });

  const month = one('simulated-month');
  goals.push({
    goal: `Two processes with timers over a simulated month (${issue.MONTH_DAYS} days): every timer and supervision event exactly once`,
    measured: month
      ? `${month.simulatedDays} days in ${month.visits} visits; ${month.applications} applications, ${month.commandsAcknowledged} commands; ${month.timersFired} timers fired (${month.timersFiredTwice} twice), ${month.supervisionRecords} supervision records (${month.supervisionTwice} twice), ${month.deemedAcceptances} deemed acceptances, ${month.notificationsDelivered} of ${month.notificationsSent} notifications delivered; ${month.lost} lost`
      : 'not run',
    pass:
      !!month &&
      passed('simulated-month') &&
      num(month, 'simulatedDays') >= issue.MONTH_DAYS &&
      num(month, 'timersFired') > 0 &&
      num(month, 'timersFiredTwice') === 0 &&
      num(month, 'supervisionTwice') === 0 &&
      num(month, 'supervisionRecords') === num(month, 'supervisionEvents') &&
      num(month, 'notificationsDelivered') === num(month, 'notificationsSent') &&
      num(month, 'lost') === 0
  });

  const language = one('fuzz-language');
  const studio = one('fuzz-studio-api');
  goals.push({
    goal: `${issue.MUTATIONS.toLocaleString('en')} generated and mutated matter sources through check, compile and the studio API: 0 crashes, 0 500s, 0 hangs`,
    measured:
      language || studio
        ? `${language?.sources ?? 0} through check, compile and format (${language?.crashes ?? '?'} crashes, ${language?.hangs ?? '?'} hangs, slowest ${language?.slowestMs ?? '?'} ms); ${studio?.requests ?? 0} of them through POST /api/studio/check (${studio?.fiveHundreds ?? '?'} 5xx, ${studio?.hangs ?? '?'} hangs, slowest ${studio?.slowestMs ?? '?'} ms)`
        : 'not run',
    pass:
      !!language &&
      !!studio &&
      passed('fuzz') &&
      num(language, 'sources') >= issue.MUTATIONS &&
      num(language, 'crashes') === 0 &&
      num(language, 'hangs') === 0 &&
      num(studio, 'fiveHundreds') === 0 &&
      num(studio, 'hangs') === 0
  });

  const malformed = figures.filter(f => f.proof.startsWith('malformed-'));
  const requests = malformed.reduce((n, f) => n + num(f, 'requests'), 0);
  const serverErrors = malformed.reduce((n, f) => n + num(f, 'fiveHundreds'), 0);
  const wrong = malformed.reduce((n, f) => n + (num(f, 'problems') || 0), 0);
  const api = malformed.find(f => f.proof.startsWith('malformed-api'));
  const hall = malformed.find(f => f.proof.startsWith('malformed-hall'));
  goals.push({
    goal: '10,000 malformed requests across every route and hall form: 0 crashes, 0 500s, 0 hangs',
    measured: malformed.length
      ? `${requests} requests (${malformed.map(f => `${f.proof} ${f.requests}`).join(', ')}) over ${api?.routes ?? '?'} API routes, ${hall?.forms ?? '?'} hall forms and ${hall?.pages ?? '?'} hall pages; ${serverErrors} 5xx, ${wrong} answers outside the error shape`
      : 'not run',
    pass: passed('malformed') && requests >= 10_000 && serverErrors === 0 && wrong === 0 && !!api && !!hall
  });

  goals.push({
    goal:
      issue.soakMinutes >= 60
        ? `Soak of ${issue.soakMinutes} min at a steady office-hours load: memory flat, latency flat`
        : `Soak of ${issue.soakMinutes} min at a steady office-hours load (the issue asks an hour; the rest of the hour goes to the other parts): memory flat, latency flat`,
    measured: soak
      ? `${soak.minutes} min at ${soak.requestsPerSecond} req/s, ${soak.requests} requests, ${soak.errors} errors; RSS ${soak.firstQuarter.rssMb} → ${soak.lastQuarter.rssMb} MB, p50 ${soak.firstQuarter.p50Ms} → ${soak.lastQuarter.p50Ms} ms, p99 ${soak.firstQuarter.p99Ms} → ${soak.lastQuarter.p99Ms} ms (first → last quarter)`
      : 'not run',
    pass:
      !!soak &&
      soak.minutes >= issue.soakMinutes &&
      soak.memoryFlat &&
      soak.latencyFlat &&
      soak.errors === 0 &&
      soak.processAlive
  });

  goals.push({
    goal: '`npm run proof` runs on this machine in under an hour',
    measured: `${totalMinutes} min`,
    pass: totalMinutes < 60,
    whole: true
  });
  return goals;
}
