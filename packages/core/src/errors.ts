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
