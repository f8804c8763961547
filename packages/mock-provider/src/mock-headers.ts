/** Reads the `x-mock-*` request headers that shape replies and inject faults. */
import type { IncomingHttpHeaders } from 'node:http'
import type { ChunkSpec, Usage } from './types.ts'

/** Header names the mock understands. */
export const MOCK_HEADERS = {
  status: 'x-mock-status',
  retryAfter: 'x-mock-retry-after',
  failFirst: 'x-mock-fail-first',
  failKey: 'x-mock-fail-key',
  failStatus: 'x-mock-fail-status',
  delayMs: 'x-mock-delay-ms',
  chunkDelayMs: 'x-mock-chunk-delay-ms',
  hang: 'x-mock-hang',
  reset: 'x-mock-reset',
  chunks: 'x-mock-chunks',
  chunkChars: 'x-mock-chunk-chars',
  usage: 'x-mock-usage',
} as const

const FAULT_HEADERS = [
  MOCK_HEADERS.status,
  MOCK_HEADERS.failFirst,
  MOCK_HEADERS.delayMs,
  MOCK_HEADERS.chunkDelayMs,
  MOCK_HEADERS.hang,
  MOCK_HEADERS.reset,
]

/** Faults requested by one request; absent fields mean "behave normally". */
export interface Faults {
  /** Answer with this status and a provider-shaped error body. */
  status?: number
  /** `Retry-After` value sent with an injected error. */
  retryAfter?: string
  /** Fail the first `count` requests sharing `key` with `status`. */
  failFirst?: { count: number; key: string; status: number }
  delayMs?: number
  chunkDelayMs?: number
  hang?: boolean
  reset?: 'before' | 'mid'
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name]
  return Array.isArray(v) ? v[0] : v
}

function int(value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined
}

/** Faults asked for by `headers`, or undefined when none is (the fast path). */
export function readFaults(headers: IncomingHttpHeaders, path: string): Faults | undefined {
  if (!FAULT_HEADERS.some((name) => headers[name] !== undefined)) return undefined
  const faults: Faults = {}
  const status = int(header(headers, MOCK_HEADERS.status), 200, 599)
  if (status !== undefined) faults.status = status
  const retryAfter = header(headers, MOCK_HEADERS.retryAfter)
  if (retryAfter !== undefined) faults.retryAfter = retryAfter
  const failFirstRaw = header(headers, MOCK_HEADERS.failFirst)
  const failCount = int(failFirstRaw, 0, Number.MAX_SAFE_INTEGER)
  if (failCount !== undefined) {
    faults.failFirst = {
      count: failCount,
      key: header(headers, MOCK_HEADERS.failKey) ?? `${failFirstRaw} ${path}`,
      status: int(header(headers, MOCK_HEADERS.failStatus), 200, 599) ?? 500,
    }
  }
  const delayMs = int(header(headers, MOCK_HEADERS.delayMs), 1, 3_600_000)
  if (delayMs !== undefined) faults.delayMs = delayMs
  const chunkDelayMs = int(header(headers, MOCK_HEADERS.chunkDelayMs), 1, 3_600_000)
  if (chunkDelayMs !== undefined) faults.chunkDelayMs = chunkDelayMs
  if (header(headers, MOCK_HEADERS.hang) === 'true') faults.hang = true
  const reset = header(headers, MOCK_HEADERS.reset)
  if (reset === 'before' || reset === 'mid') faults.reset = reset
  return faults
}

/** `x-mock-chunks`: exact number of content chunks; `x-mock-chunk-chars`: chunks of N characters (cuts words). */
export function readChunks(headers: IncomingHttpHeaders): ChunkSpec | undefined {
  const chars = int(header(headers, MOCK_HEADERS.chunkChars), 1, 100_000)
  if (chars !== undefined) return { chars }
  return int(header(headers, MOCK_HEADERS.chunks), 1, 100_000)
}

/** `x-mock-usage: {"in":N,"out":M}`: forced usage numbers; ignored when malformed. */
export function readUsage(headers: IncomingHttpHeaders): Usage | undefined {
  const raw = header(headers, MOCK_HEADERS.usage)
  if (raw === undefined) return undefined
  try {
    const v = JSON.parse(raw) as { in?: unknown; out?: unknown }
    if (Number.isInteger(v.in) && Number.isInteger(v.out)) return { tokensIn: v.in as number, tokensOut: v.out as number }
  } catch {
    // fall through: a malformed header means "no override"
  }
  return undefined
}
