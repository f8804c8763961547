import { describe, expect, it } from 'vitest';
import { observeResponse } from '../pipeline/tap-stream.ts';
import { ResponseWatcher } from './response-watcher.ts';
import { PriceBook } from './cost.ts';
import { testProxyContext } from '../pipeline/test-context.ts';

describe('ResponseWatcher', () => {
  it('puts usage and cost on the trace before later observers see the end', async () => {
    const ctx = await testProxyContext();
    let done: unknown;
    const watcher = new ResponseWatcher(ctx, new PriceBook(), false, (r) => (done = r));
    let seen: unknown;
    const later = { onEnd: () => (seen = { usage: ctx.trace.usage, cost: ctx.trace.cost }) };
    const upstream = Response.json({ usage: { prompt_tokens: 1_000_000, completion_tokens: 0 } });
    await observeResponse(upstream, [watcher, later]).text();
    expect(seen).toEqual({ usage: { tokensIn: 1_000_000, tokensOut: 0, cachedTokensIn: undefined }, cost: 2.5 });
    await Promise.resolve();
    expect(done).toMatchObject({ status: 200, cost: 2.5, errorCode: null });
  });
});
