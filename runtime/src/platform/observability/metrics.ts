/** Counters and latency histograms in the Prometheus text format; no dependency, one registry per process. */
const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export class Metrics {
  private counters = new Map<string, number>();
  private histograms = new Map<string, { counts: number[]; sum: number; count: number }>();
  private gauges: Array<() => Promise<Array<{ name: string; help: string; value: number }>>> = [];

  count(name: string, labels: Record<string, string | number>, by = 1): void {
    const key = `${name}${labelText(labels)}`;
    this.counters.set(key, (this.counters.get(key) ?? 0) + by);
  }

  observe(name: string, labels: Record<string, string | number>, seconds: number): void {
    const key = `${name}${labelText(labels)}`;
    let h = this.histograms.get(key);
    if (!h) this.histograms.set(key, (h = { counts: buckets.map(() => 0), sum: 0, count: 0 }));
    buckets.forEach((b, i) => {
      if (seconds <= b) h!.counts[i]!++;
    });
    h.sum += seconds;
    h.count++;
  }

  /** Values read at scrape time (queue depths from the database). */
  gauge(read: () => Promise<Array<{ name: string; help: string; value: number }>>): void {
    this.gauges.push(read);
  }

  async render(): Promise<string> {
    const lines: string[] = [];
    const typed = new Set<string>();
    const type = (name: string, kind: string) => {
      if (!typed.has(name)) {
        typed.add(name);
        lines.push(`# TYPE ${name} ${kind}`);
      }
    };
    for (const [key, value] of [...this.counters].sort()) {
      type(key.split('{')[0]!, 'counter');
      lines.push(`${key} ${value}`);
    }
    for (const [key, h] of [...this.histograms].sort()) {
      const [name, rest] = [key.split('{')[0]!, key.includes('{') ? key.slice(key.indexOf('{') + 1, -1) : ''];
      type(name, 'histogram');
      const sep = rest ? `${rest},` : '';
      buckets.forEach((b, i) => lines.push(`${name}_bucket{${sep}le="${b}"} ${h.counts[i]}`));
      lines.push(`${name}_bucket{${sep}le="+Inf"} ${h.count}`);
      lines.push(`${name}_sum${rest ? `{${rest}}` : ''} ${h.sum}`);
      lines.push(`${name}_count${rest ? `{${rest}}` : ''} ${h.count}`);
    }
    for (const read of this.gauges) {
      for (const g of await read()) {
        lines.push(`# HELP ${g.name} ${g.help}`);
        type(g.name, 'gauge');
        lines.push(`${g.name} ${g.value}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }
}

function labelText(labels: Record<string, string | number>): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${String(v).replace(/["\\\n]/g, '_')}"`).join(',')}}`;
}
