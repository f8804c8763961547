import { isObject } from '../providers/read.ts';
import { eventsToStream, mapEventStream } from './map-stream.ts';
import type { Translation } from './translation.ts';

/** Headers of a translated response: the provider's and the gateway's, minus those describing the old body. */
function headersFor(res: Response, contentType: string): Headers {
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  headers.delete('content-encoding');
  headers.set('content-type', contentType);
  return headers;
}

const SSE = 'text/event-stream; charset=utf-8';
const JSON_TYPE = 'application/json';

async function readJson(res: Response): Promise<{ text: string; value: unknown }> {
  const text = await res.text();
  try {
    return { text, value: JSON.parse(text) };
  } catch {
    return { text, value: text };
  }
}

/** The gateway's own error envelope (`{"success": false, "error": [...]}`) is never translated. */
const isEnvelope = (body: unknown) => isObject(body) && body.success === false && Array.isArray(body.error);

/**
 * Turns the provider's answer into the client's API: errors into the front end's error shape (same
 * status), JSON into JSON, SSE into SSE (streamed, not buffered), and JSON into SSE when the client
 * asked for a stream but the answer came whole. Passes through whatever needs no translation.
 */
export async function mapResponse(res: Response, t: Translation): Promise<Response> {
  const type = res.headers.get('content-type') ?? '';
  const init = (contentType: string) => ({ status: res.status, statusText: res.statusText, headers: headersFor(res, contentType) });
  if (res.status < 200 || res.status >= 300) {
    if (!t.error || res.status < 400) return res;
    const { text, value } = await readJson(res);
    if (isEnvelope(value)) return new Response(text, init(JSON_TYPE));
    return new Response(JSON.stringify(t.error(res.status, value)), init(JSON_TYPE));
  }
  if (!res.body) return res;
  if (type.includes('text/event-stream')) {
    if (!t.events) return res;
    const { mapper, encoder } = t.events();
    const headers = headersFor(res, SSE);
    headers.set('cache-control', 'no-cache');
    return new Response(mapEventStream(res.body, mapper, encoder), { status: res.status, statusText: res.statusText, headers });
  }
  if (!t.json) return res;
  const { value } = await readJson(res);
  if (t.stream && t.jsonEvents && t.events) {
    return new Response(eventsToStream(t.jsonEvents(value), t.events().encoder), init(SSE));
  }
  return new Response(JSON.stringify(t.json(value)), init(JSON_TYPE));
}
