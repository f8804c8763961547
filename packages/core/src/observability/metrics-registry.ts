/**
 * A small Prometheus registry: counters, gauges read at scrape time, and histograms, each with a
 * fixed list of label names. Rendering follows the text exposition format 0.0.4.
 */

type Series<T> = Map<string, { labels: readonly string[]; value: T }>;

interface Metric {
  render(out: string[]): void;
}

/** Label values beyond this many series per metric are folded into one `_other` series. */
const MAX_SERIES = 5000;

function escapeLabel(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

function labelText(names: readonly string[], values: readonly string[], extra = ''): string {
  const parts = names.map((n, i) => `${n}="${escapeLabel(values[i] ?? '')}"`);
  if (extra) parts.push(extra);
  return parts.length ? `{${parts.join(',')}}` : '';
}

function num(n: number): string {
  if (n === Infinity) return '+Inf';
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1e9) / 1e9);
}

function seriesFor<T>(series: Series<T>, labels: readonly string[], init: () => T): { labels: readonly string[]; value: T } {
  let key = labels.join('\u0001');
  let entry = series.get(key);
  if (!entry) {
    if (series.size >= MAX_SERIES) {
      labels = labels.map(() => '_other');
      key = labels.join('\u0001');
      entry = series.get(key);
    }
    if (!entry) {
      entry = { labels, value: init() };
      series.set(key, entry);
    }
  }
  return entry;
}

export class Counter implements Metric {
  private readonly series: Series<number> = new Map();
  constructor(readonly name: string, readonly help: string, readonly labelNames: readonly string[] = []) {}

  inc(labels: readonly string[] = [], by = 1): void {
    if (!(by > 0)) return;
    seriesFor(this.series, labels, () => 0).value += by;
  }

  get(labels: readonly string[] = []): number {
    return this.series.get(labels.join('\u0001'))?.value ?? 0;
  }

  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`);
    for (const { labels, value } of this.series.values()) out.push(`${this.name}${labelText(this.labelNames, labels)} ${num(value)}`);
  }
}

/** A gauge whose value is read when scraped. */
export class Gauge implements Metric {
  constructor(readonly name: string, readonly help: string, private readonly read: () => number) {}

  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`, `${this.name} ${num(this.read())}`);
  }
}

export class Histogram implements Metric {
  private readonly series: Series<{ counts: number[]; sum: number; count: number }> = new Map();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    /** Upper bounds, ascending, in the metric's unit. */
    readonly buckets: readonly number[],
  ) {}

  observe(labels: readonly string[], value: number): void {
    if (!Number.isFinite(value)) return;
    const s = seriesFor(this.series, labels, () => ({ counts: new Array<number>(this.buckets.length).fill(0), sum: 0, count: 0 })).value;
    for (let i = 0; i < this.buckets.length; i++) {
      if (value <= this.buckets[i]!) {
        s.counts[i]!++;
        break;
      }
    }
    s.sum += value;
    s.count++;
  }

  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`);
    for (const { labels, value } of this.series.values()) {
      let cumulative = 0;
      for (let i = 0; i < this.buckets.length; i++) {
        cumulative += value.counts[i]!;
        out.push(`${this.name}_bucket${labelText(this.labelNames, labels, `le="${num(this.buckets[i]!)}"`)} ${cumulative}`);
      }
      out.push(`${this.name}_bucket${labelText(this.labelNames, labels, 'le="+Inf"')} ${value.count}`);
      out.push(`${this.name}_sum${labelText(this.labelNames, labels)} ${num(value.sum)}`);
      out.push(`${this.name}_count${labelText(this.labelNames, labels)} ${value.count}`);
    }
  }
}

export class MetricsRegistry {
  private readonly metrics: Metric[] = [];

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, labelNames));
  }

  gauge(name: string, help: string, read: () => number): Gauge {
    return this.add(new Gauge(name, help, read));
  }

  histogram(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, labelNames, buckets));
  }

  /** The Prometheus text format (`text/plain; version=0.0.4`). */
  render(): string {
    const out: string[] = [];
    for (const m of this.metrics) m.render(out);
    return `${out.join('\n')}\n`;
  }

  private add<T extends Metric>(metric: T): T {
    this.metrics.push(metric);
    return metric;
  }
}
