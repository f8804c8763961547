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
}
