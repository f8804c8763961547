#!/usr/bin/env tsx
/** `aigw-mock --port 9000 [--host 127.0.0.1] [--no-record]` */
import { startMockProvider } from './server.ts'
import type { MockProviderOptions } from './types.ts'

const USAGE = 'usage: aigw-mock [--port 9000] [--host 127.0.0.1] [--no-record]'

function parseArgs(args: string[]): MockProviderOptions {
  const opts: MockProviderOptions = {}
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.split('=', 2) as [string, string | undefined]
    const value = () => inline ?? args[++i] ?? fail(`${flag} needs a value`)
    if (flag === '--port') {
      const port = Number(value())
      if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be 0-65535')
      opts.port = port
    } else if (flag === '--host') opts.host = value()
    else if (flag === '--no-record') opts.record = false
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE)
      process.exit(0)
    } else fail(`unknown option ${flag}`)
  }
  return opts
}

function fail(message: string): never {
  console.error(`aigw-mock: ${message}\n${USAGE}`)
  process.exit(2)
}

const mock = await startMockProvider(parseArgs(process.argv.slice(2)))
console.log(`aigw-mock listening on ${mock.url}`)

const stop = () => {
  mock.close().then(
    () => process.exit(0),
    () => process.exit(1),
  )
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
