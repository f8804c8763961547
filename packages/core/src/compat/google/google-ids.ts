/**
 * Gemini function calls have no ids, and Gemini 3 attaches a `thoughtSignature` that must come
 * back with the call in the next turn. aigw makes the OpenAI tool-call id carry both: the id is
 * `call_{random}` plus, when there is a signature, `.sig.{signature}`; clients send it back
 * verbatim, and the request mapper restores the signature.
 */
const MARK = '.sig.';

export function toolCallId(base: string, signature: string | undefined): string {
  return signature ? `${base}${MARK}${signature}` : base;
}

export function splitToolCallId(id: string): { base: string; signature?: string } {
  const at = id.indexOf(MARK);
  return at === -1 ? { base: id } : { base: id.slice(0, at), signature: id.slice(at + MARK.length) };
}
