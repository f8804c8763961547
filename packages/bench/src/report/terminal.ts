/** Plain aligned tables for the terminal. */
import type { BenchResult } from '../types.ts';
import { sections, type Section } from './sections.ts';

function table(s: Section): string {
  const widths = s.header.map((h, i) => Math.max(h.length, ...s.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [s.title, line(s.header), widths.map((w) => '-'.repeat(w)).join('  '), ...s.rows.map(line)].join('\n');
}

export function terminalReport(result: BenchResult): string {
  const m = result.machine;
  const head = `aigw bench (${result.mode}) ${result.date}: ${m.cores} cores ${m.cpuModel}; ${Object.entries(m.versions).map(([k, v]) => `${k} ${v}`).join(', ')}; load average ${result.loadAverage.start.toFixed(1)} → ${result.loadAverage.end.toFixed(1)}; idle RSS node ${m.nodeIdleRssMb.bare} MB, node --import tsx ${m.nodeIdleRssMb.withTsx} MB; ${result.durationS} s`;
  return [head, ...sections(result).map(table)].join('\n\n');
}
