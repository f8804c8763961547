import { describe, expect, it } from 'vitest';
import { filterSseEvents, SseDataReader } from './sse.ts';

const enc = new TextEncoder();

function read(parts: string[]): string[] {
  const out: string[] = [];
  const reader = new SseDataReader((d) => out.push(d));
  for (const p of parts) reader.push(enc.encode(p));
  reader.end();
  return out;
}

async function filtered(parts: string[], drop: (d: string) => boolean): Promise<{ text: string; chunks: number }> {
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of parts) c.enqueue(enc.encode(p));
      c.close();
    },
  });
  let text = '';
  let chunks = 0;
  const reader = filterSseEvents(body, drop).getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    text += new TextDecoder().decode(r.value);
    chunks++;
  }
  return { text, chunks };
}

describe('SseDataReader', () => {
  it('joins events split anywhere, in LF and CRLF, multi-line data, and ignores other fields', () => {
    const text = 'event: a\ndata: {"x":1}\n\n: comment\r\ndata: line1\r\ndata:line2\r\n\r\nid: 3\ndata: [DONE]\n\n';
    const expected = ['{"x":1}', 'line1\nline2', '[DONE]'];
    expect(read([text])).toEqual(expected);
    for (let cut = 1; cut < text.length; cut++) expect(read([text.slice(0, cut), text.slice(cut)])).toEqual(expected);
    expect(read(text.split(''))).toEqual(expected);
  });

  it('keeps multi-byte characters split across chunks, and a last event without its blank line', () => {
    const bytes = enc.encode('data: ☃ naïve\n\ndata: tail');
    const out: string[] = [];
    const reader = new SseDataReader((d) => out.push(d));
    for (const b of bytes) reader.push(new Uint8Array([b]));
    reader.end();
    expect(out).toEqual(['☃ naïve', 'tail']);
  });
});

describe('filterSseEvents', () => {
  it('drops only the matching events, whole, wherever the chunks are cut', async () => {
    const events = ['data: {"a":1}\n\n', 'data: {"usage":1}\n\n', 'data: [DONE]\n\n'];
    const text = events.join('');
    for (let cut = 1; cut < text.length; cut += 3) {
      const out = await filtered([text.slice(0, cut), text.slice(cut)], (d) => d.includes('usage'));
      expect(out.text).toBe(events[0]! + events[2]!);
    }
  });

  it('forwards each complete event at once (no buffering beyond an unfinished event)', async () => {
    const out = await filtered(['data: 1\n\n', 'data: 2\n\ndata: 3', '\n\n'], () => false);
    expect(out).toEqual({ text: 'data: 1\n\ndata: 2\n\ndata: 3\n\n', chunks: 3 });
  });

  it('handles CRLF events and an unterminated last event', async () => {
    const out = await filtered(['data: keep\r\n\r\ndata: drop\r\n\r\ndata: end'], (d) => d === 'drop');
    expect(out.text).toBe('data: keep\r\n\r\ndata: end');
  });
});

describe('fast paths', () => {
  const marker = enc.encode('usage');
  it('skips whole events without the marker, and still reads everything around them, at any split', () => {
    const text = 'data: {"a":"☃"}\n\ndata: {"b":2}\n\ndata: {"usage":{"n":1}}\n\ndata: {"c":"é"}\n\ndata: [DONE]\n\n';
    const bytes = enc.encode(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      for (const cut2 of [cut + 1, cut + 7, bytes.length]) {
        const seen: string[] = [];
        const reader = new SseDataReader((d) => seen.push(d), [marker]);
        for (const part of [bytes.subarray(0, cut), bytes.subarray(cut, cut2), bytes.subarray(cut2)]) if (part.length) reader.push(part);
        reader.end();
        expect(seen.filter((d) => d.includes('usage'))).toEqual(['{"usage":{"n":1}}']);
        for (const d of seen) expect(text).toContain(d);
      }
    }
  });

  it('passes marker-free whole-event chunks of a filtered stream through as they are', async () => {
    const out = await filtered(['data: {"x":1}\n\n', 'data: {"usage":1}\n\ndata: {"y":"☃"}\n\n', 'data: [DONE]\n\n'], (d) => d.includes('usage'));
    expect(out.text).toBe('data: {"x":1}\n\ndata: {"y":"☃"}\n\ndata: [DONE]\n\n');
    const split = enc.encode('data: {"y":"☃"}\n\n');
    const chunks = [split.subarray(0, 14), split.subarray(14), enc.encode('data: {"usage":2}\n\n')];
    const body = new ReadableStream<Uint8Array>({ start(c) { for (const p of chunks) c.enqueue(p); c.close(); } });
    let text = '';
    const reader = filterSseEvents(body, (d) => d.includes('usage'), marker).getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += new TextDecoder().decode(r.value);
    expect(text).toBe('data: {"y":"☃"}\n\n');
  });
});
