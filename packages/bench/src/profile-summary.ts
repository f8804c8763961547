/** Reads a V8 .cpuprofile and ranks functions and packages by self time. */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber?: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
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

/**
 * Frames of a bundle (`dist/main.mjs`, with its `.map` beside it) moved to the source file and line
 * they were bundled from, so time is charged to packages and files as in the sources.
 */
export function sourceMapper(): (frame: CallFrame) => CallFrame {
  const maps = new Map<string, { map: SourceMap; dir: string } | undefined>();
  const mapOf = (url: string) => {
    if (!maps.has(url)) {
      const path = fileURLToPath(url);
      maps.set(url, existsSync(`${path}.map`) ? { map: new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8'))), dir: dirname(path) } : undefined);
    }
    return maps.get(url);
  };
  return (frame) => {
    const found = frame.url.startsWith('file://') ? mapOf(frame.url) : undefined;
    if (!found) return frame;
    const entry = found.map.findEntry(frame.lineNumber, frame.columnNumber ?? 0) as { originalSource?: string; originalLine?: number };
    if (!entry.originalSource) return frame;
    const source = entry.originalSource.startsWith('file://') ? entry.originalSource : pathToFileURL(resolve(found.dir, entry.originalSource)).href;
    return { ...frame, url: source, lineNumber: entry.originalLine ?? frame.lineNumber };
  };
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
  const mapped = sourceMapper();
  for (const n of profile.nodes) n.callFrame = mapped(n.callFrame);
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
