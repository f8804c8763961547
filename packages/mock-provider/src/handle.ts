/** Handles one provider request: record it, apply `x-mock-*` faults, route it, send the reply. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { errorBody } from './errors.ts'
import type { FailCounter } from './fail-counter.ts'
import { type Faults, readChunks, readFaults, readUsage } from './mock-headers.ts'
import { matchRoute, type Route } from './routes.ts'
import { sendJson, sendReply, type StreamFaults, wait } from './send.ts'
import { invalidRequest } from './validate.ts'
import type { Call, Format, RecordedRequest } from './types.ts'

export interface HandlerState {
  /** Where to record requests; undefined when recording is off. */
  requests: RecordedRequest[] | undefined
  failures: FailCounter
  nextSeq(): number
}

interface Context {
  state: HandlerState
  req: IncomingMessage
  res: ServerResponse
  path: string
  query: string
  body: string
  route: Route | undefined
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return headers
}

function record(requests: RecordedRequest[], ctx: Context, faults: Faults | undefined): void {
  const { req, res } = ctx
  const entry: RecordedRequest = {
    method: req.method ?? 'GET',
    path: ctx.path,
    query: ctx.query,
    headers: flatHeaders(req),
    body: ctx.body,
    at: Date.now(),
  }
  requests.push(entry)
  // A reset we inject ourselves is not the client leaving.
  res.once('close', () => {
    if (!res.writableFinished && faults?.reset === undefined) entry.closedEarly = true
  })
}

function parseBody(text: string): Record<string, unknown> | undefined {
  try {
    const body: unknown = JSON.parse(text)
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function respond(ctx: Context, streamFaults?: StreamFaults): void | Promise<void> {
  const { req, res, route } = ctx
  if (!route) {
    return sendJson(res, 404, { error: { message: `mock: no route for ${req.method} ${ctx.path}` } })
  }
  const body = route.hasBody ? parseBody(ctx.body) : {}
  if (!body) {
    return sendJson(res, 400, errorBody(route.format, 400, 'mock: request body is not a JSON object'))
  }
  const invalid = route.hasBody ? invalidRequest(route.format, body) : undefined
  if (invalid !== undefined) return sendJson(res, 400, errorBody(route.format, 400, `mock: ${invalid}`))
  const call: Call = {
    body,
    model: route.pathModel ?? (typeof body.model === 'string' ? body.model : 'mock-model'),
    query: ctx.query,
    chunks: readChunks(req.headers),
    usage: readUsage(req.headers),
    seq: ctx.state.nextSeq(),
  }
  return sendReply(res, route.handle(call), streamFaults)
}

function injectedStatus(ctx: Context, faults: Faults): number | undefined {
  if (faults.status !== undefined) return faults.status
  const failFirst = faults.failFirst
  if (failFirst && ctx.state.failures.shouldFail(failFirst.key, failFirst.count)) return failFirst.status
  return undefined
}

async function respondWithFaults(ctx: Context, faults: Faults): Promise<void> {
  const { req, res } = ctx
  if (faults.reset === 'before') return void req.socket.destroy()
  if (faults.hang) return
  if (faults.delayMs !== undefined && !(await wait(res, faults.delayMs))) return
  const status = injectedStatus(ctx, faults)
  if (status !== undefined) {
    const format: Format = ctx.route?.format ?? 'openai'
    const headers = faults.retryAfter === undefined ? undefined : { 'retry-after': faults.retryAfter }
    return sendJson(res, status, errorBody(format, status, `mock: injected status ${status}`), headers)
  }
  return respond(ctx, { chunkDelayMs: faults.chunkDelayMs, resetMid: faults.reset === 'mid' })
}

/** Answers a request whose body has been read in full. */
export function handleRequest(state: HandlerState, req: IncomingMessage, res: ServerResponse, body: string): void {
  const url = req.url ?? '/'
  const q = url.indexOf('?')
  const path = q === -1 ? url : url.slice(0, q)
  const ctx: Context = {
    state,
    req,
    res,
    path,
    query: q === -1 ? '' : url.slice(q + 1),
    body,
    route: matchRoute(req.method ?? 'GET', path),
  }
  const faults = readFaults(req.headers, path)
  if (state.requests) record(state.requests, ctx, faults)
  const pending = faults ? respondWithFaults(ctx, faults) : respond(ctx)
  if (pending) pending.catch(() => res.destroy())
}
