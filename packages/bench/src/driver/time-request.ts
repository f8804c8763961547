/** Sends one request through an undici Pool and times its first byte, its SSE frames and its end. */
import type { Pool } from 'undici';
import type { Target } from '../requests.ts';

export interface Timing {
  status: number;
  /** ms from sending to the first body byte. */
  ttfb: number;
  /** ms from sending to the end of the body. */
  total: number;
  /** ms at which each SSE `data:` frame was complete (empty for JSON). */
  frames: number[];
}

const NL2 = Buffer.from('\n\n');

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/** Sends `body` to `target` and times it; rejects on a network error. */
export async function timeRequest(pool: Pool, target: Target, body: string, headers: Record<string, string>, sse: boolean): Promise<Timing> {
  const start = nowMs();
  const res = await pool.request({ path: target.path, method: 'POST', headers: { ...headers, ...target.headers }, body });
  let ttfb = -1;
  const frames: number[] = [];
  let tail: Buffer = Buffer.alloc(0);
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    const t = nowMs() - start;
    if (ttfb < 0) ttfb = t;
    if (!sse) continue;
    // Frames end with a blank line; one read may hold several frames, or part of one.
    let data: Buffer = tail.length ? Buffer.concat([tail, chunk]) : chunk;
    for (let i = data.indexOf(NL2); i !== -1; i = data.indexOf(NL2)) {
      if (data.subarray(0, 5).toString() === 'data:') frames.push(t);
      data = data.subarray(i + 2);
    }
    tail = data;
  }
  const total = nowMs() - start;
  return { status: res.statusCode, ttfb: ttfb < 0 ? total : ttfb, total, frames };
}
