/**
 * Child process: the floor under the HTTP command path, what a Node process spends to carry the command's
 * statements and nothing else. node:http answers `POST /api/office/cases/:id/commands` by sending the statements the
 * runtime sent for the recorded command (recorded.ts: the session, the case with the department's part, the write
 * statement) through the runtime's own driver setup (`connectPostgres`: postgres.js, prepared statements, the same
 * type parsers), to the clone the path names, as pgbench's script does: the recorded case's id replaced by the
 * clone's wherever it occurs, and the version before and after the command by the clone's as read and one more. No
 * session check, validation, decision, projection, view, compression, log line or metric: the difference between the
 * runtime's rate and this one is Banshi's own work a command. Answers 200 with the write's count, or 500.
 * Prints `listening <port>` once it listens.
 * Usage: floor-server.ts <database url> <recorded command json file>
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectPostgres } from '../../../runtime/src/platform/db/db.ts';
import { readsCase, type RecordedCommand } from './recorded.ts';

const [url, file] = process.argv.slice(2);
if (!url || !file) throw new Error('usage: floor-server.ts <database url> <recorded command json file>');
const { statements, caseId, version } = JSON.parse(readFileSync(file, 'utf8')) as RecordedCommand;
const db = connectPostgres({ url, max: 10 });
/** The case read, whose version the statements after it carry on, as pgbench's script takes it (recorded.ts). */
const caseRead = statements.findIndex(s => readsCase(s, caseId));
if (caseRead < 0) throw new Error('the recorded command never read its case');
const path = /^\/api\/office\/cases\/([0-9a-f-]{36})\/commands$/;

/** A recorded parameter given to `clone`, whose version as read is `read` (unknown before the case read). */
function given(param: unknown, clone: string, read: number | undefined): unknown {
  if (typeof param === 'string') return param.includes(caseId) ? param.replaceAll(caseId, clone) : param;
  if (typeof param === 'number' && read !== undefined && (param === version || param === version + 1))
    return param === version ? read : read + 1;
  return param;
}

async function command(clone: string): Promise<unknown> {
  let read: number | undefined;
  let last: unknown;
  for (const [i, s] of statements.entries()) {
    const rows = await db.query<Record<string, unknown>>(
      s.text,
      s.params.map(p => given(p, clone, read))
    );
    if (i === caseRead) {
      if (typeof rows[0]?.version !== 'number') throw new Error(`no case ${clone}`);
      read = rows[0].version;
    }
    last = rows[0];
  }
  return last;
}

const server = createServer((request, response) => {
  // The body is read as the runtime reads it, though nothing here needs it.
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const clone = path.exec(request.url ?? '')?.[1];
    if (request.method !== 'POST' || !clone) {
      response.writeHead(404).end();
      return;
    }
    try {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      response.writeHead(400).end();
      return;
    }
    command(clone).then(
      last => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(last)),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error))
    );
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void db.close().then(() => process.exit(0));
});
