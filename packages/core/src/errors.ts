/**
 * Errors the gateway itself produces. Each carries the numeric code of SPEC §3.6, the HTTP status,
 * and whether a retry or the next fallback step may succeed. Retry and fallback read these fields,
 * never the message.
 */
export class GatewayError extends Error {
  readonly code: number;
  readonly status: number;
  readonly isRetryable: boolean;
  readonly headers: Record<string, string>;

  constructor(
    code: number,
    status: number,
    message: string,
    options: { isRetryable?: boolean; cause?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.status = status;
    this.isRetryable = options.isRetryable ?? false;
    this.headers = options.headers ?? {};
  }

  toResponse(): Response {
    return errorResponse(this.status, this.code, this.message, this.headers);
  }
}

/** The SPEC §3.6 envelope: `{"success": false, "error": [{"code": N, "message": "…"}]}`. */
export function errorResponse(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ success: false, error: [{ code, message }] }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** Every code aigw produces, with its status. docs/errors.md documents them for users. */
export const ErrorCode = {
  unknownGateway: 2001,
  rateLimited: 2003,
  upstreamFailed: 2005,
  unknownProvider: 2008,
  unauthorized: 2009,
  invalidJson: 2100,
  bodyTooLarge: 2101,
  invalidHeader: 2102,
  invalidPath: 2103,
  notFound: 2104,
  invalidRequest: 2105,
  /** The rate-limit counter store failed and the gateway fails closed (503). */
  rateLimitUnavailable: 2120,
  /** Guardrails (word lists, moderation hook) blocked the request (400) / the response (400). */
  guardrailBlockedRequest: 2016,
  guardrailBlockedResponse: 2017,
  /** DLP detectors (built-in and custom patterns) blocked the request (400) / the response (400). */
  dlpBlockedRequest: 2029,
  dlpBlockedResponse: 2030,
  /** `cf-aig-byok-alias` names no stored key for the provider (400). */
  unknownKeyAlias: 2040,
  /** A budget rule's spend limit is reached (429). */
  budgetExceeded: 2041,
  /** The gateway token is valid but may not use this provider or model (403). */
  tokenForbidden: 2130,
  /** `AIGW_SECRET_KEY` is missing or too short, so stored provider keys cannot be used (503). */
  secretKeyMissing: 2131,
  /** The moderation hook failed and the guardrail fails closed (503). */
  moderationUnavailable: 2132,
  /** Unified API: a parameter the target provider cannot express (400). */
  unsupportedParameter: 2150,
  internal: 2199,
} as const;

export const unknownGateway = (id: string) =>
  new GatewayError(ErrorCode.unknownGateway, 404, `[aigw] gateway '${id}' does not exist`);

export const unknownProvider = (id: string) =>
  new GatewayError(ErrorCode.unknownProvider, 400, `[aigw] unknown provider '${id}'`);

export const invalidPath = (why: string) =>
  new GatewayError(ErrorCode.invalidPath, 400, `[aigw] invalid provider path: ${why}`);

export const invalidHeader = (name: string, why: string) =>
  new GatewayError(ErrorCode.invalidHeader, 400, `[aigw] invalid header ${name}: ${why}`);

export const bodyTooLarge = (limit: number) =>
  new GatewayError(ErrorCode.bodyTooLarge, 413, `[aigw] request body exceeds ${limit} bytes`);

export const upstreamUnreachable = (provider: string, cause: unknown) =>
  new GatewayError(
    ErrorCode.upstreamFailed,
    502,
    `[aigw] provider '${provider}' is unreachable: ${cause instanceof Error ? cause.message : String(cause)}`,
    { isRetryable: true, cause },
  );

/** Unified API: `parameter` cannot be expressed for `provider`; never silently dropped. */
export const unsupportedParameter = (parameter: string, provider: string, why?: string) =>
  new GatewayError(
    ErrorCode.unsupportedParameter,
    400,
    `[aigw] [compat] parameter '${parameter}' is not supported by provider '${provider}'${why ? `: ${why}` : ''}`,
  );

/** No response headers within the request timeout (retryable: the next attempt or step may answer). */
export const upstreamTimeout = (provider: string, ms: number) =>
  new GatewayError(ErrorCode.upstreamFailed, 504, `[aigw] provider '${provider}' did not answer within ${ms} ms`, { isRetryable: true });

/** Over the gateway's rate limit; `headers` carry Retry-After and the RateLimit-* fields. */
export const rateLimited = (what: string, headers: Record<string, string>) =>
  new GatewayError(ErrorCode.rateLimited, 429, `[aigw] rate limited: ${what}`, { headers });

/** The counter store failed and the gateway's `rate_limiting_fail` is `closed`. */
export const rateLimitUnavailable = (cause: unknown) =>
  new GatewayError(ErrorCode.rateLimitUnavailable, 503, '[aigw] [rate-limit] the counter store is unavailable; refusing (rate_limiting_fail: closed)', { cause });

/**
 * A fallback step skipped because its provider target is cooling down (circuit open). Retryable, so
 * the chain moves on; when it is the last step's answer, nothing was called.
 */
export const providerCoolingDown = (provider: string, retryAfterSeconds: number) =>
  new GatewayError(ErrorCode.upstreamFailed, 503, `[aigw] provider '${provider}' is cooling down after repeated failures`, {
    isRetryable: true,
    headers: { 'retry-after': String(retryAfterSeconds) },
  });

/** Missing, unknown or expired gateway token on a gateway with `authentication` on. */
export const unauthorizedToken = (why: string) =>
  new GatewayError(ErrorCode.unauthorized, 401, `[aigw] [auth] ${why}`, { headers: { 'www-authenticate': 'Bearer realm="cf-aig-authorization"' } });

/** A valid gateway token that may not make this call (provider or model not allowed). */
export const tokenForbidden = (why: string) => new GatewayError(ErrorCode.tokenForbidden, 403, `[aigw] [auth] ${why}`);

/** `cf-aig-byok-alias` (or the default alias) holds no stored key for the provider. */
export const unknownKeyAlias = (alias: string, provider: string, why = 'no stored key') =>
  new GatewayError(ErrorCode.unknownKeyAlias, 400, `[aigw] [keys] ${why} for provider '${provider}' under alias '${alias}'`);

/** Over a budget rule; `rule` names it, `headers` carry Retry-After. */
export const budgetExceeded = (rule: string, detail: string, headers: Record<string, string>) =>
  new GatewayError(ErrorCode.budgetExceeded, 429, `[aigw] [budget] budget '${rule}' exceeded: ${detail}`, { headers });

/** A guardrail or DLP rule blocked a request or a response (400). */
export const guardrailBlocked = (code: number, message: string) => new GatewayError(code, 400, `[aigw] [guardrails] ${message}`);
