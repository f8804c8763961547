import { describe, expect, it } from 'vitest';
import { fakeProvider, testGateway } from './test-upstream.ts';

interface Span { name: string; traceId: string; parentSpanId?: string; status: { code: number }; attributes: { key: string; value: Record<string, unknown> }[] }

describe('OTLP export', () => {
  it('sends one gen_ai span per request to the gateway’s collector, joining the client’s trace', async () => {
    const posts: { headers: Headers; body: { resourceSpans: { scopeSpans: { spans: Span[] }[] }[] } }[] = [];
    const t = testGateway(
      { env: { AIGW_CONFIG_JSON: JSON.stringify({ gateways: { traced: { otlp_endpoint: 'http://collector.test/v1/traces', otlp_headers: { 'x-collector-key': 'k1' } } } }) } },
      async (req) => {
        if (new URL(req.url).host !== 'collector.test') return fakeProvider(req);
        posts.push({ headers: req.headers, body: (await req.json()) as (typeof posts)[number]['body'] });
        return new Response('{}');
      },
    );
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const send = async (gateway: string, headers: Record<string, string> = {}) =>
      (await t.gateway.request(`/v1/a/${gateway}/openai/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-otlp-000000000', ...headers },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
      })).text();
    await send('traced', { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, 'cf-aig-event-id': 'run-sk-otlp-000000000' });
    await send('traced', { 'x-fail': '500' });
    await send('default');
    await t.gateway.close();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.headers.get('x-collector-key')).toBe('k1');
    const spans = posts[0]!.body.resourceSpans[0]!.scopeSpans[0]!.spans;
    expect(spans.map((s) => [s.name, s.status.code])).toEqual([['chat gpt-4o-mini', 1], ['chat gpt-4o-mini', 2]]);
    expect(spans[0]).toMatchObject({ traceId, parentSpanId: '00f067aa0ba902b7' });
    const attrs = Object.fromEntries(spans[0]!.attributes.map((a) => [a.key, Object.values(a.value)[0]]));
    expect(attrs).toMatchObject({
      'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': '1200', 'gen_ai.usage.output_tokens': '300', 'http.response.status_code': '200', 'aigw.gateway': 'traced',
      'aigw.event_id': 'run-[REDACTED]',
    });
    // The client's key, sent as part of its event id, never reaches the collector.
    expect(JSON.stringify(posts[0]!.body)).not.toContain('sk-otlp-000000000');
  });
});
