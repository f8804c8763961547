import { describe, expect, it } from 'vitest';
import { compileRules, type GuardrailRule } from './guardrail-rules.ts';
import { guardStream, sseUnit } from './stream-guard.ts';
import { applyRedactions, findHits, redactions, type Hit } from './scan-text.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

const openAiEvent = (content: string) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`;
const contentOf = (sse: string) =>
  sse
    .split('\n\n')
    .filter((e) => e.startsWith('data: {'))
    .map((e) => (JSON.parse(e.slice(6)) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? '')
    .join('');

/** Feeds `chunks` one by one and records what came out after each (a pull per chunk). */
async function run(rules: GuardrailRule[], chunks: string[], sse = true) {
  let i = 0;
  const source = new ReadableStream<Uint8Array>({
    pull(c) {
      const chunk = chunks[i++];
      if (chunk === undefined) c.close();
      else c.enqueue(enc.encode(chunk));
    },
  });
  const hits: Hit[] = [];
  let blocked: Hit | undefined;
  const out = guardStream(source, {
    rules: compileRules(rules),
    sse,
    onHits: (h) => hits.push(...h),
    onBlock: (hit) => {
      blocked = hit;
      return { lastWords: 'data: {"error":"blocked"}\n\n', error: new Error('blocked') };
    },
  });
  const pieces: string[] = [];
  let error: unknown;
  const reader = out.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      pieces.push(dec.decode(value));
    }
  } catch (err) {
    error = err;
  }
  return { pieces, text: pieces.join(''), hits, blocked, error };
}

const redactEmail: GuardrailRule[] = [{ name: 'pii', action: 'redact', detectors: ['email'] }];

describe('guardStream over SSE', () => {
  it('redacts an address split across three events and passes the rest unchanged', async () => {
    const events = ['Write ', 'to jo', 'hn@exa', 'mple.com', ' today', '.'].map(openAiEvent);
    const { text, hits } = await run(redactEmail, [...events, 'data: [DONE]\n\n']);
    expect(contentOf(text)).toBe('Write to [EMAIL] today.');
    expect(text).not.toContain('john');
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(hits.map((h) => h.matcher.id)).toEqual(['email']);
    // Events without any match leave byte for byte.
    expect(text.startsWith(events[0]!)).toBe(true);
  });

  it('holds back only the word in progress, not the whole stream', async () => {
    const events = ['one ', 'two ', 'three ', 'fo', 'ur'].map(openAiEvent);
    const { pieces } = await run(redactEmail, events);
    // 'one ', 'two ' and 'three ' leave as soon as the next event shows the word ended.
    expect(contentOf(pieces[0]!)).toBe('one ');
    expect(pieces.length).toBeGreaterThanOrEqual(3);
  });

  it('splits in the middle of an SSE event (TCP chunking) as well', async () => {
    const all = ['mail ', 'a.b@c', 'orp.io', ' now'].map(openAiEvent).join('');
    const chunks = [all.slice(0, 17), all.slice(17, 90), all.slice(90, 131), all.slice(131)];
    const { text } = await run(redactEmail, chunks);
    expect(contentOf(text)).toBe('mail [EMAIL] now');
  });

  it('keeps event: and id: lines of a rewritten event (Anthropic style)', async () => {
    const ev = (text: string) => `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })}\n\n`;
    const { text } = await run(redactEmail, [ev('mail me: x@'), ev('y.org'), 'event: message_stop\ndata: {"type":"message_stop"}\n\n']);
    expect(text).toContain('event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"mail me: [EMAIL]"}}');
    expect(text).toContain('"text":""');
    expect(text.endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n')).toBe(true);
  });

  it('block: drops what was held, sends the last words, then errors', async () => {
    const rules: GuardrailRule[] = [{ name: 'cards', action: 'block', detectors: ['credit_card'] }];
    const events = ['your card: ', '4111 1111 ', '1111 1111', ' thanks'].map(openAiEvent);
    const { text, blocked, error } = await run(rules, events);
    expect(blocked?.rule.name).toBe('cards');
    expect(text).not.toContain('4111');
    expect(text.endsWith('data: {"error":"blocked"}\n\n')).toBe(true);
    expect(error).toBeInstanceOf(Error);
  });

  it('flag: reports without changing anything', async () => {
    const events = ['ip ', '10.1.', '2.3 ', 'ok'].map(openAiEvent);
    const { text, hits } = await run([{ name: 'ips', action: 'flag', detectors: ['ip_address'] }], events);
    expect(text).toBe(events.join(''));
    expect(hits).toHaveLength(1);
  });

  it('word lists span events too', async () => {
    const { text } = await run([{ name: 'words', action: 'redact', words: ['project titan'] }], ['the proj', 'ect ti', 'tan plan'].map(openAiEvent));
    expect(contentOf(text)).toBe('the [REDACTED] plan');
  });
});

describe('guardStream over plain text', () => {
  it('redacts across chunks', async () => {
    const { text } = await run(redactEmail, ['hello b', 'ob@example', '.org bye'], false);
    expect(text).toBe('hello [EMAIL] bye');
  });
});

describe('sseUnit', () => {
  it('non-JSON data passes as is, without pieces', () => {
    const unit = sseUnit('data: [DONE]\n\n');
    expect(unit.pieces).toEqual([]);
    expect(unit.render()).toBe('data: [DONE]\n\n');
  });
});

describe('guardStream equals scanning the whole text', () => {
  it('for 150 random splits of a text full of matches', async () => {
    const rules: GuardrailRule[] = [
      { name: 'pii', action: 'redact', detectors: ['email', 'phone', 'credit_card', 'iban', 'us_ssn', 'ip_address', 'api_key', 'jwt'] },
      { name: 'words', action: 'redact', words: ['project titan', 'codename'] },
      { name: 'ids', action: 'redact', patterns: [{ name: 'ticket', regex: 'TCK-\\d{4,8}', max_length: 12 }] },
    ];
    const text =
      'Hi, I am at ann.lee@corp.example.com or +1 415 555 0100. Card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, ' +
      'SSN 123-45-6789, host 10.20.30.40, key sk-proj-abcdefghijklmnopqrstuvwxyz, codename Project Titan, ticket TCK-123456. Bye!';
    const expected = applyRedactions(text, redactions(findHits(text, compileRules(rules))));
    expect(expected).toContain('[EMAIL]');
    expect(expected).not.toContain('4111');
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let round = 0; round < 150; round++) {
      const cuts = new Set<number>();
      const n = 1 + Math.floor(random() * 40);
      for (let i = 0; i < n; i++) cuts.add(Math.floor(random() * text.length));
      const points = [0, ...[...cuts].sort((a, b) => a - b), text.length];
      const parts = points.slice(1).map((p, i) => text.slice(points[i], p)).filter(Boolean);
      const { text: out } = await run(rules, parts.map(openAiEvent));
      expect(contentOf(out), `split at ${points.join(',')}`).toBe(expected);
    }
  });
});
