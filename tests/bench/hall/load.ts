/**
 * The hall bench's load: autocannon on loopback against a list of paths (each request picks one at random), and
 * the peer server (peer.ts) answering the same paths with the same bytes from memory.
 */
import { cpus } from 'node:os';
import autocannon from 'autocannon';
import { startListening, type ListeningChild } from '../listening-child.ts';
import { cpuFields, machineCpu } from '../store/cpu.ts';

export interface LoadRun {
  requestsPerSecond: number;
  requests: number;
  latencyMs: { p50: number; p99: number; p999: number; max: number };
  /** Cores of the machine kept busy on average over the run (server, client and anything else). */
  machineCores: number;
  /** Cores the hypervisor took meanwhile (cpu.ts). */
  stolenCores: number;
}

/**
 * `seconds` of load with `connections` keep-alive connections after `warmupSeconds` of the same (discarded); every
 * answer must be a 2xx, or the run fails.
 */
export async function load(
  base: string,
  paths: string[],
  options: { connections: number; seconds: number; warmupSeconds: number }
): Promise<LoadRun> {
  const requests = [
    {
      setupRequest: (request: object) => ({
        ...request,
        method: 'GET',
        path: paths[Math.floor(Math.random() * paths.length)]!
      })
    }
  ];
  const run = async (duration: number) => {
    const machine = machineCpu(cpus().length);
    const result = await autocannon({ url: base, connections: options.connections, duration, timeout: 30, requests });
    const cores = cpuFields(machine());
    if (result.errors || result.timeouts || result.non2xx) {
      throw new Error(
        `${base}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} answers not 2xx of ${result.requests.total}`
      );
    }
    return { result, ...cores };
  };
  if (options.warmupSeconds > 0) await run(options.warmupSeconds);
  const { result, machineCores, stolenCores } = await run(options.seconds);
  return {
    requestsPerSecond: result.requests.total / result.duration,
    requests: result.requests.total,
    latencyMs: {
      p50: result.latency.p50,
      p99: result.latency.p99,
      p999: result.latency.p99_9,
      max: result.latency.max
    },
    machineCores,
    stolenCores
  };
}

export type Peer = ListeningChild;

/** Starts peer.ts in a process of its own, serving `bodies` (path → content type and bytes). */
export const startPeer = (bodies: Map<string, { type: string; body: Buffer }>): Promise<Peer> =>
  startListening({
    script: 'tests/bench/hall/peer.ts',
    input: JSON.stringify(
      Object.fromEntries([...bodies].map(([path, b]) => [path, { type: b.type, body: b.body.toString('base64') }]))
    ),
    args: file => [file],
    marker: 'PEER_LISTENING'
  });
