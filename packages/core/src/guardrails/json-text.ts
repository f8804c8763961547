/** A string inside a JSON document that can be read and replaced in place. */
export interface TextLeaf {
  readonly text: string;
  set(text: string): void;
}

/** Keys whose strings are never prose: ids, enums, signatures, encoded media. */
const NOT_TEXT = new Set([
  'id', 'type', 'role', 'model', 'object', 'finish_reason', 'stop_reason', 'tool_call_id', 'tool_use_id', 'signature',
  'encrypted_content', 'data', 'b64_json', 'mime_type', 'mimeType', 'media_type', 'system_fingerprint', 'index',
]);

/** Keys that carry generated text in stream events (OpenAI, Anthropic, Google, Cohere, Responses API). */
const STREAM_TEXT = new Set(['content', 'text', 'delta', 'arguments', 'partial_json', 'refusal', 'thinking', 'transcript']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The strings of a JSON value that may hold prose, in document order. `all` (whole requests and
 * responses): every string except those under `NOT_TEXT` keys and `data:` URLs. `stream` (one
 * stream event): only strings under the keys that carry generated text, so the text of
 * consecutive events joins into the answer.
 */
export function textLeaves(value: unknown, mode: 'all' | 'stream'): TextLeaf[] {
  const leaves: TextLeaf[] = [];
  const visit = (holder: Record<string, unknown> | unknown[], key: string | number, inStream: boolean) => {
    const v = (holder as Record<string | number, unknown>)[key];
    if (typeof v === 'string') {
      const named = typeof key === 'string' ? key : undefined;
      const wanted = mode === 'all' ? !(named && NOT_TEXT.has(named)) && !v.startsWith('data:') : inStream;
      if (wanted && v.length > 0) {
        leaves.push({
          get text() {
            return (holder as Record<string | number, unknown>)[key] as string;
          },
          set(text) {
            (holder as Record<string | number, unknown>)[key] = text;
          },
        });
      }
      return;
    }
    walk(v, mode === 'stream' && typeof key === 'string' ? STREAM_TEXT.has(key) : inStream);
  };
  const walk = (node: unknown, inStream: boolean) => {
    if (Array.isArray(node)) for (let i = 0; i < node.length; i++) visit(node, i, inStream);
    else if (isObject(node)) for (const key of Object.keys(node)) visit(node, key, mode === 'stream' ? STREAM_TEXT.has(key) : false);
  };
  walk(value, false);
  return leaves;
}
