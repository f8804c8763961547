/** Reads a V8 .cpuprofile and ranks functions and packages by self time. */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  pct: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time per function. */
  functions: SelfTime[];
  /** Self time per npm package or workspace folder. */
  owners: SelfTime[];
  /** Self time charged to the nearest aigw function on the stack: what our code costs, callees included. */
  byOurCaller: SelfTime[];
}

/** `file:///…/node_modules/.pnpm/hono@4/node_modules/hono/dist/x.js` → `hono/dist/x.js`; repo files relative to it. */
export function shortUrl(url: string, repoRoot: string): string {
  if (!url) return '(native)';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm !== -1) return path.slice(nm + '/node_modules/'.length);
  return path.startsWith(repoRoot) ? path.slice(repoRoot.length + 1) : path;
}

/** What a file belongs to: an npm package, a workspace folder, or node itself. */
function owner(short: string): string {
  if (short === '(native)') return '(native, GC, program)';
  if (short.startsWith('node:')) return 'node internals';
  const parts = short.split('/');
  if (short.startsWith('@')) return parts.slice(0, 2).join('/');
  if (parts[0] === 'packages' || parts[0] === 'apps') return parts.slice(0, 2).join('/');
  return parts[0]!;
}

function rank(totals: Map<string, number>, totalMs: number, top: number): SelfTime[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => ({ name, ms: Math.round(ms), pct: Math.round((ms / totalMs) * 1000) / 10 }));
}

/**
 * Top functions (`file:function:line`) and owners by self time, idle excluded from the total.
 * `fromUs` keeps only samples taken after that time (µs of the monotonic clock, as
 * `process.hrtime.bigint() / 1000n`, which V8's profiler uses too on Linux), so start-up drops out.
 */
export function summarizeProfile(file: string, repoRoot: string, fromUs = 0, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode) => `${shortUrl(n.callFrame.url, repoRoot)}:${n.callFrame.functionName || '(anonymous)'}:${n.callFrame.lineNumber + 1}`;
  /** The nearest frame at or above `id` in the workspace's own code (packages/, apps/). */
  const ourCaller = (id: number): string => {
    for (let n = byId.get(id); n; n = byId.get(parent.get(n.id) ?? -1)) {
      const short = shortUrl(n.callFrame.url, repoRoot);
      if (short.startsWith('packages/') || short.startsWith('apps/')) return label(n);
    }
    return '(no aigw frame on the stack)';
  };
  const fn = new Map<string, number>();
  const own = new Map<string, number>();
  const ours = new Map<string, number>();
  let totalMs = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < fromUs) return;
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)') return;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const short = shortUrl(node.callFrame.url, repoRoot);
    const name = label(node);
    fn.set(name, (fn.get(name) ?? 0) + ms);
    const caller = ourCaller(id);
    ours.set(caller, (ours.get(caller) ?? 0) + ms);
    own.set(owner(short), (own.get(owner(short)) ?? 0) + ms);
    totalMs += ms;
  });
  return { totalMs: Math.round(totalMs), functions: rank(fn, totalMs, top), owners: rank(own, totalMs, top), byOurCaller: rank(ours, totalMs, top) };
}
