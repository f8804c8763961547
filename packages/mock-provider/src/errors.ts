/** Error bodies in each provider's own shape. */
import type { Format } from './types.ts'

const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
}

const GOOGLE_STATUSES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
}

function openaiType(status: number): string {
  if (status === 401) return 'authentication_error'
  if (status === 429) return 'rate_limit_exceeded'
  return status >= 500 ? 'server_error' : 'invalid_request_error'
}

/**
 * The error body a provider would send with `status`.
 *
 * @example
 * errorBody('anthropic', 429, 'slow down')
 * // { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }
 */
export function errorBody(format: Format, status: number, message: string): unknown {
  switch (format) {
    case 'openai':
      return { error: { message, type: openaiType(status), param: null, code: `mock_${status}` } }
    case 'anthropic':
      return { type: 'error', error: { type: ANTHROPIC_TYPES[status] ?? 'api_error', message } }
    case 'google':
      return { error: { code: status, message, status: GOOGLE_STATUSES[status] ?? 'UNKNOWN' } }
    case 'cohere':
      return { id: 'mock-error', message }
  }
}
