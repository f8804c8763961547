import { describe, expect, it } from 'vitest';
import { semanticRequest } from './semantic-request.ts';

const chat = '/v1/chat/completions';

describe('semanticRequest', () => {
  it('embeds only the latest message; everything else must match exactly', () => {
    const a = semanticRequest({ model: 'm', temperature: 0, messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'capital of France?' }] }, chat);
    expect(a?.text).toBe('capital of France?');
    const paraphrase = semanticRequest({ temperature: 0, model: 'm', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'France capital?' }] }, chat);
    expect(paraphrase?.material).toBe(a?.material);
    for (const other of [
      { model: 'm', temperature: 1, messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'capital of France?' }] },
      { model: 'm', temperature: 0, messages: [{ role: 'system', content: 'be long' }, { role: 'user', content: 'capital of France?' }] },
      { model: 'm', temperature: 0, messages: [{ role: 'system', content: 'be brief' }, { role: 'assistant', content: 'capital of France?' }] },
      { model: 'm', temperature: 0, messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: [{ type: 'text', text: 'capital of France?' }] }] },
    ]) {
      expect(semanticRequest(other, chat)?.material).not.toBe(a?.material);
    }
  });

  it('reads text parts (OpenAI/Anthropic content parts, Google parts) and keeps non-text parts exact', () => {
    const withImage = (url: string) => ({ model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image_url', image_url: { url } }] }] });
    expect(semanticRequest(withImage('https://a/1.png'), chat)?.text).toBe('what is this?');
    expect(semanticRequest(withImage('https://a/1.png'), chat)?.material).not.toBe(semanticRequest(withImage('https://a/2.png'), chat)?.material);
    const google = semanticRequest({ contents: [{ role: 'user', parts: [{ text: 'hello' }, { text: 'there' }] }] }, '/v1beta/models/g:generateContent');
    expect(google?.text).toBe('hello\nthere');
  });

  it('reads string inputs and prompts; skips bodies without any, and embeddings endpoints', () => {
    expect(semanticRequest({ model: 'm', input: 'tell me a joke' }, '/v1/responses')?.text).toBe('tell me a joke');
    expect(semanticRequest({ model: 'm', prompt: 'once upon' }, '/v1/completions')?.text).toBe('once upon');
    expect(semanticRequest({ model: 'm', input: 'embed me' }, '/v1/embeddings')).toBeUndefined();
    expect(semanticRequest({ model: 'm' }, chat)).toBeUndefined();
    expect(semanticRequest({ model: 'm', messages: [] }, chat)).toBeUndefined();
    expect(semanticRequest('not an object', chat)).toBeUndefined();
    expect(semanticRequest({ messages: [{ role: 'user', content: '   ' }] }, chat)).toBeUndefined();
  });

  it('puts the numbers and negations of the text in the exact part', () => {
    const m = (text: string) => semanticRequest({ messages: [{ role: 'user', content: text }] }, chat)?.material;
    expect(m('square root of 144')).not.toBe(m('square root of 169'));
    expect(m('is it safe')).not.toBe(m("isn't it safe"));
    expect(m('is it safe')).toBe(m('is that safe'));
  });
});
