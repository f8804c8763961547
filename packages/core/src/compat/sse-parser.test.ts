import { describe, expect, it } from 'vitest';
import { SseParser } from './sse-parser.ts';

describe('SseParser', () => {
  it('parses events split anywhere, with LF, CRLF or CR line ends', () => {
    const text = 'event: a\ndata: 1\n\ndata: {"x":\r\ndata: 2}\r\n\r\n: comment\rdata: three\r\r';
    const parser = new SseParser();
    // A CR at the very end may be the first half of a CRLF: it completes the event only at end().
    const whole = [...parser.push(text), ...parser.end()];
    expect(whole).toEqual([{ event: 'a', data: '1' }, { data: '{"x":\n2}' }, { data: 'three' }]);
    for (let cut = 1; cut < text.length; cut++) {
      const p = new SseParser();
      expect([...p.push(text.slice(0, cut)), ...p.push(text.slice(cut)), ...p.end()], `cut at ${cut}`).toEqual(whole);
    }
  });

  it('flushes a last event with no blank line after it, and ignores fields it does not use', () => {
    const p = new SseParser();
    expect(p.push('id: 7\nretry: 10\ndata:no-space\ndata: [DONE]')).toEqual([]);
    expect(p.end()).toEqual([{ data: 'no-space\n[DONE]' }]);
  });

  it('does not dispatch events without data', () => {
    expect(new SseParser().push('event: ping\n\n')).toEqual([]);
  });
});
