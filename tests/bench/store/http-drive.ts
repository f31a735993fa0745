/**
 * Child process: construction-permit cases driven through the HTTP API of a running runtime process by concurrent
 * clients (bearer tokens, keep-alive), as a hall and an office client would: submit, pre-review, paper, accept,
 * the first review step, distribution to the co-approvers, withdrawal by the applicant, archive — 8 commands per
 * case, each answered 2xx or the run fails. Commands per second over the timed stretch after a warm-up.
 *
 * An online application must carry a file for every material its answers make required, and a file joins one
 * case only, so before each submission the applicant uploads them (one small PDF each; 4 for these answers). By
 * default the uploads run inside the timed stretch, on the same server, so they lower the commands per second as
 * they would for real applicants; they are not counted as commands and their latency is not in the commands'
 * percentiles (`uploads` reports how many were sent in the stretch). With a <stock>, each client uploads that many
 * submissions' files before the warm-up, so the stretch measures the command path alone until a client's stock runs
 * out (then it uploads as it goes, and `uploads` counts those).
 * Usage: http-drive.ts <base url> <seconds> <warm-up seconds> <clients> [<commands> [<stock>]]: with <commands>
 * (`-` for none), the timed stretch also ends once that many commands were answered (a fixed amount of work, as a
 * day's load needs).
 */
import { Agent, request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { HttpUser } from '../../support/runtime-process.ts';
import { answersFor } from '../../../runtime/src/testing/answers.ts';
import { loadCatalog } from '../../../runtime/src/testing/catalog.ts';
import type { MaterialFile } from '../../../runtime/src/testing/materials.ts';
import { reportResult } from '../figures.ts';
import { driveRate, timedStretch, type DriveRate } from './stretch.ts';

export interface HttpDriveResult extends DriveRate {
  /** Submissions' files each client uploaded before the warm-up. */
  stock: number;
  /** Files uploaded in the timed stretch for the submissions' required materials: not commands, but in the stretch. */
  uploads: number;
}

const [base, secondsArg, warmupArg, clientsArg, commandsArg, stockArg] = process.argv.slice(2);
if (!base || !clientsArg) throw new Error('usage: http-drive.ts <base url> <seconds> <warm-up seconds> <clients>');
const seconds = Number(secondsArg);
const warmupSeconds = Number(warmupArg);
const clients = Number(clientsArg);
const maxCommands = commandsArg && commandsArg !== '-' ? Number(commandsArg) : Infinity;
const stock = Number(stockArg ?? 0);

const permit = loadCatalog().byName('建筑工程施工许可证核发');
const company = await HttpUser.signIn(base, '91350100M000100Y43');
const window = await HttpUser.signIn(base, 'window');
const handler = await HttpUser.signIn(base, 'handler');

// Replaced once the stock is uploaded: until then, no command is sent.
let stretch = timedStretch(Infinity, seconds);
let uploads = 0;
const latencies: number[] = [];

/**
 * The commands go through node:http on keep-alive connections, not fetch: undici's fetch (web streams, a Request and
 * a Response each) cost the driving client 1.5 ms of CPU per command on the machine the server shares, where pgbench's
 * C client spends 0.14 ms. Asked for gzip as a browser asks, and unzipped, as a browser does.
 */
const agent = new Agent({ keepAlive: true, maxSockets: clients });
const origin = new URL(base);

function post(user: HttpUser, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        agent,
        host: origin.hostname,
        port: origin.port,
        path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          'accept-encoding': 'gzip',
          authorization: `Bearer ${user.token}`
        },
        timeout: 20_000
      },
      response => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          try {
            const bytes = Buffer.concat(chunks);
            const text = (response.headers['content-encoding'] === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8');
            resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) });
          } catch (error) {
            reject(error);
          }
        });
      }
    );
    request.on('timeout', () => request.destroy(new Error(`${path}: no answer in 20 s`)));
    request.on('error', reject);
    request.end(payload);
  });
}

async function send(user: HttpUser, path: string, body: unknown): Promise<{ id: string }> {
  const started = performance.now();
  const answer = await post(user, path, body);
  if (answer.status >= 300)
    throw new Error(`${path} ${JSON.stringify(body)} → ${answer.status} ${JSON.stringify(answer.body)}`);
  const ended = performance.now();
  if (stretch.count(ended) === 'timed') latencies.push(ended - started);
  return answer.body;
}

const answers = answersFor(permit);

const stocks = await Promise.all(
  Array.from({ length: clients }, async () => {
    const files: MaterialFile[][] = [];
    for (let i = 0; i < stock; i++) files.push(await company.uploadRequired(permit, answers));
    return files;
  })
);

const client = async (stocked: MaterialFile[][]) => {
  while (!stretch.stopping()) {
    let materials = stocked.pop();
    if (!materials) {
      materials = await company.uploadRequired(permit, answers);
      if (stretch.phase() === 'timed') uploads += materials.length;
    }
    if (stretch.stopping()) break;
    const { id } = await send(company, '/api/hall/cases', {
      matterCode: permit.code,
      channel: 'online',
      answers,
      materials
    });
    const office = `/api/office/cases/${id}/commands`;
    for (const [user, path, body] of [
      [window, office, { type: 'passPreReview' }],
      [window, office, { type: 'confirmPaper' }],
      [window, office, { type: 'accept' }],
      [handler, office, { type: 'completeStep', stepId: 'review-1', opinion: '材料齐全' }],
      [handler, office, { type: 'distribute' }],
      [company, `/api/hall/cases/${id}/withdraw`, { reason: '项目调整' }],
      [window, office, { type: 'archive' }]
    ] as const) {
      if (stretch.stopping()) break;
      await send(user, path, body);
    }
  }
};
// The warm-up starts now, after the stock was uploaded.
stretch = timedStretch(warmupSeconds, seconds, { maxCommands });
await Promise.all(stocks.map(client));

const result: HttpDriveResult = { ...driveRate(clients, stretch.reading(), latencies), stock, uploads };
reportResult(result);
agent.destroy();
