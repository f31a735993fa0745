import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { clusterMetrics, inCluster } from '../processes.ts';

/** Request latency buckets in seconds: a hall page or an API answer, from 5 ms to 10 s. */
const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One answered HTTP request, as the request middleware saw it. */
export interface ObservedRequest {
  method: string;
  /** The route's pattern (`/hall/cases/:id`), never the raw path: no IDs in labels. */
  route: string;
  status: number;
  seconds: number;
}

/**
 * The process's Prometheus metrics on a prom-client registry of its own (tests run several apps in one process):
 * Node's process, heap, GC and event-loop metrics, HTTP requests by route pattern, and what others register on
 * `registry` (the worker's queue gauges).
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly latency: Histogram<'method' | 'route' | 'status_class'>;
  /** With several processes (BANSHI_PROCESSES): all of theirs together, gathered by the parent. */
  private readonly ofAll: (() => Promise<string>) | undefined;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Gauges named `_total`, which `promtool check metrics` refuses (the suffix is for counters); the same counts
    // stay, by type, in nodejs_active_handles, nodejs_active_requests and nodejs_active_resources.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'])
      this.registry.removeSingleMetric(name);
    this.requests = new Counter({
      name: 'banshi_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry]
    });
    this.latency = new Histogram({
      name: 'banshi_http_request_duration_seconds',
      help: 'Time from a request arriving to its answer being ready, by method, route pattern and status class',
      labelNames: ['method', 'route', 'status_class'],
      buckets: latencyBuckets,
      registers: [this.registry]
    });
    this.ofAll = inCluster() ? clusterMetrics(this.registry) : undefined;
  }

  observeRequest({ method, route, status, seconds }: ObservedRequest): void {
    this.requests.inc({ method, route, status: String(status) });
    this.latency.observe({ method, route, status_class: `${Math.floor(status / 100)}xx` }, seconds);
  }

  /** The exposition's media type (text format 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition: this process's metrics, or with several processes all of theirs (counters summed). */
  async render(): Promise<string> {
    return this.ofAll ? this.ofAll() : this.registry.metrics();
  }
}
