import { describe, expect, it, vi } from 'vitest';
import { createMemoryStorage } from '../storage/memory.ts';
import { readChunks, sseFrames, testGateway } from './test-gateway.ts';

const body = (content: string, extra: Record<string, unknown> = {}) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], ...extra });
const cached = { config: { providerUrls: { openai: 'http://upstream.test/v1' }, customProviders: [], gateways: { c: { cache_ttl: 60 } }, autoCreateGateways: false, maxBodyBytes: 30 * 1024 * 1024 } };

describe('exact cache', () => {
  it('answers a repeated request from the cache: MISS, then HIT with the same body, content type and an age', async () => {
    const t = testGateway(cached);
    const first = await t.chat(body('hi'), {}, 'c');
    expect(first.headers.get('cf-aig-cache-status')).toBe('MISS');
    const firstText = await first.text();
    await t.settle();
    t.clock.advance(7_500);
    const second = await t.chat(body('hi'), {}, 'c');
    expect(second.status).toBe(200);
    expect(second.headers.get('cf-aig-cache-status')).toBe('HIT');
    expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(second.headers.get('x-upstream')).toBe('yes');
    expect(second.headers.get('age')).toBe('7');
    expect(await second.text()).toBe(firstText);
    expect(t.upstream.calls).toHaveLength(1);
  });

  it('does nothing (no status header) when caching is off for the gateway and the request', async () => {
    const t = testGateway();
    const res = await t.chat(body('hi'));
    await res.text();
    await t.settle();
    expect(res.headers.get('cf-aig-cache-status')).toBeNull();
    await (await t.chat(body('hi'))).text();
    expect(t.upstream.calls).toHaveLength(2);
  });

  it('turns on with cf-aig-cache-ttl on a gateway without cache_ttl', async () => {
    const t = testGateway();
    await (await t.chat(body('hi'), { 'cf-aig-cache-ttl': '60' })).text();
    await t.settle();
    const res = await t.chat(body('hi'), { 'cf-aig-cache-ttl': '60' });
    expect(res.headers.get('cf-aig-cache-status')).toBe('HIT');
    expect(t.upstream.calls).toHaveLength(1);
  });

  it('expires entries by the injected clock (gateway cache_ttl, then cf-aig-cache-ttl)', async () => {
    const t = testGateway(cached);
    await (await t.chat(body('ttl'), {}, 'c')).text();
    await t.settle();
    t.clock.advance(59_999);
    expect((await t.chat(body('ttl'), {}, 'c')).headers.get('cf-aig-cache-status')).toBe('HIT');
    t.clock.advance(1);
    const expired = await t.chat(body('ttl'), {}, 'c');
    expect(expired.headers.get('cf-aig-cache-status')).toBe('MISS');
    await expired.text();
    await t.settle();
    expect(t.upstream.calls).toHaveLength(2);

    await (await t.chat(body('long'), { 'cf-aig-cache-ttl': '3600' }, 'c')).text();
    await t.settle();
    t.clock.advance(3_599_000);
    expect((await t.chat(body('long'), {}, 'c')).headers.get('cf-aig-cache-status')).toBe('HIT');
    t.clock.advance(1_000);
    expect((await t.chat(body('long'), {}, 'c')).headers.get('cf-aig-cache-status')).toBe('MISS');
  });

  it('rejects an out-of-range cf-aig-cache-ttl with the 400 envelope', async () => {
    const t = testGateway(cached);
    for (const ttl of ['59', '2592001', 'abc']) {
      const res = await t.chat(body('x'), { 'cf-aig-cache-ttl': ttl }, 'c');
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: number }[] }).error[0]?.code).toBe(2102);
    }
    expect(t.upstream.calls).toHaveLength(0);
  });

  it('cf-aig-skip-cache neither reads nor writes', async () => {
    const t = testGateway(cached);
    const skipped = await t.chat(body('s'), { 'cf-aig-skip-cache': 'true' }, 'c');
    expect(skipped.headers.get('cf-aig-cache-status')).toBeNull();
    await skipped.text();
    await t.settle();
    expect((await t.chat(body('s'), {}, 'c')).headers.get('cf-aig-cache-status')).toBe('MISS');
    await t.settle();
    const again = await t.chat(body('s'), { 'cf-aig-skip-cache': 'true' }, 'c');
    expect(again.headers.get('cf-aig-cache-status')).toBeNull();
    await again.text();
    expect(t.upstream.calls).toHaveLength(3);
  });

  it('keys on the canonical body: key order does not matter, any value does; cf-aig-metadata is not part of it', async () => {
    const t = testGateway(cached);
    await (await t.chat('{"model":"gpt-4o-mini","temperature":0,"messages":[{"role":"user","content":"k"}]}', { 'cf-aig-metadata': '{"u":1}' }, 'c')).text();
    await t.settle();
    const reordered = await t.chat('{"messages":[{"content":"k","role":"user"}],"temperature":0,"model":"gpt-4o-mini"}', { 'cf-aig-metadata': '{"u":2}' }, 'c');
    expect(reordered.headers.get('cf-aig-cache-status')).toBe('HIT');
    const changed = await t.chat('{"messages":[{"content":"k","role":"user"}],"temperature":1,"model":"gpt-4o-mini"}', {}, 'c');
    expect(changed.headers.get('cf-aig-cache-status')).toBe('MISS');
    await changed.text();
    expect(t.upstream.calls).toHaveLength(2);
  });

  it('never shares an entry between credentials (authorization, or a query key)', async () => {
    const t = testGateway(cached);
    await (await t.chat(body('cred'), {}, 'c')).text();
    await t.settle();
    const other = await t.chat(body('cred'), { authorization: 'Bearer sk-two' }, 'c');
    expect(other.headers.get('cf-aig-cache-status')).toBe('MISS');
    await other.text();
    await t.settle();
    expect((await t.chat(body('cred'), { authorization: 'Bearer sk-two' }, 'c')).headers.get('cf-aig-cache-status')).toBe('HIT');
    expect(t.upstream.calls).toHaveLength(2);
  });

  it('a custom cf-aig-cache-key opts in (300 s), replaces the key, and stays per credential', async () => {
    const t = testGateway();
    const first = await t.chat(body('one'), { 'cf-aig-cache-key': 'greeting' });
    expect(first.headers.get('cf-aig-cache-status')).toBe('MISS');
    const firstText = await first.text();
    await t.settle();
    const other = await t.chat(body('a different body'), { 'cf-aig-cache-key': 'greeting' });
    expect(other.headers.get('cf-aig-cache-status')).toBe('HIT');
    expect(await other.text()).toBe(firstText);
    const stranger = await t.chat(body('one'), { 'cf-aig-cache-key': 'greeting', authorization: 'Bearer sk-two' });
    expect(stranger.headers.get('cf-aig-cache-status')).toBe('MISS');
    await stranger.text();
    await t.settle();
    t.clock.advance(300_000);
    expect((await t.chat(body('one'), { 'cf-aig-cache-key': 'greeting' })).headers.get('cf-aig-cache-status')).toBe('MISS');
  });

  it('never caches errors', async () => {
    const t = testGateway(cached);
    for (const status of ['500', '429', '400']) {
      const res = await t.chat(body('err'), { 'x-status': status }, 'c');
      expect(res.status).toBe(Number(status));
      expect(res.headers.get('cf-aig-cache-status')).toBe('MISS');
      await res.text();
      await t.settle();
    }
    expect(t.upstream.calls).toHaveLength(3);
    expect((await t.chat(body('err'), {}, 'c')).headers.get('cf-aig-cache-status')).toBe('MISS');
  });

  // Two 25 MB bodies through the gateway and the fake upstream, which echoes them: 2–3 s with two
  // busy loops beside it, too close to the 5 s default on a loaded CI machine.
  it('passes a request body over 25 MB through uncached', async () => {
    const t = testGateway(cached);
    const huge = JSON.stringify(body('x'.repeat(25 * 1024 * 1024)));
    const res = await t.chat(huge, {}, 'c');
    expect(res.status).toBe(200);
    expect(res.headers.get('cf-aig-cache-status')).toBeNull();
    await res.text();
    await t.settle();
    expect((await t.chat(huge, {}, 'c')).headers.get('cf-aig-cache-status')).toBeNull();
    expect(t.upstream.calls).toHaveLength(2);
  }, 30_000);
});

