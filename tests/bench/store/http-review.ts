/**
 * Child process: the command the pgbench peer replays (a construction-permit case's first review, `completeStep`
 * review-1; recorded.ts), given through `POST /api/office/cases/:id/commands` of a running runtime by the handler
 * on clones of one case waiting at that review (recorded.ts's `cloneCase`, as the peer's clones are made), each
 * clone once: the same command, the same statements, on the same shape of database as pgbench's side, so the two
 * rates compare a transaction of the same shape. The load comes from autocannon (keep-alive connections, one
 * request in flight each, asking for gzip as a browser does), whose client spends far less of the shared machine
 * per request than node:http's; every answer must be a 200, or the run fails.
 * With `anonymous` last, no one signs in and the requests carry no token: for the floor (floor-server.ts), which
 * checks nobody.
 * Usage: http-review.ts <base url> <seconds> <warm-up seconds> <clients> <first clone> <clones> [anonymous]
 */
import { cpus } from 'node:os';
import autocannon from 'autocannon';
import { HttpUser } from '../../support/runtime-process.ts';
import { reportResult } from '../figures.ts';
import { cpuFields, machineCpu } from './cpu.ts';
import { cloneId } from './recorded.ts';
import type { DriveRate } from './stretch.ts';

export interface HttpReviewResult extends DriveRate {
  /** Commands answered, warm-up included, and clones given the command (a request in flight when a run ended among them). */
  answered: number;
  used: number;
}

const [base, secondsArg, warmupArg, clientsArg, firstArg, clonesArg, anonymous] = process.argv.slice(2);
if (!base || !clonesArg || (anonymous !== undefined && anonymous !== 'anonymous'))
  throw new Error(
    'usage: http-review.ts <base url> <seconds> <warm-up seconds> <clients> <first clone> <clones> [anonymous]'
  );
const seconds = Number(secondsArg);
const warmupSeconds = Number(warmupArg);
const clients = Number(clientsArg);
const first = Number(firstArg);
const clones = Number(clonesArg);

const authorization: Record<string, string> = anonymous
  ? {}
  : { authorization: `Bearer ${(await HttpUser.signIn(base, 'handler')).token}` };
const body = JSON.stringify({ type: 'completeStep', stepId: 'review-1', opinion: '材料齐全' });
let next = first;
const requests = [
  {
    setupRequest: (request: object) => {
      if (next >= first + clones) throw new Error(`all ${clones} clones were used before the run ended`);
      return {
        ...request,
        method: 'POST',
        path: `/api/office/cases/${cloneId(next++)}/commands`,
        headers: {
          'content-type': 'application/json',
          'accept-encoding': 'gzip',
          ...authorization
        },
        body
      };
    }
  }
];

const run = async (duration: number) => {
  const machine = machineCpu(cpus().length);
  const cpu = process.cpuUsage();
  const result = await autocannon({ url: base, connections: clients, duration, timeout: 20, requests });
  const spent = process.cpuUsage(cpu);
  const cores = cpuFields(machine());
  if (result.errors || result.timeouts || result.non2xx)
    throw new Error(
      `${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} answers not 2xx of ${result.requests.total}`
    );
  return { result, ...cores, clientCores: (spent.user + spent.system) / 1000 / (result.duration * 1000) };
};

const warm = warmupSeconds > 0 ? (await run(warmupSeconds)).result.requests.total : 0;
const { result, machineCores, stolenCores, clientCores } = await run(seconds);
const outcome: HttpReviewResult = {
  clients,
  commands: result.requests.total,
  answered: warm + result.requests.total,
  used: next - first,
  ms: result.duration * 1000,
  commandsPerSecond: result.requests.total / result.duration,
  latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
  machineCores,
  stolenCores,
  clientCores
};
reportResult(outcome);
