import { canonicalJson } from '../canonical-json.ts';

/** What the semantic cache compares: the text of the latest message, and everything else exactly. */
export interface SemanticRequest {
  /** Text of the latest message (or of the prompt), to embed. */
  text: string;
  /**
   * Everything that must be identical for two requests to share an answer, as canonical JSON:
   * every other body field (model parameters, system prompt, tools), the earlier turns verbatim,
   * the latest message's structure without its text, and the numbers and negations in its text.
   */
  material: string;
}

/** Body fields holding the conversation; the last element is the message being asked. */
const CONVERSATION_FIELDS = ['messages', 'contents', 'input'] as const;
/** Body fields holding a single prompt string. */
const PROMPT_FIELDS = ['prompt'] as const;
/** Keys whose string values are message text (OpenAI/Anthropic `content`, `text` parts). */
const TEXT_KEYS = new Set(['content', 'text']);
/** Paths never answered semantically: an embedding of a paraphrase is not the paraphrase's embedding. */
const EXCLUDED_PATHS = /(?:\/embeddings|\/embed|:embedContent|:batchEmbedContents)$/;

const NEGATION = /\b(?:not|no|never|without|nor|none|nothing|cannot)\b|n't\b/gi;
const NUMBER = /\d+(?:[.,]\d+)*/g;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Splits a message into its text (joined) and its structure with text blanked. */
function splitText(value: unknown, isText: boolean, texts: string[]): unknown {
  if (typeof value === 'string') {
    if (!isText) return value;
    texts.push(value);
    return '';
  }
  if (Array.isArray(value)) return value.map((v) => splitText(v, isText, texts));
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = splitText(v, TEXT_KEYS.has(k), texts);
    return out;
  }
  return value;
}

/**
 * Guards against the embedder's blind spots: numbers (`convert 100 °F` vs `convert 90 °F`) and
 * negation (`is it safe` vs `is it not safe`) must agree exactly, whatever the similarity.
 */
export function textGuards(text: string): { numbers: string[]; negations: number } {
  return { numbers: (text.match(NUMBER) ?? []).sort(), negations: (text.match(NEGATION) ?? []).length };
}

/**
 * Reads a request body for the semantic cache. Undefined when the request has no conversation or
 * prompt to compare (or targets an embeddings endpoint): such requests use the exact cache only.
 *
 * @example
 * semanticRequest({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, '/v1/chat/completions')
 * // { text: 'hi', material: '{"conversation":{"field":"messages",…}, …}' }
 */
export function semanticRequest(body: unknown, path: string): SemanticRequest | undefined {
  if (!isObject(body) || EXCLUDED_PATHS.test(path)) return undefined;
  const texts: string[] = [];
  const rest: Record<string, unknown> = { ...body };
  let conversation: Record<string, unknown> | undefined;

  for (const field of CONVERSATION_FIELDS) {
    const value = body[field];
    if (Array.isArray(value) && value.length > 0) {
      delete rest[field];
      const last = splitText(value[value.length - 1], typeof value[value.length - 1] === 'string', texts);
      conversation = { field, earlier: value.slice(0, -1), last };
      break;
    }
    if (typeof value === 'string') {
      delete rest[field];
      texts.push(value);
      conversation = { field };
      break;
    }
  }
  if (!conversation) {
    for (const field of PROMPT_FIELDS) {
      if (typeof body[field] !== 'string') continue;
      delete rest[field];
      texts.push(body[field]);
      conversation = { field };
      break;
    }
  }
  const text = texts.join('\n').trim();
  if (!conversation || text === '') return undefined;
  return { text, material: canonicalJson({ conversation, guards: textGuards(text), params: rest }) };
}