describe('streams', () => {
  it('stores a stream chunk by chunk and replays the same chunks in order as a stream', async () => {
    const t = testGateway(cached);
    const req = body('stream me', { stream: true });
    const first = await t.chat(req, {}, 'c');
    const live = await readChunks(first);
    expect(live).toEqual(sseFrames('reply to "stream me"'));
    await t.settle();
    const hit = await t.chat(req, {}, 'c');
    expect(hit.headers.get('cf-aig-cache-status')).toBe('HIT');
    expect(hit.headers.get('content-type')).toBe('text/event-stream');
    expect(await readChunks(hit)).toEqual(live);
    expect(t.upstream.calls).toHaveLength(1);
  });

  it('does not store a stream the client cancelled', async () => {
    const t = testGateway(cached);
    const req = body('cancel me', { stream: true });
    const first = await t.chat(req, {}, 'c');
    const reader = first.body!.getReader();
    await reader.read();
    await reader.cancel();
    await t.settle();
    const again = await t.chat(req, {}, 'c');
    expect(again.headers.get('cf-aig-cache-status')).toBe('MISS');
    expect(await readChunks(again)).toHaveLength(sseFrames('reply to "cancel me"').length);
    expect(t.upstream.calls).toHaveLength(2);
  });
});

describe('coalescing', () => {
  it('sends ten concurrent identical requests upstream once; the others are HITs with the same body', async () => {
    const t = testGateway(cached);
    let open!: () => void;
    t.upstream.state.gate = new Promise((resolve) => (open = resolve));
    const pending = Array.from({ length: 10 }, () => t.chat(body('together'), {}, 'c'));
    await vi.waitFor(() => expect(t.upstream.calls).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 20)); // the others join the leader's flight
    open();
    const responses = await Promise.all(pending);
    const texts = await Promise.all(responses.map((r) => r.text()));
    expect(t.upstream.calls).toHaveLength(1);
    expect(new Set(texts).size).toBe(1);
    expect(responses.map((r) => r.headers.get('cf-aig-cache-status')).sort()).toEqual([...Array(9).fill('HIT'), 'MISS']);
  });

  it('followers of a stream receive chunks while the leader is still receiving them', async () => {
    const t = testGateway(cached);
    const releases: (() => void)[] = [];
    t.upstream.state.chunkGate = () => new Promise<void>((resolve) => releases.push(resolve));
    const req = body('live', { stream: true });
    const leader = await t.chat(req, {}, 'c');
    const follower = await t.chat(req, {}, 'c');
    expect(follower.headers.get('cf-aig-cache-status')).toBe('HIT');
    const lr = leader.body!.getReader();
    const fr = follower.body!.getReader();
    const dec = new TextDecoder();
    const leaderFirst = lr.read();
    await vi.waitFor(() => expect(releases).not.toHaveLength(0));
    releases.shift()!();
    expect(dec.decode((await leaderFirst).value)).toBe(sseFrames('reply to "live"')[0]);
    // The follower gets the first frame although the upstream has not produced the second yet.
    expect(dec.decode((await fr.read()).value)).toBe(sseFrames('reply to "live"')[0]);
    t.upstream.state.chunkGate = undefined;
    for (const release of releases.splice(0)) release();
    const rest = async (r: ReadableStreamDefaultReader<Uint8Array>) => {
      let s = '';
      for (let x = await r.read(); !x.done; x = await r.read()) s += dec.decode(x.value);
      return s;
    };
    const [lrest, frest] = await Promise.all([rest(lr), rest(fr)]);
    expect(frest).toBe(lrest);
    expect(t.upstream.calls).toHaveLength(1);
  });

  it('when the leader gets an error, each follower calls upstream itself', async () => {
    const t = testGateway(cached);
    let open!: () => void;
    t.upstream.state.gate = new Promise((resolve) => (open = resolve));
    const pending = Array.from({ length: 3 }, () => t.chat(body('fail'), { 'x-status': '503' }, 'c'));
    await vi.waitFor(() => expect(t.upstream.calls).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 20)); // the others join the leader's flight
    open();
    const responses = await Promise.all(pending);
    expect(responses.map((r) => r.status)).toEqual([503, 503, 503]);
    expect(responses.map((r) => r.headers.get('cf-aig-cache-status'))).toEqual(['MISS', 'MISS', 'MISS']);
    expect(t.upstream.calls).toHaveLength(3);
  });

  it('a request whose store read overlaps the end of a flight (entry stored, flight gone) is still a HIT', async () => {
    const storage = createMemoryStorage();
    const get = storage.cache.get.bind(storage.cache);
    const readGate: { held?: Promise<void> } = {};
    // A slow store read: it sees the store as it was when it started, and answers later.
    storage.cache.get = async (...args) => {
      const found = await get(...args);
      await readGate.held;
      return found;
    };
    const t = testGateway({ ...cached, storage });
    let openUpstream!: () => void;
    t.upstream.state.gate = new Promise((resolve) => (openUpstream = resolve));
    const leader = t.chat(body('overlap'), {}, 'c');
    await vi.waitFor(() => expect(t.upstream.calls).toHaveLength(1));
    let openRead!: () => void;
    readGate.held = new Promise((resolve) => (openRead = resolve));
    const late = t.chat(body('overlap'), {}, 'c'); // reads the store before the leader's entry is in it
    await new Promise((r) => setTimeout(r, 10));
    openUpstream();
    await (await leader).text();
    await t.settle(); // the entry is stored and the flight is gone
    openRead();
    const res = await late;
    expect(res.headers.get('cf-aig-cache-status')).toBe('HIT');
    await res.text();
    expect(t.upstream.calls).toHaveLength(1);
  });
});

describe('storage failures', () => {
  it('serves uncached, and logs, when the cache store fails', async () => {
    const storage = createMemoryStorage();
    storage.cache.get = () => Promise.reject(new Error('disk on fire'));
    storage.cache.put = () => Promise.reject(new Error('disk on fire'));
    const t = testGateway({ ...cached, storage });
    for (let i = 0; i < 2; i++) {
      const res = await t.chat(body('x'), {}, 'c');
      expect(res.status).toBe(200);
      await res.text();
      await t.settle();
    }
    expect(t.upstream.calls).toHaveLength(2);
    expect(t.errors.length).toBeGreaterThanOrEqual(2);
  });
});
