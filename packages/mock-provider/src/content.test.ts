import { describe, expect, it } from 'vitest'
import { countTokens, expectedUsage, replyText, splitChunks } from './content.ts'

describe('content', () => {
  it('counts one token per 4 characters, rounded up', () => {
    expect(countTokens('')).toBe(0)
    expect(countTokens('abcd')).toBe(1)
    expect(countTokens('abcde')).toBe(2)
  })

  it('splits by words so that the chunks join back into the text', () => {
    expect(splitChunks('mock reply to: hi there')).toEqual(['mock ', 'reply ', 'to: ', 'hi ', 'there'])
  })

  it('pads or merges to exactly N chunks', () => {
    const padded = splitChunks('mock reply', 5)
    expect(padded).toEqual(['mock ', 'reply ', 'lorem ', 'lorem ', 'lorem '])
    const merged = splitChunks('a b c d e f g', 3)
    expect(merged).toHaveLength(3)
    expect(merged.join('')).toBe('a b c d e f g')
  })

  it('truncates the echoed user text', () => {
    expect(replyText('x'.repeat(1000))).toHaveLength('mock reply to: '.length + 200)
  })

  it('computes usage from every message text and the reply chunks', () => {
    const openai = { messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: [{ type: 'text', text: 'hello' }] }] }
    // 'be brief' + 'hello' = 13 chars -> 4 tokens; reply 'mock reply to: hello' -> 4 words
    expect(expectedUsage('openai', openai)).toEqual({ tokensIn: 4, tokensOut: 4 })
    expect(expectedUsage('openai', openai, 50)).toEqual({ tokensIn: 4, tokensOut: 50 })
    const anthropic = { system: [{ type: 'text', text: 'sys' }], messages: [{ role: 'user', content: 'hi you' }] }
    expect(expectedUsage('anthropic', anthropic)).toEqual({ tokensIn: 3, tokensOut: 5 })
    const google = { systemInstruction: { parts: [{ text: 'sys' }] }, contents: [{ role: 'user', parts: [{ text: 'a' }, { text: 'b' }] }] }
    expect(expectedUsage('google', google)).toEqual({ tokensIn: 2, tokensOut: 4 })
    expect(expectedUsage('openai', { input: ['abcd', 'efgh'] })).toEqual({ tokensIn: 2, tokensOut: 0 })
  })
})
