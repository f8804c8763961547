import { isObject, type Json } from '../providers/read.ts';
import type { MapContext } from './adapter.ts';
import { chatAdapters } from './adapters.ts';
import type { ChatRequest } from './chat-types.ts';
import { chatErrorBody, chatStreamEncoder } from './chat-stream-encoder.ts';
import { messagesToChat } from './messages/messages-request.ts';
import { chatToMessage, messagesErrorBody } from './messages/messages-response.ts';
import { messagesStreamEncoder } from './messages/messages-stream-encoder.ts';
import { completionToEvents, type NativeStreamMapper, type StreamEncoder, type StreamEvent } from './stream-events.ts';
import type { CompatTarget } from './target.ts';

/** The client-facing API of a unified endpoint. */
export type FrontEnd = 'chat' | 'messages';

/** The native format each front end speaks: requests to a provider of that format need no translation. */
const NATIVE_FORMAT: Record<FrontEnd, string> = { chat: 'openai', messages: 'anthropic' };

/**
 * One request's way there and back: the native body to send, and how to turn what comes back
 * into the client's API. Absent mappers mean the provider already speaks the client's API and
 * its answer passes through unchanged.
 */
export interface Translation {
  frontEnd: FrontEnd;
  target: CompatTarget;
  body: Json;
  stream: boolean;
  /** 2xx JSON → client JSON. */
  json?(native: unknown): unknown;
  /** 2xx SSE → client SSE. */
  events?(): { mapper: NativeStreamMapper; encoder: StreamEncoder };
  /** 2xx JSON when the client asked for a stream (a provider that ignored `stream`, a cached reply). */
  jsonEvents?(native: unknown): StreamEvent[];
  /** Upstream error → client error body (same status). */
  error?(status: number, native: unknown): unknown;
}

/**
 * Builds the translation of a parsed client body for `target`.
 *
 * @example
 * const t = translate('chat', { model: 'anthropic/claude-sonnet-4-5', messages }, target, ctx);
 * t.body // the Anthropic Messages request
 */
export function translate(frontEnd: FrontEnd, body: Json, target: CompatTarget, ctx: MapContext): Translation {
  const stream = body.stream === true;
  const adapter = chatAdapters[target.compat.format];
  if (NATIVE_FORMAT[frontEnd] === target.compat.format) {
    // Same API on both sides: only the model changes; every other parameter goes as sent.
    return { frontEnd, target, stream, body: { ...body, model: target.model } };
  }
  if (frontEnd === 'chat') {
    const includeUsage = isObject(body.stream_options) && body.stream_options.include_usage === true;
    const encoder = () => chatStreamEncoder({ id: ctx.newId('chatcmpl-'), model: target.model, created: ctx.created, includeUsage });
    return {
      frontEnd, target, stream,
      body: adapter.request(body as ChatRequest, ctx),
      json: (native) => adapter.response(native, ctx),
      events: () => ({ mapper: adapter.stream(ctx), encoder: encoder() }),
      jsonEvents: (native) => completionToEvents(adapter.response(native, ctx)),
      error: (status, native) => chatErrorBody(adapter.error(status, native)),
    };
  }
  const pivot = messagesToChat(body, { provider: target.provider.id, compat: target.compat });
  pivot.model = target.model;
  const encoder = () => messagesStreamEncoder({ id: ctx.newId('msg_'), model: target.model });
  return {
    frontEnd, target, stream,
    body: adapter.request(pivot, ctx),
    json: (native) => chatToMessage(adapter.response(native, ctx), target.model),
    events: () => ({ mapper: adapter.stream(ctx), encoder: encoder() }),
    jsonEvents: (native) => completionToEvents(adapter.response(native, ctx)),
    error: (status, native) => messagesErrorBody(adapter.error(status, native)),
  };
}
