import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from './metrics-registry.ts';

describe('MetricsRegistry', () => {
  it('renders counters, gauges and cumulative histograms in the Prometheus text format', () => {
    const r = new MetricsRegistry();
    const c = r.counter('x_total', 'Things.', ['a', 'b']);
    c.inc(['1', 'q"uo\\te\n']);
    c.inc(['1', 'q"uo\\te\n'], 2.5);
    c.inc(['2', 'z'], 0);
    r.gauge('depth', 'Depth.', () => 7);
    const h = r.histogram('lat_seconds', 'Latency.', ['g'], [0.1, 1]);
    h.observe(['x'], 0.05);
    h.observe(['x'], 0.5);
    h.observe(['x'], 5);
    expect(r.render()).toBe(
      [
        '# HELP x_total Things.',
        '# TYPE x_total counter',
        'x_total{a="1",b="q\\"uo\\\\te\\n"} 3.5',
        '# HELP depth Depth.',
        '# TYPE depth gauge',
        'depth 7',
        '# HELP lat_seconds Latency.',
        '# TYPE lat_seconds histogram',
        'lat_seconds_bucket{g="x",le="0.1"} 1',
        'lat_seconds_bucket{g="x",le="1"} 2',
        'lat_seconds_bucket{g="x",le="+Inf"} 3',
        'lat_seconds_sum{g="x"} 5.55',
        'lat_seconds_count{g="x"} 3',
        '',
      ].join('\n'),
    );
  });

  it('folds label sets beyond its bound into one series', () => {
    const r = new MetricsRegistry();
    const c = r.counter('many_total', 'Many.', ['k']);
    for (let i = 0; i < 6000; i++) c.inc([`v${i}`]);
    expect(c.get(['_other'])).toBe(1000);
    expect(r.render().split('\n').filter((l) => l.startsWith('many_total')).length).toBe(5001);
  });
});
