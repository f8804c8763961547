import { session } from './session.ts';

/** An admin API failure: the §3.6 envelope's first error, or the HTTP status when there is none. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | null,
    message: string,
  ) {
    super(message);
  }
}

/** `{success: true, result, result_info}` as the admin API answers. */
export interface Envelope<T> {
  result: T;
  result_info?: Record<string, unknown>;
}

/** A body read from `…/logs/{id}/request|response`. */
export interface BodyText {
  text: string;
  truncated: boolean;
  contentType: string;
}

/**
 * The page may be served under a prefix (a custom server mounting the gateway): the API lives beside
 * `/dashboard`, wherever that is.
 */
export const basePath = (): string => {
  const at = location.pathname.indexOf('/dashboard');
  return at > 0 ? location.pathname.slice(0, at) : '';
};

let onUnauthorized: () => void = () => undefined;
/** Called when the API answers 401 (token wrong or rotated): the app logs out. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

async function call(method: string, path: string, body?: unknown, token = session.token()): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`${basePath()}/api/v1${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch {
    throw new ApiError(0, null, 'Cannot reach the gateway. Is it running?');
  }
  if (res.ok) return res;
  let code: number | null = null;
  let message = `${res.status} ${res.statusText}`;
  try {
    const envelope = (await res.json()) as { error?: { code?: number; message?: string }[] };
    const first = envelope.error?.[0];
    if (first?.message) message = first.message.replace(/^(\[[^\]]+\] )+/, '');
    code = first?.code ?? null;
  } catch {
    // not JSON: keep the status line
  }
  if (res.status === 401 && token === session.token()) onUnauthorized();
  throw new ApiError(res.status, code, message);
}

async function json<T>(method: string, path: string, body?: unknown): Promise<Envelope<T>> {
  return (await (await call(method, path, body)).json()) as Envelope<T>;
}

/** The admin API with the session's bearer token. */
export const api = {
  get: <T>(path: string) => json<T>('GET', path),
  post: <T>(path: string, body: unknown) => json<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => json<T>('PATCH', path, body),

  /** Checks a token before it is kept: resolves true when the admin API accepts it. */
  async verify(token: string): Promise<boolean> {
    try {
      await call('GET', '/gateways', undefined, token);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return false;
      throw err;
    }
  },

  /** A stored body as text, or null when none was kept (404). */
  async body(gateway: string, logId: string, part: 'request' | 'response'): Promise<BodyText | null> {
    try {
      const res = await call('GET', `/gateways/${encodeURIComponent(gateway)}/logs/${encodeURIComponent(logId)}/${part}`);
      return {
        text: await res.text(),
        truncated: res.headers.get('aigw-body-truncated') === 'true',
        contentType: res.headers.get('aigw-body-content-type') || res.headers.get('content-type') || '',
      };
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return null;
      throw err;
    }
  },
};
