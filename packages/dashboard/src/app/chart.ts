import uPlot from 'uplot';
import type { Columns } from './analytics-series.ts';
import { h } from './dom.ts';
import { fmtCompact, fmtCost, fmtMs, fmtPercent } from './format.ts';

export type Unit = 'count' | 'usd' | 'ms' | 'ratio';

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#64748b'];
const HEIGHT = 200;

const formatters: Record<Unit, (v: number) => string> = {
  count: (v) => fmtCompact(v),
  usd: (v) => fmtCost(v),
  ms: (v) => fmtMs(v),
  ratio: (v) => fmtPercent(v),
};

/** What the chart shows, in words (the label screen readers get): totals of counts and costs, peaks of rates and latencies. */
export function describe(title: string, data: Columns, unit: Unit): string {
  const additive = unit === 'count' || unit === 'usd';
  const parts = data.series.map((s) => {
    const values = s.values.filter((v): v is number => v !== null);
    if (values.length === 0) return `${s.label}: no data`;
    const value = additive ? values.reduce((a, b) => a + b, 0) : Math.max(...values);
    return `${s.label} ${additive ? 'total' : 'peak'} ${formatters[unit](value)}`;
  });
  return `${title} over time: ${parts.join(', ')}`;
}

/**
 * A time-series line chart (uPlot, canvas) in a captioned figure. The figure is labelled for
 * screen readers; the numbers themselves are also on the page as text (cards and tables).
 * uPlot is created once the figure has a width, and follows its width afterwards.
 */
export function timeChart(title: string, data: Columns, unit: Unit): HTMLElement {
  const plot = h('div', { class: 'plot' });
  const format = formatters[unit];
  const figure = h('figure', { class: 'chart', role: 'img', 'aria-label': describe(title, data, unit) }, h('figcaption', {}, title), plot);
  let chart: uPlot | undefined;
  const observer = new ResizeObserver(() => {
    const width = plot.clientWidth;
    if (width === 0) return;
    if (chart) {
      chart.setSize({ width, height: HEIGHT });
      return;
    }
    chart = new uPlot(
      {
        width,
        height: HEIGHT,
        legend: { live: true },
        cursor: { drag: { x: false, y: false } },
        scales: { y: { range: (_u, min, max) => [Math.min(0, min ?? 0), max && max > 0 ? max * 1.1 : 1] } },
        axes: [{}, { values: (_u, ticks) => ticks.map(format), size: unit === 'usd' ? 84 : 64 }],
        series: [
          {},
          ...data.series.map((s, i) => ({
            label: s.label,
            stroke: PALETTE[i % PALETTE.length]!,
            width: 2,
            points: { show: data.x.length < 40 },
            value: (_u: uPlot, v: number | null) => (v === null ? '—' : format(v)),
          })),
        ],
      },
      [data.x, ...data.series.map((s) => s.values)] as uPlot.AlignedData,
      plot,
    );
  });
  observer.observe(plot);
  return figure;
}
