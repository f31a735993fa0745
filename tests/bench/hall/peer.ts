/**
 * Child process, the hall bench's peer: the smallest node:http server that answers the same paths with the same
 * bytes as the hall did, from memory (no routing beyond a Map lookup, no database, no rendering): the limit of
 * Node's HTTP stack on this machine with this client.
 * Usage: peer.ts <bodies.json>: { "<path>": { "type": "<content-type>", "body": "<base64>" } }. Prints
 * `PEER_LISTENING <port>` once it listens on 127.0.0.1; stops on SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const file = process.argv[2];
if (!file) throw new Error('usage: peer.ts <bodies.json>');
const bodies = new Map(
  Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, { type: string; body: string }>).map(
    ([path, { type, body }]) => [path, { type, body: Buffer.from(body, 'base64') }]
  )
);

const server = createServer((request, response) => {
  const found = bodies.get(request.url ?? '');
  if (!found) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  response.writeHead(200, { 'content-type': found.type, 'content-length': found.body.length });
  response.end(found.body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`PEER_LISTENING ${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
