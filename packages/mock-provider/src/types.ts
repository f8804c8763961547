/** Shared types of the mock provider. */

/** Wire format of a provider API; decides request parsing and error shapes. */
export type Format = 'openai' | 'anthropic' | 'google' | 'cohere'

/** One request as the mock saw it. */
export interface RecordedRequest {
  method: string
  /** Path without the query string. */
  path: string
  /** Query string without the leading `?` ('' when absent). */
  query: string
  /** Lower-cased header names; repeated headers joined with ', '. */
  headers: Record<string, string>
  body: string
  /** `Date.now()` when the request arrived. */
  at: number
  /** True when the client disconnected before the response finished. */
  closedEarly?: boolean
}

export interface MockProviderOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number
  /** Interface to bind; default 127.0.0.1. */
  host?: string
  /** Record requests in `requests`; default true (benchmarks turn it off). */
  record?: boolean
}

export interface MockProvider {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string
  port: number
  /** Recorded requests, oldest first (empty when `record` is false). */
  requests: RecordedRequest[]
  /** Forgets recorded requests and `x-mock-fail-first` counters. */
  reset(): void
  /** Stops listening and drops open connections (hanging requests included). */
  close(): Promise<void>
}

/** Token usage as the mock reports it, in any format. */
export interface Usage {
  tokensIn: number
  tokensOut: number
}

/** A parsed request handed to a provider handler. */
export interface Call {
  body: Record<string, unknown>
  /** Model taken from the path (Google) or the body. */
  model: string
  query: string
  /** Exact number of content chunks (`x-mock-chunks`), chunks of N characters (`x-mock-chunk-chars`), else split by words. */
  chunks: ChunkSpec | undefined
  /** Forced usage (`x-mock-usage`). */
  usage: Usage | undefined
  /** Per-server sequence number, for ids like `chatcmpl-mock-N`. */
  seq: number
}

/** What a handler wants sent; `send.ts` writes it, applying stream faults. */
export type Reply =
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'stream'; contentType: string; frames: string[] }

/** How a reply is cut into stream chunks: exactly N chunks, or chunks of N characters (which may split words). */
export type ChunkSpec = number | { chars: number }
