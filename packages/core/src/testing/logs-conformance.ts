import { describe, expect, it } from 'vitest';
import type { LogFilter, LogQuery, LogRecord, LogStore, StoredLog } from '../observability/log-store.ts';
import { buildRollups, type RequestStat } from '../observability/rollup.ts';
import type { Storage } from '../storage/types.ts';

const T0 = Date.UTC(2025, 0, 1, 10, 0, 0);
const MIN = 60_000;
const HOUR = 3_600_000;

let seq = 0;
/** A log row; ids are UUIDv7-shaped and increase with `at` and creation order, as real ones do. */
function log(over: Partial<StoredLog> & { at?: number } = {}): StoredLog {
  const { at = T0 + seq * 1000, ...rest } = over;
  seq++;
  const id = `${at.toString(16).padStart(12, '0').slice(0, 8)}-${at.toString(16).padStart(12, '0').slice(8)}-7000-8000-${seq.toString(16).padStart(12, '0')}`;
  return {
    id,
    created_at: new Date(at).toISOString(),
    account: 'acct',
    gateway: 'gw',
    provider: 'openai',
    model: 'gpt-4o-mini',
    method: 'POST',
    path: '/v1/chat/completions',
    status_code: 200,
    success: true,
    cached: false,
    cache_type: null,
    step: null,
    attempts: 1,
    duration: 120,
    ttfb: 80,
    tokens_in: 10,
    tokens_out: 20,
    cached_tokens_in: 0,
    cost: 0.001,
    custom_cost: false,
    metadata: null,
    event_id: null,
    feedback: null,
    score: null,
    request_size: 100,
    response_size: 200,
    request_content_type: 'application/json',
    response_content_type: 'application/json',
    user_agent: 'test-agent/1.0',
    client_ip: '203.0.113.9',
    error_code: null,
    payload: true,
    request_truncated: false,
    response_truncated: false,
    gateway_token: null,
    guardrails: null,
    request_body: '{"model":"gpt-4o-mini"}',
    response_body: '{"choices":[]}',
    ...rest,
  };
}

const record = ({ request_body: _q, response_body: _r, ...r }: StoredLog): LogRecord => r;

const stat = (l: StoredLog): RequestStat => ({
  gateway: l.gateway, provider: l.provider, model: l.model, at: Date.parse(l.created_at), success: l.success, cached: l.cached,
  tokensIn: l.tokens_in, tokensOut: l.tokens_out, cachedTokensIn: l.cached_tokens_in, cost: l.cost, duration: l.duration,
});

/**
 * The `LogStore` part of the storage contract; `describeStorageConformance` runs it with the
 * storage of each test (opened and emptied by its hooks). The memory store is the reference.
 */
