import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Storage } from '@aigw/core';
import { createLibsqlStorage } from '@aigw/libsql';
import { findSqldBinary, startSqld, type SqldServer } from '@aigw/libsql/testing';
import { startMockProvider, type MockProvider } from '@aigw/mock-provider';
import type { SpawnedApp } from '@aigw/testkit';
import { spawnWranglerDev } from './spawn-wrangler.ts';

// One `wrangler dev` for both blocks (each start costs seconds): on a libSQL server when sqld is
// installed, on the local D1 otherwise.
const hasSqld = findSqldBinary() !== undefined;
let sqld: SqldServer | undefined;
let mock: MockProvider;
let app: SpawnedApp;

beforeAll(async () => {
  [sqld, mock] = await Promise.all([hasSqld ? startSqld() : undefined, startMockProvider()]);
  app = await spawnWranglerDev(inject('workerBuild').script, {
    ...(sqld ? { AIGW_DB_URL: sqld.url } : {}),
    AIGW_PROVIDER_OPENAI_URL: `${mock.url}/v1`,
    AIGW_CONFIG_JSON: JSON.stringify({ gateways: { 'from-worker': { cache_ttl: 60 } } }),
  });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await mock?.close();
  await sqld?.close();
});

/** AIGW_DB_URL=http://… : the Worker and a Node process share one libSQL server (sqld). */
describe.skipIf(!hasSqld)('workers: libSQL over HTTP', () => {
  let node: Storage;
  beforeAll(async () => {
    node = createLibsqlStorage({ url: sqld!.url });
    await node.init?.();
  });
  afterAll(() => node?.close?.());

  it('seeds the configured gateways into the shared database', async () => {
    expect((await node.gateways.getGateway('from-worker'))?.settings).toEqual({ cache_ttl: 60 });
  });

  it('serves a gateway that another runtime created', async () => {
    const at = new Date().toISOString();
    await node.gateways.createGateway({ id: 'from-node', settings: {}, created_at: at, modified_at: at });
    mock.reset();
    const res = await fetch(`${app.url}/v1/acct/from-node/openai/models`, { headers: { authorization: 'Bearer sk-test' } });
    expect(res.status).toBe(200);
    expect(mock.requests.map((r) => r.path)).toEqual(['/v1/models']);
  });
});

/**
 * Client disconnect, measured. workerd notices that a client went away only when it next writes
 * to the client's socket; then it cancels the request, and with it the upstream fetch. While a
 * Worker waits for upstream headers it writes nothing, so a client that leaves then is not
 * noticed (standalone workerd behaves the same, with or without the `enable_request_signal`
 * flag). Cloudflare's edge cancels the invocation itself.
 */
describe('workers: client disconnect', () => {
  const chat = (headers: Record<string, string>, signal: AbortSignal) =>
    fetch(`${app.url}/v1/acct-1/default/openai/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'bye' }] }),
      signal,
    });

  it('aborts the upstream when the client leaves mid-stream', async () => {
    mock.reset();
    const controller = new AbortController();
    const res = await chat({ 'x-mock-chunks': '100', 'x-mock-chunk-delay-ms': '100' }, controller.signal);
    await res.body!.getReader().read();
    controller.abort();
    await waitFor(() => mock.requests[0]?.closedEarly === true, 5000);
  });

  // Fails once workerd notices: then drop the filter on the shared suite's test in vitest.e2e.config.ts.
  it('KNOWN LIMITATION: a client that leaves before the response headers is not noticed', async () => {
    mock.reset();
    const controller = new AbortController();
    const pending = chat({ 'x-mock-hang': 'true' }, controller.signal).catch((err: unknown) => err);
    await waitFor(() => mock.requests.length === 1, 5000);
    controller.abort();
    await pending;
    await new Promise((r) => setTimeout(r, 1500));
    expect(mock.requests[0]?.closedEarly).toBeUndefined();
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
