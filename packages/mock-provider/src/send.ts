/** Writes replies: JSON in one go, streams in one write unless a chunk delay or a mid-stream reset asks for more. */
import { Buffer } from 'node:buffer'
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { Reply } from './types.ts'

/** Stream faults applied while sending. */
export interface StreamFaults {
  chunkDelayMs?: number | undefined
  /** Send a few frames (or half the JSON), then destroy the socket. */
  resetMid?: boolean | undefined
}

/**
 * Resolves true after `ms`, or false as soon as the client goes away (the timer is cleared).
 */
export function wait(res: ServerResponse, ms: number): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false)
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer)
      resolve(false)
    }
    const timer = setTimeout(() => {
      res.off('close', onClose)
      resolve(true)
    }, ms)
    res.once('close', onClose)
  })
}

/**
 * Writes `data`, then destroys the socket a little after it has left the process: a reset that
 * lands in the same read as the data makes some clients (Bun's fetch) drop the data, and the fault
 * is "the stream broke after it started", not "nothing arrived".
 */
function writeThenReset(res: ServerResponse, data: string): void {
  res.write(data, () => setTimeout(() => res.destroy(), RESET_AFTER_MS))
}

const RESET_AFTER_MS = 25

export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: OutgoingHttpHeaders, faults?: StreamFaults): void {
  const json = JSON.stringify(body)
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) })
  if (faults?.resetMid) writeThenReset(res, json.slice(0, json.length >> 1))
  else res.end(json)
}

async function sendFrames(res: ServerResponse, frames: string[], faults: StreamFaults): Promise<void> {
  const delay = faults.chunkDelayMs
  const stopAt = faults.resetMid ? Math.max(1, Math.min(3, frames.length >> 1)) : frames.length
  for (let i = 0; i < stopAt; i++) {
    if (res.destroyed) return
    if (i > 0 && delay !== undefined && !(await wait(res, delay))) return
    if (faults.resetMid && i === stopAt - 1) return writeThenReset(res, frames[i]!)
    res.write(frames[i]!)
  }
  res.end()
}

/** Sends a handler's reply; `faults` is undefined on the fast path. */
export function sendReply(res: ServerResponse, reply: Reply, faults?: StreamFaults): void | Promise<void> {
  if (reply.kind === 'json') return sendJson(res, reply.status, reply.body, undefined, faults)
  res.writeHead(200, { 'content-type': reply.contentType, 'cache-control': 'no-cache' })
  if (faults?.chunkDelayMs === undefined && !faults?.resetMid) {
    res.end(reply.frames.join(''))
    return
  }
  return sendFrames(res, reply.frames, faults)
}