export function describeLogsConformance(current: () => Storage): void {
  describe('logs', () => {
    const logs = (): LogStore => current().logs;
    const write = async (rows: StoredLog[], limits = {}) => logs().writeLogs({ logs: rows, rollups: buildRollups(rows.map(stat)), limits });
    const list = (over: Partial<LogQuery> = {}) =>
      logs().listLogs({ gateway: 'gw', filters: [], orderBy: 'created_at', direction: 'desc', limit: 100, ...over });
    const ids = async (filters: LogFilter[], over: Partial<LogQuery> = {}) => (await list({ filters, ...over })).logs.map((l) => l.id);

    it('round-trips every field and both bodies; lists without bodies', async () => {
      const a = log({
        metadata: { user: 'u1', tier: 3, beta: true, note: 'naïve "quoted" ☃' },
        event_id: 'evt-1', cache_type: 'exact', cached: true, step: 1, ttfb: null, cost: null, custom_cost: true, error_code: 2005,
        request_body: `{"text":"${'x'.repeat(300_000)} ☃"}`, response_body: 'data: {"a":1}\n\n', response_truncated: true,
        response_content_type: 'text/event-stream',
      });
      expect(await write([a])).toEqual({ stored: 1, skipped: 0 });
      expect(await logs().getLog('gw', a.id)).toStrictEqual(record(a));
      expect(await logs().getLog('other', a.id)).toBeUndefined();
      expect(await logs().getLog('gw', 'missing')).toBeUndefined();
      expect(await logs().getLogBody('gw', a.id, 'request')).toStrictEqual({ body: a.request_body, truncated: false, content_type: 'application/json' });
      expect(await logs().getLogBody('gw', a.id, 'response')).toStrictEqual({ body: a.response_body, truncated: true, content_type: 'text/event-stream' });
      expect(await logs().getLogBody('other', a.id, 'request')).toBeUndefined();
      const page = await list();
      expect(page.logs).toStrictEqual([record(a)]);
      expect(page.cursor).toBeUndefined();
    });

    it('has no body for a log written without one', async () => {
      const a = log({ payload: false, request_body: null, response_body: null });
      await write([a]);
      expect(await logs().getLogBody('gw', a.id, 'request')).toBeUndefined();
      expect(await logs().getLogBody('gw', a.id, 'response')).toBeUndefined();
    });

    it('orders by created_at (ties by id) both ways, and by other fields with nulls lowest', async () => {
      const rows = [log({ at: T0 }), log({ at: T0 + 5, cost: null }), log({ at: T0 + 5, cost: 0.5 }), log({ at: T0 + 9, cost: 0.2 })];
      await write(rows);
      const [a, b, c, d] = rows.map((r) => r.id);
      expect(await ids([])).toEqual([d, c, b, a]);
      expect(await ids([], { direction: 'asc' })).toEqual([a, b, c, d]);
      expect(await ids([], { orderBy: 'cost' })).toEqual([c, d, a, b]);
      expect(await ids([], { orderBy: 'cost', direction: 'asc' })).toEqual([b, a, d, c]);
    });

    it('pages with cursors without gaps or repeats, also through ties', async () => {
      const rows = Array.from({ length: 23 }, (_, i) => log({ at: T0 + Math.floor(i / 4) * 1000, duration: i % 3 }));
      await write(rows);
      for (const orderBy of ['created_at', 'duration'] as const) {
        for (const direction of ['asc', 'desc'] as const) {
          const seen: string[] = [];
          let cursor: string | undefined;
          let pages = 0;
          do {
            const page = await list({ orderBy, direction, limit: 5, ...(cursor ? { cursor } : {}) });
            seen.push(...page.logs.map((l) => l.id));
            cursor = page.cursor;
            pages++;
          } while (cursor);
          expect(pages).toBe(5);
          expect(new Set(seen).size).toBe(23);
          expect(seen).toEqual(await ids([], { orderBy, direction }));
        }
      }
    });

    it('filters with eq, neq, contains, lt and gt, values as any-of, conditions as all-of', async () => {
      const a = log({ provider: 'openai', model: 'gpt-4o-mini', status_code: 200, duration: 50, tokens_in: 5, tokens_out: 5, cost: 0.001, event_id: 'evt-a' });
      const b = log({ provider: 'anthropic', model: 'claude-sonnet-4-5', status_code: 429, success: false, duration: 900, tokens_in: null, tokens_out: null, cost: null, error_code: 2003 });
      const c = log({ provider: 'openai', model: 'gpt-4o', status_code: 500, success: false, cached: true, duration: 300, tokens_in: 100, tokens_out: 1, cost: 0.02, event_id: 'evt-c' });
      await write([a, b, c]);
      const f = (key: string, operator: LogFilter['operator'], ...value: LogFilter['value']): LogFilter => ({ key, operator, value });
      const sorted = (xs: StoredLog[]) => xs.map((x) => x.id).reverse();
      expect(await ids([f('provider', 'eq', 'openai')])).toEqual(sorted([a, c]));
      expect(await ids([f('provider', 'eq', 'OpenAI')])).toEqual([]);
      expect(await ids([f('model', 'eq', 'gpt-4o', 'claude-sonnet-4-5')])).toEqual(sorted([b, c]));
      expect(await ids([f('model', 'neq', 'gpt-4o', 'claude-sonnet-4-5')])).toEqual(sorted([a]));
      expect(await ids([f('model', 'contains', '4o')])).toEqual(sorted([a, c]));
      expect(await ids([f('model', 'contains', '4O')])).toEqual([]);
      expect(await ids([f('status_code', 'gt', 400)])).toEqual(sorted([b, c]));
      expect(await ids([f('success', 'eq', false)])).toEqual(sorted([b, c]));
      expect(await ids([f('cached', 'eq', true)])).toEqual(sorted([c]));
      expect(await ids([f('cost', 'gt', 0.0015)])).toEqual(sorted([c]));
      expect(await ids([f('cost', 'lt', 1)])).toEqual(sorted([a, c]));
      expect(await ids([f('cost', 'neq', 0.001)])).toEqual(sorted([b, c]));
      expect(await ids([f('tokens', 'gt', 10)])).toEqual(sorted([c]));
      expect(await ids([f('tokens', 'eq', 10)])).toEqual(sorted([a]));
      expect(await ids([f('duration', 'lt', 300)])).toEqual(sorted([a]));
      expect(await ids([f('duration', 'gt', 299)])).toEqual(sorted([b, c]));
      expect(await ids([f('event_id', 'eq', 'evt-c')])).toEqual(sorted([c]));
      expect(await ids([f('event_id', 'neq', 'evt-c')])).toEqual(sorted([a, b]));
      expect(await ids([f('error_code', 'eq', 2003)])).toEqual(sorted([b]));
      expect(await ids([f('provider', 'eq', 'openai'), f('success', 'eq', false)])).toEqual(sorted([c]));
      const at = (x: StoredLog) => Date.parse(x.created_at);
      expect(await ids([f('created_at', 'gt', at(a)), f('created_at', 'lt', at(c))])).toEqual(sorted([b]));
      expect(await ids([f('id', 'eq', b.id)])).toEqual(sorted([b]));
    });

    it('applies each operator to each kind of field as the API documents it', async () => {
      // Feedback is set later through the API, so it is patched in after the write.
      const fixture: [Partial<StoredLog>, -1 | 0 | 1 | null][] = [
        [{ provider: 'openai', status_code: 200, cost: 0.001, tokens_in: 10, tokens_out: 20, duration: 120, user_agent: 'sdk-python/1.2' }, 1],
        [{ provider: 'anthropic', status_code: 429, success: false, cost: null, tokens_in: null, tokens_out: null, duration: 900, user_agent: null, error_code: 2003 }, null],
        [{ provider: 'azure-openai', status_code: 500, success: false, cached: true, cache_type: 'exact', cost: 0, tokens_in: 100, tokens_out: null, duration: 300, user_agent: 'SDK-node/4.0' }, -1],
        [{ provider: 'google-ai-studio', status_code: 200, cost: 0.02, tokens_in: null, tokens_out: 5, duration: 120, user_agent: 'curl/8.0' }, 0],
        [{ provider: 'openai', status_code: 404, success: false, cached: true, cache_type: 'semantic', cost: 0.001, tokens_in: 10, tokens_out: 20, duration: 45, user_agent: 'sdk-python/1.3' }, null],
        [{ provider: 'groq', status_code: 201, cost: 0.5, tokens_in: 3, tokens_out: 0, duration: 7, user_agent: 'my-sdk-python' }, 1],
      ];
      const rows = fixture.map(([over, feedback]) => ({ ...log(over), feedback }));
      await write(rows.map((r) => ({ ...r, feedback: null })));
      for (const r of rows) if (r.feedback !== null) await logs().updateLog('gw', r.id, { feedback: r.feedback });

      // The expected semantics, written out per case rather than derived from the stores' code.
      const tokens = (r: StoredLog) => (r.tokens_in === null && r.tokens_out === null ? null : (r.tokens_in ?? 0) + (r.tokens_out ?? 0));
      const cases: [LogFilter, (r: StoredLog) => boolean][] = [
        [{ key: 'success', operator: 'neq', value: [true] }, (r) => !r.success],
        [{ key: 'success', operator: 'neq', value: [false] }, (r) => r.success],
        [{ key: 'cached', operator: 'neq', value: [false] }, (r) => r.cached],
        [{ key: 'cached', operator: 'neq', value: [true] }, (r) => !r.cached],
        [{ key: 'provider', operator: 'contains', value: ['openai'] }, (r) => r.provider.includes('openai')],
        [{ key: 'provider', operator: 'contains', value: ['open', 'studio'] }, (r) => r.provider.includes('open') || r.provider.includes('studio')],
        [{ key: 'status_code', operator: 'eq', value: [200] }, (r) => r.status_code === 200],
        [{ key: 'status_code', operator: 'eq', value: [404, 429] }, (r) => r.status_code === 404 || r.status_code === 429],
        [{ key: 'status_code', operator: 'neq', value: [200] }, (r) => r.status_code !== 200],
        [{ key: 'status_code', operator: 'neq', value: [200, 500] }, (r) => r.status_code !== 200 && r.status_code !== 500],
        [{ key: 'status_code', operator: 'lt', value: [400] }, (r) => r.status_code < 400],
        [{ key: 'status_code', operator: 'lt', value: [201] }, (r) => r.status_code < 201],
        [{ key: 'cost', operator: 'eq', value: [0.001] }, (r) => r.cost === 0.001],
        [{ key: 'cost', operator: 'eq', value: [0] }, (r) => r.cost === 0],
        [{ key: 'cost', operator: 'eq', value: [0.02, 0.5] }, (r) => r.cost === 0.02 || r.cost === 0.5],
        [{ key: 'tokens', operator: 'lt', value: [30] }, (r) => tokens(r) !== null && tokens(r)! < 30],
        [{ key: 'tokens', operator: 'lt', value: [4] }, (r) => tokens(r) !== null && tokens(r)! < 4],
        [{ key: 'tokens', operator: 'neq', value: [30] }, (r) => tokens(r) !== 30],
        [{ key: 'tokens', operator: 'neq', value: [30, 100] }, (r) => tokens(r) !== 30 && tokens(r) !== 100],
        [{ key: 'duration', operator: 'eq', value: [120] }, (r) => r.duration === 120],
        [{ key: 'duration', operator: 'eq', value: [7, 900] }, (r) => r.duration === 7 || r.duration === 900],
        [{ key: 'duration', operator: 'neq', value: [120] }, (r) => r.duration !== 120],
        [{ key: 'user_agent', operator: 'contains', value: ['sdk'] }, (r) => r.user_agent !== null && r.user_agent.includes('sdk')],
        [{ key: 'user_agent', operator: 'contains', value: ['python/1.'] }, (r) => r.user_agent !== null && r.user_agent.includes('python/1.')],
        [{ key: 'feedback', operator: 'eq', value: [1] }, (r) => r.feedback === 1],
        [{ key: 'feedback', operator: 'eq', value: [0, -1] }, (r) => r.feedback === 0 || r.feedback === -1],
        [{ key: 'feedback', operator: 'neq', value: [1] }, (r) => r.feedback !== 1],
        [{ key: 'feedback', operator: 'neq', value: [-1, 0] }, (r) => r.feedback !== -1 && r.feedback !== 0],
      ];
      for (const [filter, holds] of cases) {
        const expected = rows.filter(holds).map((r) => r.id).reverse();
        const label = JSON.stringify(filter);
        // Each case separates the fixture: some rows match, some do not.
        expect(expected.length, label).toBeGreaterThan(0);
        expect(expected.length, label).toBeLessThan(rows.length);
        expect(await ids([filter]), label).toEqual(expected);
      }

      for (const field of ['tokens_in', 'tokens_out'] as const) {
        // Unknown (null) values sort lowest; ties go by id in the same direction.
        const ascending = [...rows].sort((a, b) => (a[field] ?? -Infinity) - (b[field] ?? -Infinity) || (a.id < b.id ? -1 : 1)).map((r) => r.id);
        expect(rows.some((r) => r[field] === null), field).toBe(true);
        expect(await ids([], { orderBy: field, direction: 'asc' }), field).toEqual(ascending);
        expect(await ids([], { orderBy: field, direction: 'desc' }), field).toEqual([...ascending].reverse());
        for (const direction of ['asc', 'desc'] as const) {
          // Pages of one row put a cursor on every null and every tie: none is skipped or repeated.
          const seen: string[] = [];
          let cursor: string | undefined;
          do {
            const page = await list({ orderBy: field, direction, limit: 1, ...(cursor ? { cursor } : {}) });
            seen.push(...page.logs.map((l) => l.id));
            cursor = page.cursor;
          } while (cursor && seen.length <= rows.length);
          expect(seen, `${field} ${direction}`).toEqual(direction === 'asc' ? ascending : [...ascending].reverse());
        }
      }
    });

    it('a bounded scan (scanLimit) examines that many logs per page and hands back where it stopped', async () => {
      const rows = Array.from({ length: 8 }, (_, i) => log({ at: T0 + i * MIN, provider: [1, 2, 6].includes(i) ? 'rare' : 'openai', cost: i % 3 === 0 ? null : (i % 4) / 1000 }));
      await write(rows);
      const key = (l: StoredLog, orderBy: 'created_at' | 'cost') => (orderBy === 'cost' ? (l.cost ?? -1) : Date.parse(l.created_at));
      const rare = { key: 'provider', operator: 'eq', value: ['rare'] } as LogFilter;
      for (const [orderBy, direction] of [['created_at', 'desc'], ['created_at', 'asc'], ['cost', 'desc'], ['cost', 'asc']] as const) {
        for (const limit of [1, 100]) {
          // The reference: the logs in page order; each page looks at the next 3 after where the last one stopped.
          const sign = direction === 'asc' ? 1 : -1;
          const ordered = [...rows].sort((a, b) => sign * (key(a, orderBy) - key(b, orderBy) || (a.id < b.id ? -1 : 1)));
          const expected: string[][] = [];
          for (let at = 0; at < ordered.length; ) {
            const found = ordered.slice(at, at + 3).filter((l) => l.provider === 'rare');
            const page = found.slice(0, limit);
            expected.push(page.map((l) => l.id));
            at = found.length > limit ? ordered.indexOf(page.at(-1)!) + 1 : at + 3;
          }
          const seen: string[][] = [];
          let cursor: string | undefined;
          do {
            const page = await list({ filters: [rare], orderBy, direction, limit, scanLimit: 3, ...(cursor ? { cursor } : {}) });
            seen.push(page.logs.map((l) => l.id));
            cursor = page.cursor;
          } while (cursor && seen.length < 20);
          expect(seen, `${orderBy} ${direction}, limit ${limit}`).toEqual(expected);
        }
      }
    });

    it('a bounded scan counts only the logs inside the created_at range', async () => {
      const rows = Array.from({ length: 6 }, (_, i) => log({ at: T0 + i * MIN, provider: i === 0 || i === 5 ? 'rare' : 'openai' }));
      await write(rows);
      const filters: LogFilter[] = [{ key: 'provider', operator: 'eq', value: ['rare'] }, { key: 'created_at', operator: 'lt', value: [T0 + 4 * MIN] }];
      // In range, newest first: 3, 2, 1 | 0. The log at 5 is out of range and never counted.
      const first = await list({ filters, scanLimit: 3 });
      expect(first.logs).toEqual([]);
      const second = await list({ filters, scanLimit: 3, cursor: first.cursor! });
      expect(second.logs.map((l) => l.id)).toEqual([rows[0]!.id]);
      expect(second.cursor).toBeUndefined();
    });

    it('keeps twenty metadata keys of a row and filters by the last of them', async () => {
      const many = (n: number) => Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`key${i}`, i % 3 === 0 ? i * n : i % 3 === 1 ? `v${i}-${n}` : i % 2 === 0]));
      const a = log({ metadata: many(1) });
      const b = log({ metadata: many(2) });
      await write([a, b]);
      expect((await logs().getLog('gw', a.id))?.metadata).toStrictEqual(many(1));
      expect(await ids([{ key: 'metadata.key19', operator: 'eq', value: ['v19-2'] }])).toEqual([b.id]);
      expect(await ids([{ key: 'metadata.key18', operator: 'lt', value: [20] }])).toEqual([a.id]);
      expect(await ids([{ key: 'metadata.key16', operator: 'eq', value: ['v16-1'] }, { key: 'metadata.key0', operator: 'eq', value: ['0'] }])).toEqual([a.id]);
    });

    it('filters on metadata keys: text for eq/neq/contains, numbers for lt/gt', async () => {
      const a = log({ metadata: { user: 'alice', tier: 3, beta: true } });
      const b = log({ metadata: { user: 'bob', tier: 10 } });
      const c = log({ metadata: null });
      const d = log({ metadata: { user: '100%_sure', tier: '7' } });
      await write([a, b, c, d]);
      const f = (key: string, operator: LogFilter['operator'], ...value: LogFilter['value']): LogFilter => ({ key, operator, value });
      const sorted = (xs: StoredLog[]) => xs.map((x) => x.id).reverse();
      expect(await ids([f('metadata.user', 'eq', 'alice')])).toEqual(sorted([a]));
      expect(await ids([f('metadata.user', 'eq', 'alice', 'bob')])).toEqual(sorted([a, b]));
      expect(await ids([f('metadata.user', 'neq', 'alice')])).toEqual(sorted([b, c, d]));
      expect(await ids([f('metadata.user', 'contains', '%_')])).toEqual(sorted([d]));
      expect(await ids([f('metadata.tier', 'eq', '3')])).toEqual(sorted([a]));
      expect(await ids([f('metadata.tier', 'gt', 5)])).toEqual(sorted([b]));
      expect(await ids([f('metadata.tier', 'lt', 100)])).toEqual(sorted([a, b]));
      expect(await ids([f('metadata.beta', 'eq', 'true')])).toEqual(sorted([a]));
      expect(await ids([f('metadata.missing', 'eq', 'x')])).toEqual([]);
      expect(await ids([f('metadata.user', 'eq', 'alice'), f('provider', 'eq', 'openai')])).toEqual(sorted([a]));
    });

    it('updates feedback, score and metadata, and filters see the change', async () => {
      const a = log({ metadata: { user: 'alice' } });
      await write([a]);
      const updated = await logs().updateLog('gw', a.id, { feedback: -1, score: 87.5, metadata: { user: 'carol', n: 2 } });
      expect(updated).toStrictEqual({ ...record(a), feedback: -1, score: 87.5, metadata: { user: 'carol', n: 2 } });
      expect(await logs().getLog('gw', a.id)).toStrictEqual(updated);
      expect(await ids([{ key: 'metadata.user', operator: 'eq', value: ['alice'] }])).toEqual([]);
      expect(await ids([{ key: 'metadata.user', operator: 'eq', value: ['carol'] }])).toEqual([a.id]);
      expect(await ids([{ key: 'feedback', operator: 'eq', value: [-1] }])).toEqual([a.id]);
      expect((await logs().updateLog('gw', a.id, { feedback: 1 }))?.score).toBe(87.5);
      expect((await logs().updateLog('gw', a.id, { metadata: null }))?.metadata).toBeNull();
      expect(await logs().updateLog('gw', 'missing', { feedback: 1 })).toBeUndefined();
      expect(await logs().updateLog('other', a.id, { feedback: 1 })).toBeUndefined();
    });

    it('deletes by filter, counts what it deleted, and leaves other gateways alone', async () => {
      const rows = [log({ provider: 'openai', metadata: { k: 'v' } }), log({ provider: 'anthropic' }), log({ provider: 'openai' }), log({ gateway: 'other' })];
      await write(rows);
      expect(await logs().countLogs('gw')).toBe(3);
      expect(await logs().deleteLogs('gw', [{ key: 'provider', operator: 'eq', value: ['openai'] }])).toBe(2);
      expect(await logs().countLogs('gw')).toBe(1);
      expect(await ids([])).toEqual([rows[1]!.id]);
      expect(await ids([{ key: 'metadata.k', operator: 'eq', value: ['v'] }])).toEqual([]);
      expect(await logs().getLogBody('gw', rows[0]!.id, 'request')).toBeUndefined();
      expect(await logs().deleteLogs('gw', [])).toBe(1);
      expect(await logs().countLogs('gw')).toBe(0);
      expect(await logs().countLogs('other')).toBe(1);
    });

    it('STOP_INSERTING keeps the first rows up to the limit', async () => {
      const first = [log(), log()];
      const second = [log(), log(), log()];
      const limits = { gw: { max: 3, strategy: 'STOP_INSERTING' as const } };
      expect(await write(first, limits)).toEqual({ stored: 2, skipped: 0 });
      expect(await write(second, limits)).toEqual({ stored: 1, skipped: 2 });
      expect(await logs().countLogs('gw')).toBe(3);
      expect((await ids([], { direction: 'asc' }))).toEqual([...first, second[0]!].map((r) => r.id));
    });

    it('DELETE_OLDEST keeps the newest rows up to the limit', async () => {
      const rows = Array.from({ length: 5 }, () => log());
      const limits = { gw: { max: 3, strategy: 'DELETE_OLDEST' as const } };
      expect(await write(rows.slice(0, 2), limits)).toEqual({ stored: 2, skipped: 0 });
      expect(await write(rows.slice(2), limits)).toEqual({ stored: 3, skipped: 0 });
      expect(await logs().countLogs('gw')).toBe(3);
      expect(await ids([], { direction: 'asc' })).toEqual(rows.slice(2).map((r) => r.id));
      expect(await logs().getLogBody('gw', rows[0]!.id, 'request')).toBeUndefined();
    });

    it('rolls up every request per bucket and group, and sums what was written in several batches', async () => {
      const rows = [
        log({ at: T0 + 1000, provider: 'openai', model: 'gpt-4o', duration: 40, cost: 0.5, tokens_in: 10, tokens_out: 1 }),
        log({ at: T0 + 2000, provider: 'openai', model: 'gpt-4o-mini', duration: 700, cost: null, success: false }),
        log({ at: T0 + MIN + 5, provider: 'anthropic', model: 'claude-sonnet-4-5', duration: 3000, cost: 0.25, cached: true, tokens_in: 7, tokens_out: 3, cached_tokens_in: 2 }),
        log({ at: T0 + HOUR + 1, provider: 'openai', model: 'gpt-4o', duration: 20, cost: 0.125, gateway: 'other' }),
      ];
      await write(rows.slice(0, 2));
      // Rollups only (a request that was not logged still counts).
      await logs().writeLogs({ logs: [], rollups: buildRollups(rows.slice(2).map(stat)), limits: {} });
      const q = { from: T0, to: T0 + 2 * HOUR, bucketMs: HOUR, granularity: HOUR };
      const all = await logs().queryRollups(q);
      expect(all.map((r) => [r.bucket, r.group, r.requests])).toEqual([[T0, null, 3], [T0 + HOUR, null, 1]]);
      const first = all[0]!;
      expect(first).toMatchObject({ errors: 1, cached: 1, tokens_in: 27, tokens_out: 24, cached_tokens_in: 2, cost_unknown: 1, duration_sum: 3740, duration_max: 3000 });
      expect(first.cost).toBeCloseTo(0.75, 12);
      expect(first.histogram.reduce((a, b) => a + b, 0)).toBe(3);

      const byProvider = await logs().queryRollups({ ...q, gateway: 'gw', groupBy: 'provider' });
      expect(byProvider.map((r) => [r.bucket, r.group, r.requests])).toEqual([[T0, 'anthropic', 1], [T0, 'openai', 2]]);
      const minutes = await logs().queryRollups({ ...q, gateway: 'gw', bucketMs: MIN, granularity: MIN, groupBy: 'model' });
      expect(minutes.map((r) => [r.bucket, r.group, r.requests])).toEqual([[T0, 'gpt-4o', 1], [T0, 'gpt-4o-mini', 1], [T0 + MIN, 'claude-sonnet-4-5', 1]]);
      const top = await logs().queryRollups({ ...q, groupBy: 'model', groupLimit: 1 });
      expect(top.map((r) => [r.bucket, r.group, r.requests])).toEqual([[T0, '(other)', 2], [T0, 'gpt-4o', 1], [T0 + HOUR, 'gpt-4o', 1]]);
      expect((await logs().queryRollups({ ...q, groupBy: 'model', groupLimit: 3 })).length).toBe(4);
      const byGateway = await logs().queryRollups({ ...q, bucketMs: 2 * HOUR, groupBy: 'gateway', providers: ['openai'] });
      expect(byGateway.map((r) => [r.bucket, r.group, r.requests])).toEqual([[T0, 'gw', 2], [T0, 'other', 1]]);
      const filtered = await logs().queryRollups({ ...q, models: ['gpt-4o'] });
      expect(filtered.map((r) => r.requests)).toEqual([1, 1]);
      const window = await logs().queryRollups({ ...q, from: T0 + HOUR });
      expect(window.map((r) => r.requests)).toEqual([1]);
      const day = T0 - (T0 % (24 * HOUR));
      const days = await logs().queryRollups({ from: day, to: day + 24 * HOUR, bucketMs: 24 * HOUR, granularity: 24 * HOUR, groupBy: 'gateway' });
      expect(days.map((r) => [r.bucket, r.group, r.requests])).toEqual([[day, 'gw', 3], [day, 'other', 1]]);
    });

    it('groups by a metadata key from the logged requests', async () => {
      const rows = [
        log({ at: T0 + 1, metadata: { team: 'a' }, cost: 0.5 }),
        log({ at: T0 + 2, metadata: { team: 'b' }, cost: 0.25 }),
        log({ at: T0 + 3, metadata: { team: 'a' }, cost: null }),
        log({ at: T0 + 4, metadata: { other: 1 } }),
        log({ at: T0 + 5, metadata: { team: 'a' }, gateway: 'elsewhere' }),
      ];
      await write(rows);
      const out = await logs().queryRollups({ gateway: 'gw', from: T0, to: T0 + HOUR, bucketMs: HOUR, granularity: HOUR, groupBy: { metadata: 'team' } });
      expect(out.map((r) => [r.group, r.requests, r.cost_unknown])).toEqual([['a', 2, 1], ['b', 1, 0]]);
      expect(out[0]!.cost).toBeCloseTo(0.5, 12);
    });

    it('folds the groups past the limit into (other) = total − kept, with and without filters', async () => {
      const models = ['m1', 'm1', 'm1', 'm2', 'm2', 'm3', 'm4'];
      const rows = models.map((model, i) =>
        log({ at: T0 + i * 1000, model, provider: i % 2 ? 'anthropic' : 'openai', duration: 10 + i * 100, cost: i === 6 ? null : 0.125 * (i + 1), tokens_in: i, success: i !== 3 }),
      );
      await write(rows);
      const q = { gateway: 'gw', from: T0, to: T0 + HOUR, bucketMs: HOUR, granularity: HOUR, groupBy: 'model' as const, groupLimit: 2 };
      const expectFold = (out: Awaited<ReturnType<LogStore['queryRollups']>>, from: StoredLog[], kept: string[]) => {
        expect(out.map((r) => r.group)).toEqual(['(other)', ...kept]);
        const other = from.filter((l) => !kept.includes(l.model!));
        expect(out[0]).toMatchObject({
          requests: other.length, errors: other.filter((l) => !l.success).length, cost_unknown: other.filter((l) => l.cost === null).length,
          tokens_in: other.reduce((a, l) => a + (l.tokens_in ?? 0), 0), duration_sum: other.reduce((a, l) => a + l.duration, 0),
        });
        expect(out[0]!.cost).toBeCloseTo(other.reduce((a, l) => a + (l.cost ?? 0), 0), 12);
        expect(out[0]!.histogram.reduce((a, b) => a + b, 0)).toBe(other.length);
        expect(out.reduce((a, r) => a + r.requests, 0)).toBe(from.length);
      };
      expectFold(await logs().queryRollups(q), rows, ['m1', 'm2']);
      // One minute at a time (bucket = granularity) gives the same sums.
      const minutes = await logs().queryRollups({ ...q, bucketMs: MIN, granularity: MIN, groupLimit: 1 });
      expect(minutes.reduce((a, r) => a + r.requests, 0)).toBe(7);
      expect(minutes.filter((r) => r.group === 'm1').map((r) => r.requests)).toEqual([3]);
      const openai = rows.filter((l) => l.provider === 'openai');
      expectFold(await logs().queryRollups({ ...q, providers: ['openai'], groupLimit: 1 }), openai, ['m1']);
      const byProvider = await logs().queryRollups({ ...q, groupBy: 'provider', models: ['m1', 'm2'], groupLimit: 1 });
      expect(byProvider.map((r) => [r.group, r.requests])).toEqual([['(other)', 2], ['openai', 3]]);
    });

    it('rolls up the first metadata keys of a gateway; later keys are read from the logs', async () => {
      const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, `v${i % 2}`]));
      const rows = [
        log({ at: T0 + 1, metadata: many }),
        log({ at: T0 + 2, metadata: { k0: 'v0', k11: 'v1' } }),
        log({ at: T0 + 3, metadata: { k0: 'v1' }, gateway: 'elsewhere' }),
      ];
      await write(rows);
      const q = { gateway: 'gw', from: T0, to: T0 + HOUR, bucketMs: HOUR, granularity: HOUR };
      const groups = async (key: string, over = {}) => (await logs().queryRollups({ ...q, groupBy: { metadata: key }, ...over })).map((r) => [r.group, r.requests]);
      expect(await groups('k0')).toEqual([['v0', 2]]);
      expect(await groups('k11')).toEqual([['v1', 2]]);
      expect(await groups('k0', { gateway: undefined })).toEqual([['v0', 2], ['v1', 1]]);
      // The rollups keep counting a deleted log, like every chart; the logs of a key past the
      // first ten (k11) are read as they are now.
      await logs().deleteLogs('gw', [{ key: 'id', operator: 'eq', value: [rows[1]!.id] }]);
      expect(await groups('k0')).toEqual([['v0', 2]]);
      expect(await groups('k11')).toEqual([['v1', 1]]);
      // Buckets under an hour read the logs too.
      expect(await groups('k0', { bucketMs: MIN, granularity: MIN })).toEqual([['v0', 1]]);
      const folded = await logs().queryRollups({ ...q, gateway: undefined, groupBy: { metadata: 'k0' }, groupLimit: 1 });
      expect(folded.map((r) => [r.group, r.requests])).toEqual([['(other)', 1], ['v0', 2]]);
    });
  });
}
