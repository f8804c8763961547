import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { post } from './test-utils.ts'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const children: ChildProcess[] = []
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
})

/** Starts the CLI and resolves with its URL once it prints the ready line. */
async function startCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: packageDir, stdio: ['ignore', 'pipe', 'inherit'] })
  children.push(child)
  let out = ''
  child.stdout.setEncoding('utf8')
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      out += chunk
      const match = /^aigw-mock listening on (http:\/\/\S+)$/m.exec(out)
      if (match) resolve(match[1]!)
    })
    child.once('exit', (code) => reject(new Error(`aigw-mock exited with ${code}: ${out}`)))
  })
  return { child, url }
}

// Concurrent: most of each test is tsx starting up, which took over 5 s (vitest's default limit)
// in one CI rehearsal on a loaded host.
describe.concurrent('aigw-mock CLI and control endpoints', { timeout: 30_000 }, () => {
  it('prints its URL, records requests, resets over HTTP, and exits cleanly on SIGTERM', async () => {
    const { child, url } = await startCli(['--port', '0', '--host', '127.0.0.1'])
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect((await fetch(`${url}/__mock/health`)).status).toBe(200)

    await post(`${url}/v1/chat/completions?x=1`, { model: 'm', messages: [{ role: 'user', content: 'hi' }] }, { 'x-trace': 't1' })
    const recorded = (await (await fetch(`${url}/__mock/requests`)).json()) as { path: string; query: string; headers: Record<string, string> }[]
    expect(recorded).toHaveLength(1)
    expect(recorded[0]).toMatchObject({ path: '/v1/chat/completions', query: 'x=1', headers: { 'x-trace': 't1' } })

    expect((await fetch(`${url}/__mock/requests`, { method: 'DELETE' })).status).toBe(200)
    expect(await (await fetch(`${url}/__mock/requests`)).json()).toEqual([])

    child.kill('SIGTERM')
    const [code] = await once(child, 'exit')
    expect(code).toBe(0)
  })

  it('--no-record turns recording off', async () => {
    const { child, url } = await startCli(['--no-record'])
    await post(`${url}/v1/chat/completions`, { model: 'm', messages: [] })
    expect(await (await fetch(`${url}/__mock/requests`)).json()).toEqual([])
    child.kill('SIGINT')
    const [code] = await once(child, 'exit')
    expect(code).toBe(0)
  })
})
