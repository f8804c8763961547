/** The HTTP server: reads bodies, serves `/__mock/*` control endpoints, hands everything else to `handle.ts`. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { FailCounter } from './fail-counter.ts'
import { handleRequest, type HandlerState } from './handle.ts'
import { sendJson } from './send.ts'
import type { MockProvider, MockProviderOptions, RecordedRequest } from './types.ts'

const ignore = () => {}

/**
 * Starts a mock provider on `host:port` (default 127.0.0.1 and a free port).
 *
 * @example
 * const mock = await startMockProvider()
 * const openai = new OpenAI({ baseURL: `${mock.url}/v1`, apiKey: 'x' })
 * await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
 * mock.requests[0]?.path // '/v1/chat/completions'
 * await mock.close()
 */
export async function startMockProvider(opts: MockProviderOptions = {}): Promise<MockProvider> {
  const host = opts.host ?? '127.0.0.1'
  const requests: RecordedRequest[] = []
  const failures = new FailCounter()
  let seq = 0
  const state: HandlerState = {
    requests: opts.record === false ? undefined : requests,
    failures,
    nextSeq: () => ++seq,
  }
  const reset = () => {
    requests.length = 0
    failures.reset()
  }

  function control(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    if (path === '/__mock/requests' && req.method === 'GET') sendJson(res, 200, requests)
    else if (path === '/__mock/requests' && req.method === 'DELETE') {
      reset()
      sendJson(res, 200, { ok: true })
    } else if (path === '/__mock/health') sendJson(res, 200, { ok: true })
    else return false
    return true
  }

  const server = createServer({ noDelay: true }, (req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('error', ignore)
    req.on('end', () => {
      if (req.url?.startsWith('/__mock/') && control(req, res, req.url.split('?')[0]!)) return
      handleRequest(state, req, res, body)
    })
  })
  // Benchmarks open many keep-alive connections; don't let the default 5 s idle timeout race them.
  server.keepAliveTimeout = 60_000
  server.headersTimeout = 65_000

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const urlHost = host.includes(':') ? `[${host}]` : host

  return {
    url: `http://${urlHost}:${port}`,
    port,
    requests,
    reset,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()))
        server.closeAllConnections()
      }),
  }
}
