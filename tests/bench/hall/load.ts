/**
 * The hall bench's load: autocannon on loopback against a list of paths (each request picks one at random), and
 * the peer server (peer.ts) answering the same paths with the same bytes from memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { repoRoot } from '../figures.ts';
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

export interface Peer {
  url: string;
  stop(): Promise<void>;
}

/** Starts peer.ts in a process of its own, serving `bodies` (path → content type and bytes). */
export async function startPeer(bodies: Map<string, { type: string; body: Buffer }>): Promise<Peer> {
  const dir = mkdtempSync(join(tmpdir(), 'banshi-hall-peer-'));
  const file = join(dir, 'bodies.json');
  writeFileSync(
    file,
    JSON.stringify(
      Object.fromEntries([...bodies].map(([path, b]) => [path, { type: b.type, body: b.body.toString('base64') }]))
    )
  );
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'tests/bench/hall/peer.ts', file], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe']
  });
  const exited = new Promise<void>(resolve => child.on('exit', () => resolve()));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', chunk => {
        out += String(chunk);
        const match = /PEER_LISTENING (\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.stderr!.on('data', chunk => {
        out += String(chunk);
      });
      child.on('exit', code => reject(new Error(`peer exited with ${code}: ${out}`)));
    });
    return {
      url: `http://127.0.0.1:${port}`,
      async stop() {
        child.kill('SIGTERM');
        await exited;
        rmSync(dir, { recursive: true, force: true });
      }
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
