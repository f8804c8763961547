import { describe, expect, it } from 'vitest';
import { Flight } from './flight.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();
const head = { status: 200, statusText: 'OK', headers: [['content-type', 'text/event-stream']] as [string, string][] };

async function drain(body: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  const reader = body.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) out.push(dec.decode(r.value));
  return out;
}

describe('Flight', () => {
  it('gives a late follower every chunk from the first, then the live ones, then the end', async () => {
    const f = new Flight();
    f.start(head);
    f.push(enc.encode('a'));
    const follower = await f.follow();
    expect(follower?.head).toEqual(head);
    const result = drain(follower!.body);
    f.push(enc.encode('b'));
    f.push(enc.encode('c'));
    f.end();
    expect(await result).toEqual(['a', 'b', 'c']);
    expect(f.completed).toBe(true);
  });

  it('copies chunks: the leader may reuse its buffers', async () => {
    const f = new Flight();
    f.start(head);
    const buf = enc.encode('xy');
    f.push(buf);
    buf.fill(0);
    f.end();
    expect(await drain((await f.follow())!.body)).toEqual(['xy']);
  });

  it('sends followers upstream when the leader abandons, or ends before a head', async () => {
    const a = new Flight();
    const pending = a.follow();
    a.abandon();
    expect(await pending).toBeUndefined();
    const b = new Flight();
    const pendingB = b.follow();
    b.end(new Error('boom'));
    expect(await pendingB).toBeUndefined();
  });

  it("errors followers' bodies when the leader's body fails", async () => {
    const f = new Flight();
    f.start(head);
    f.push(enc.encode('a'));
    const follower = await f.follow();
    f.end(new Error('upstream reset'));
    await expect(drain(follower!.body)).rejects.toThrow('upstream reset');
  });

  it('release() drops chunks only when nobody is reading', async () => {
    const lonely = new Flight();
    lonely.start(head);
    lonely.push(enc.encode('a'));
    expect(lonely.release()).toBe(false);
    expect(lonely.chunks).toEqual([]);
    lonely.push(enc.encode('b'));
    expect(lonely.chunks).toEqual([]);
    expect(await lonely.follow()).toBeUndefined();

    const shared = new Flight();
    shared.start(head);
    const follower = await shared.follow();
    shared.push(enc.encode('a'));
    expect(shared.release()).toBe(true);
    shared.push(enc.encode('b'));
    shared.end();
    expect(await drain(follower!.body)).toEqual(['a', 'b']);
  });
});
