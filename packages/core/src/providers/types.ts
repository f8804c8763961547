/** Token counts read from a response or a stream. Missing numbers stay undefined, never 0. */
export interface Usage {
  tokensIn?: number;
  tokensOut?: number;
  /** Input tokens served from the provider's prompt cache (a subset of tokensIn). */
  cachedTokensIn?: number;
}

/** What a provider module sees of a request when it reads the model. */
export interface ProviderRequest {
  /** Upstream path after the base URL, as sent (e.g. `chat/completions`). */
  path: string;
  /** The JSON body, when the request had one that parsed. */
  body: unknown;
  /** The request's query parameters (Azure's `api-version`). */
  query?: URLSearchParams;
}

/** Path segments after `/{provider}/`, split into URL template parameters and the upstream path. */
export interface RouteResult {
  params: Record<string, string>;
  path: string[];
}

/**
 * Everything aigw knows about one provider, as data. The core never branches on provider ids: it
 * asks the definition. OpenAI-compatible providers are built with `openAiCompatible()`.
 */
export interface ProviderDefinition {
  id: string;
  /** Public base URL. May hold `{name}` placeholders that `route` fills (e.g. azure's `{resource}`). */
  baseUrl: string;
  /** Header that carries the credential, lower-case. */
  authHeader: string;
  /** Every place a client may put the credential (headers, lower-case). Defaults to `[authHeader]`. */
  credentialHeaders?: readonly string[];
  /** Query parameters that may carry the credential (google's `key`). */
  credentialQuery?: readonly string[];
  /**
   * Splits the path into template parameters and the upstream path. Parameters must be single
   * host-name labels; the router rejects anything else, so a path can never change the host.
   */
  route?(segments: string[], ctx: { account: string }): RouteResult;
  /** The model a request asks for. */
  model?(request: ProviderRequest): string | undefined;
  /** Usage from a complete JSON response body. */
  usageFromJson?(body: unknown): Usage | undefined;
  /** Folds one parsed stream event (SSE `data:` JSON) into the running usage. */
  usageFromEvent?(event: unknown, usage: Usage): void;
  /** The SSE event (full text, blank line included) that reports `message` as an error inside a stream. */
  streamError?(message: string): string;
  /**
   * Substrings of a stream event's data that may carry usage; events with none of them are never
   * JSON-parsed, which keeps stream reading cheap. Default `['usage']` (also matches `usageMetadata`).
   */
  usageMarkers?: readonly string[];
  /** Streams that carry usage only when asked (OpenAI's `stream_options.include_usage`). */
  streamUsage?: StreamUsageOption;
  /**
   * Usage from a stream that is not SSE (Bedrock's binary `application/vnd.amazon.eventstream`):
   * responses whose content type contains `contentType` are fed to a fresh `create()` reader.
   */
  binaryStreamUsage?: BinaryStreamUsage;
  /** How the unified API (`/compat/…`) reaches this provider; absent: not reachable through it. */
  compat?: ProviderCompat;
}

/** Wire formats the unified API translates to and from (one set of mappers each in `compat/`). */
export type CompatFormat = 'openai' | 'anthropic' | 'google' | 'cohere';

/**
 * The provider's native chat API, as the unified API needs it. Paths follow the base URL and may
 * hold `{model}` (replaced by the URL-encoded model) and a `?query`.
 */
export interface ProviderCompat {
  /** Wire format of the chat endpoint: picks the request, response and stream mappers. */
  format: CompatFormat;
  chatPath: string;
  /** Path used when streaming, when it differs from `chatPath` (google's `…:streamGenerateContent?alt=sse`). */
  streamPath?: string;
  /** OpenAI-format embeddings endpoint, when the provider has one. */
  embeddingsPath?: string;
  /** Lists the provider's models (its own format). */
  modelsPath?: string;
  /** OpenAI-format providers that want the output limit as `max_completion_tokens` rather than `max_tokens`. */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  /** Headers the native API requires; sent unless the client sent them itself. */
  headers?: Readonly<Record<string, string>>;
}

/** How a provider's streams are asked for usage, and how to recognise the event that answers. */
export interface StreamUsageOption {
  /**
   * The request body with usage asked for, or undefined when the request is not a stream, already
   * asks, or goes to an endpoint without the option.
   */
  request(request: ProviderRequest): Record<string, unknown> | undefined;
  /** True for the event the provider adds only because usage was asked for (removed for the client). */
  isUsageOnlyEvent(event: unknown): boolean;
}

/** Reads usage from the bytes of one non-SSE stream as they pass, without buffering the stream. */
export interface StreamUsageCounter {
  push(chunk: Uint8Array): void;
  /** The stream ended: the usage it reported, if any. */
  end(): Usage | undefined;
}

/** A provider's non-SSE stream format, and how to read its usage. */
export interface BinaryStreamUsage {
  /** Lower-case substring of the response content type, e.g. `application/vnd.amazon.eventstream`. */
  contentType: string;
  create(): StreamUsageCounter;
}
