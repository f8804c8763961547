import { describe, expect, it } from 'vitest';
import { chatBody, envelope, securityHarness, type Respond } from '../auth/test-security.ts';

const ok = { authorization: 'Bearer sk-client' };
const EMAIL = 'jane.roe@example.com';

/** An OpenAI-style SSE answer whose content arrives in `pieces`. */
const streamOf = (pieces: string[]): Respond => () =>
  new Response(
    [...pieces.map((content) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`), 'data: [DONE]\n\n'].join(''),
    { headers: { 'content-type': 'text/event-stream' } },
  );

const streamed = (sse: string) =>
  sse
    .split('\n\n')
    .filter((e) => e.startsWith('data: {'))
    .map((e) => (JSON.parse(e.slice(6)) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? '')
    .join('');

describe('guardrails on requests', () => {
  it('redact: the provider gets [EMAIL], the log and the header name the finding, never the address', async () => {
    const h = securityHarness({ gateways: { g: { guardrails: [{ name: 'pii', action: 'redact', detectors: ['email', 'phone'] }] } } });
    const res = await h.chat('g', chatBody(`mail ${EMAIL} or call +1 415 555 0100`), ok);
    expect(res.status).toBe(200);
    expect(JSON.parse(h.sent[0]!.body).messages[0].content).toBe('mail [EMAIL] or call [PHONE]');
    const header = JSON.parse(res.headers.get('cf-aig-dlp')!);
    expect(header).toEqual({
      action: 'redact',
      findings: [
        { rule: 'pii', detector: 'email', action: 'redact', where: 'request', count: 1 },
        { rule: 'pii', detector: 'phone', action: 'redact', where: 'request', count: 1 },
      ],
    });
    await h.settle();
    await h.gateway.close();
    const logs = await h.storage.logs.listLogs({ gateway: 'g', filters: [], orderBy: 'created_at', direction: 'desc', limit: 10 });
    expect(logs.logs[0]!.guardrails).toEqual(header.findings);
    const logged = await h.storage.logs.getLogBody('g', logs.logs[0]!.id, 'request');
    expect(logged?.body).toContain('[EMAIL]');
    expect(logged?.body).not.toContain(EMAIL);
  });

  it('block: 400 code 2029 (DLP) and nothing reaches the provider', async () => {
    const h = securityHarness({ gateways: { g: { guardrails: [{ name: 'no-cards', action: 'block', detectors: ['credit_card'], applies_to: 'request' }] } } });
    const res = await h.chat('g', chatBody('card 4111 1111 1111 1111'), ok);
    expect(res.status).toBe(400);
    const err = await envelope(res);
    expect(err.code).toBe(2029);
    expect(err.message).toContain("'no-cards'");
    expect(err.message).not.toContain('4111');
    expect(h.sent).toHaveLength(0);
    expect(JSON.parse(res.headers.get('cf-aig-dlp')!).action).toBe('block');
  });

  it('word lists block with 2016; flag only records', async () => {
    const h = securityHarness({
      gateways: {
        g: {
          guardrails: [
            { name: 'banned', action: 'block', words: ['project titan'] },
            { name: 'ips', action: 'flag', detectors: ['ip_address'] },
          ],
        },
      },
    });
    const blocked = await h.chat('g', chatBody('tell me about Project Titan'), ok);
    expect((await envelope(blocked)).code).toBe(2016);
    const flagged = await h.chat('g', chatBody('ping 10.0.0.7'), ok);
    expect(flagged.status).toBe(200);
    expect(JSON.parse(h.sent[0]!.body).messages[0].content).toBe('ping 10.0.0.7');
    expect(JSON.parse(flagged.headers.get('cf-aig-dlp')!).findings[0]).toMatchObject({ rule: 'ips', action: 'flag' });
  });

  it('custom patterns, and the cache keys on the redacted prompt', async () => {
    const h = securityHarness({ gateways: { g: { cache_ttl: 600, guardrails: [{ name: 'tickets', action: 'redact', patterns: [{ name: 'ticket', regex: 'TCK-\\d{6}' }] }] } } });
    await h.chat('g', chatBody('status of TCK-123456?'), ok);
    await h.settle();
    const second = await h.chat('g', chatBody('status of TCK-999999?'), ok);
    expect(second.headers.get('cf-aig-cache-status')).toBe('HIT');
    expect(h.sent).toHaveLength(1);
    expect(JSON.parse(h.sent[0]!.body).messages[0].content).toBe('status of [TICKET]?');
  });
});

describe('guardrails on responses', () => {
  it('redact a JSON answer; the cache stores the redacted one', async () => {
    const h = securityHarness({ gateways: { g: { cache_ttl: 600, guardrails: [{ name: 'pii', action: 'redact', detectors: ['email'], applies_to: 'response' }] } } });
    const res = await h.chat('g', chatBody(`repeat ${EMAIL}`), ok);
    const body = (await res.json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]!.message.content).toBe('echo: repeat [EMAIL]');
    // The request side was not covered by the rule: the provider saw the address.
    expect(h.sent[0]!.body).toContain(EMAIL);
    expect(JSON.parse(res.headers.get('cf-aig-dlp')!).findings[0]).toMatchObject({ where: 'response', action: 'redact' });
    await h.settle();
    const hit = await h.chat('g', chatBody(`repeat ${EMAIL}`), ok);
    expect(hit.headers.get('cf-aig-cache-status')).toBe('HIT');
    expect(await hit.text()).not.toContain(EMAIL);
  });

  it('block a JSON answer: 400 code 2030, and it is not cached', async () => {
    const h = securityHarness({ gateways: { g: { cache_ttl: 600, guardrails: [{ name: 'ssn', action: 'block', detectors: ['us_ssn'], applies_to: 'response' }] } } });
    const res = await h.chat('g', chatBody('my ssn is 123-45-6789'), ok);
    expect(res.status).toBe(400);
    expect((await envelope(res)).code).toBe(2030);
    await h.settle();
    await h.chat('g', chatBody('my ssn is 123-45-6789'), ok);
    expect(h.sent).toHaveLength(2);
  });

  it('redact a stream split mid-address, event by event', async () => {
    const h = securityHarness({ gateways: { g: { guardrails: [{ name: 'pii', action: 'redact', detectors: ['email'], applies_to: 'response' }] } } });
    h.respond.fn = streamOf(['write to ', 'jane.r', 'oe@exa', 'mple.com', ' soon']);
    const res = await h.chat('g', chatBody('x', 'gpt-4o-mini', { stream: true }), ok);
    const text = await res.text();
    expect(streamed(text)).toBe('write to [EMAIL] soon');
    expect(text).not.toContain('exa');
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    await h.settle();
    await h.gateway.close();
    const logs = await h.storage.logs.listLogs({ gateway: 'g', filters: [], orderBy: 'created_at', direction: 'desc', limit: 1 });
    expect(logs.logs[0]!.guardrails).toEqual([{ rule: 'pii', detector: 'email', action: 'redact', where: 'response', count: 1 }]);
    const logged = await h.storage.logs.getLogBody('g', logs.logs[0]!.id, 'response');
    expect(logged?.body).not.toContain('exa');
  });

  it('block a stream: the client gets the provider-style error event, the log the error code, the cache nothing', async () => {
    const h = securityHarness({ gateways: { g: { cache_ttl: 600, guardrails: [{ name: 'keys', action: 'block', detectors: ['api_key'], applies_to: 'response' }] } } });
    h.respond.fn = streamOf(['here: ', 'sk-proj-abcdefghij', 'klmnopqrstuvwxyz', ' enjoy']);
    const res = await h.gateway.request('/v1/acct/g/openai/chat/completions', {
      method: 'POST',
      headers: { ...ok, 'content-type': 'application/json' },
      body: JSON.stringify(chatBody('x', 'gpt-4o-mini', { stream: true })),
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let text = '';
    let failed = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
    } catch {
      failed = true;
    }
    expect(failed).toBe(true);
    expect(text).not.toContain('sk-proj');
    expect(text).toContain("response blocked by rule 'keys'");
    await h.settle();
    await h.chat('g', chatBody('x', 'gpt-4o-mini', { stream: true }), ok).catch(() => undefined);
    expect(h.sent).toHaveLength(2);
    await h.gateway.close();
    const logs = await h.storage.logs.listLogs({ gateway: 'g', filters: [], orderBy: 'created_at', direction: 'asc', limit: 1 });
    expect(logs.logs[0]!.error_code).toBe(2030);
  });
});

describe('moderation hook', () => {
  const moderated = (fail: 'open' | 'closed') => ({
    g: { guardrails_moderation: { provider: 'openai', model: 'llama-guard', fail } },
  });
  const classifier = (verdict: string | number): Respond => (req, body) => {
    if (!body.includes('llama-guard')) return Response.json({ choices: [{ message: { content: 'answer' } }] });
    if (typeof verdict === 'number') return new Response('down', { status: verdict });
    return Response.json({ choices: [{ index: 0, message: { role: 'assistant', content: verdict } }] });
  };

  it('asks the classifier through the gateway; unsafe blocks with 2016', async () => {
    const h = securityHarness({ gateways: moderated('closed') });
    h.respond.fn = classifier('unsafe\nS1,S10');
    const res = await h.chat('g', chatBody('something bad'), ok);
    expect(res.status).toBe(400);
    const err = await envelope(res);
    expect(err.code).toBe(2016);
    expect(err.message).toContain('moderation:S1,S10');
    expect(h.sent).toHaveLength(1);
    expect(JSON.parse(h.sent[0]!.body)).toMatchObject({ model: 'llama-guard', messages: [{ role: 'user', content: 'something bad' }] });
    h.respond.fn = classifier('safe');
    expect((await h.chat('g', chatBody('something fine'), ok)).status).toBe(200);
    expect(h.sent).toHaveLength(3);
  });

  it('a failing hook fails closed (503 code 2132) or open, as configured', async () => {
    const closed = securityHarness({ gateways: moderated('closed') });
    closed.respond.fn = classifier(500);
    const refused = await closed.chat('g', chatBody('hello'), ok);
    expect(refused.status).toBe(503);
    expect((await envelope(refused)).code).toBe(2132);
    const open = securityHarness({ gateways: moderated('open') });
    open.respond.fn = classifier(500);
    expect((await open.chat('g', chatBody('hello'), ok)).status).toBe(200);
  });
});

describe('guardrail settings', () => {
  it('are validated, and the test route runs rules without calling anything', async () => {
    const h = securityHarness({ gateways: { g: {} } });
    expect((await h.admin('PATCH', '/gateways/g', { guardrails: [{ name: 'x', action: 'redact' }] })).status).toBe(400);
    expect((await h.admin('PATCH', '/gateways/g', { guardrails: [{ name: 'x', action: 'redact', patterns: [{ name: 'p', regex: '(' }] }] })).status).toBe(400);
    expect((await h.admin('PATCH', '/gateways/g', { guardrails: [{ name: 'x', action: 'redact', detectors: ['passport'] }] })).status).toBe(400);
    expect((await h.admin('PATCH', '/gateways/g', { guardrails: [{ name: 'pii', action: 'redact', detectors: ['email'] }] })).status).toBe(200);
    const tried = await h.admin('POST', '/gateways/g/guardrails/test', { text: `hi ${EMAIL}` });
    expect(tried.json.result).toEqual({ findings: [{ rule: 'pii', detector: 'email', action: 'redact', where: 'request', count: 1 }], output: 'hi [EMAIL]', blocked: null });
    expect(h.sent).toHaveLength(0);
  });
});
