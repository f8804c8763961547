import { Hono } from 'hono';
import type { GatewayDeps } from '../gateway-deps.ts';
import { ErrorCode, GatewayError, unknownGateway } from '../errors.ts';
import { MAX_METADATA_KEYS, type MetadataValue } from '../pipeline/request-options.ts';
import { LOG_ORDER_FIELDS, MAX_FILTERS, normalizeFilter, scanLimitFor } from '../observability/log-filter.ts';
import type { LogFilter, LogOrderField, LogPatch } from '../observability/log-store.ts';
import { ok, readJson } from './respond.ts';

const DEFAULT_PER_PAGE = 20;
const MAX_PER_PAGE = 100;

const invalid = (message: string) => new GatewayError(ErrorCode.invalidRequest, 400, `[aigw] [logs] ${message}`);
const notFound = (id: string) => new GatewayError(ErrorCode.notFound, 404, `[aigw] [logs] no log '${id.slice(0, 64)}' in this gateway`);

/** Query parameters that are shorthands for an `eq` filter. */
const SHORTHANDS = ['provider', 'model', 'success', 'cached', 'feedback', 'event_id', 'status_code'] as const;

/**
 * Filters from a query string: `filters` (a JSON array of `{key, operator, value}`, Cloudflare's
 * shape), shorthands (`provider=openai`, `success=false`, `metadata.user=u1`: `eq`), and the time
 * range `start_date` / `end_date` (inclusive; ISO-8601 or ms since the epoch).
 */
export function filtersFromQuery(url: URL): LogFilter[] {
  const filters: LogFilter[] = [];
  const raw = url.searchParams.get('filters');
  if (raw) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw invalid('filters is not valid JSON');
    }
    if (!Array.isArray(parsed)) throw invalid('filters must be a JSON array of {key, operator, value}');
    for (const f of parsed) filters.push(normalizeFilter(f));
  }
  for (const key of SHORTHANDS) {
    const values = url.searchParams.getAll(key);
    if (values.length) filters.push(normalizeFilter({ key, operator: 'eq', value: values }));
  }
  const metadataKeys = new Set([...url.searchParams.keys()].filter((k) => k.startsWith('metadata.')));
  for (const key of metadataKeys) filters.push(normalizeFilter({ key, operator: 'eq', value: url.searchParams.getAll(key) }));
  const start = url.searchParams.get('start_date');
  if (start) filters.push(shift(normalizeFilter({ key: 'created_at', operator: 'gt', value: [start] }), -1));
  const end = url.searchParams.get('end_date');
  if (end) filters.push(shift(normalizeFilter({ key: 'created_at', operator: 'lt', value: [end] }), 1));
  if (filters.length > MAX_FILTERS) throw invalid(`at most ${MAX_FILTERS} filters`);
  return filters;
}

/** Makes a strict time bound inclusive (ms precision). */
const shift = (f: LogFilter, by: number): LogFilter => ({ ...f, value: [(f.value[0] as number) + by] });

function parsePatch(body: unknown): LogPatch {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('expected a JSON object');
  const { feedback, score, metadata, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length) throw invalid(`cannot change ${unknown.join(', ')} (only feedback, score, metadata)`);
  const patch: LogPatch = {};
  if (feedback !== undefined) {
    if (feedback !== null && feedback !== -1 && feedback !== 0 && feedback !== 1) throw invalid('feedback must be -1, 0, 1 or null');
    patch.feedback = feedback;
  }
  if (score !== undefined) {
    if (score !== null && (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 100)) throw invalid('score must be a number from 0 to 100, or null');
    patch.score = score;
  }
  if (metadata !== undefined) patch.metadata = parseMetadata(metadata);
  return patch;
}

function parseMetadata(metadata: unknown): Record<string, MetadataValue> | null {
  if (metadata === null) return null;
  if (typeof metadata !== 'object' || Array.isArray(metadata)) throw invalid('metadata must be a flat JSON object or null');
  const entries = Object.entries(metadata as Record<string, unknown>);
  if (entries.length > MAX_METADATA_KEYS) throw invalid(`metadata: at most ${MAX_METADATA_KEYS} keys`);
  for (const [k, v] of entries) {
    if (!['string', 'number', 'boolean'].includes(typeof v)) throw invalid(`metadata '${k}' must be a string, number or boolean`);
    if (typeof v === 'number' && !Number.isFinite(v)) throw invalid(`metadata '${k}' must be a finite number`);
  }
  return metadata as Record<string, MetadataValue>;
}

/**
 * `/api/v1/gateways/{id}/logs`: list (filters, order, cursor pages), delete by filter, read one,
 * its request and response bodies, and PATCH feedback, score and metadata.
 */
export function logRoutes(deps: GatewayDeps) {
  const app = new Hono();
  const logs = () => deps.storage.logs;

  /** Logs outlive nothing: a gateway that never existed has none, and says so. */
  const gatewayOf = async (id: string | undefined) => {
    if (!id) throw unknownGateway('');
    if (id !== 'default' && !(await deps.storage.gateways.getGateway(id))) throw unknownGateway(id);
    return id;
  };

  app.get('/', async (c) => {
    const gateway = await gatewayOf(c.req.param('id'));
    const url = new URL(c.req.url);
    const filters = filtersFromQuery(url);
    const perPage = Number(url.searchParams.get('per_page') ?? DEFAULT_PER_PAGE);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) throw invalid(`per_page must be 1 to ${MAX_PER_PAGE}`);
    const orderBy = (url.searchParams.get('order_by') ?? 'created_at') as LogOrderField;
    if (!LOG_ORDER_FIELDS.includes(orderBy)) throw invalid(`order_by must be one of ${LOG_ORDER_FIELDS.join(', ')}`);
    const direction = url.searchParams.get('order_by_direction') ?? url.searchParams.get('direction') ?? 'desc';
    if (direction !== 'asc' && direction !== 'desc') throw invalid('order_by_direction must be asc or desc');
    const cursor = url.searchParams.get('cursor') ?? undefined;
    const scanLimit = scanLimitFor(filters, orderBy);
    const page = await logs().listLogs({ gateway, filters, orderBy, direction, limit: perPage, ...(cursor ? { cursor } : {}), ...(scanLimit ? { scanLimit } : {}) });
    const info: Record<string, unknown> = { count: page.logs.length, per_page: perPage, cursor: page.cursor ?? null, has_more: page.cursor !== undefined };
    if (filters.length === 0) info.total_count = await logs().countLogs(gateway);
    return ok(page.logs, info);
  });

  app.delete('/', async (c) => {
    const gateway = await gatewayOf(c.req.param('id'));
    const deleted = await logs().deleteLogs(gateway, filtersFromQuery(new URL(c.req.url)));
    return ok({ deleted });
  });

  app.get('/:logId', async (c) => {
    const gateway = await gatewayOf(c.req.param('id'));
    const log = await logs().getLog(gateway, c.req.param('logId'));
    if (!log) throw notFound(c.req.param('logId'));
    return ok(log);
  });

  app.patch('/:logId', async (c) => {
    const gateway = await gatewayOf(c.req.param('id'));
    const patch = parsePatch(await readJson(c.req.raw));
    const log = await logs().updateLog(gateway, c.req.param('logId'), patch);
    if (!log) throw notFound(c.req.param('logId'));
    return ok(log);
  });

  for (const part of ['request', 'response'] as const) {
    app.get(`/:logId/${part}`, async (c) => {
      const gateway = await gatewayOf(c.req.param('id'));
      const id = c.req.param('logId');
      const body = await logs().getLogBody(gateway, id, part);
      if (!body) {
        if (!(await logs().getLog(gateway, id))) throw notFound(id);
        throw new GatewayError(ErrorCode.notFound, 404, `[aigw] [logs] log '${id.slice(0, 64)}' has no ${part} body (not collected, or not text)`);
      }
      // An SSE body is served as plain text: it is a finished record, not a live stream.
      const type = body.content_type && !body.content_type.includes('event-stream') ? body.content_type : 'text/plain; charset=utf-8';
      return new Response(body.body, {
        headers: { 'content-type': type, 'aigw-body-truncated': String(body.truncated), 'aigw-body-content-type': body.content_type ?? '' },
      });
    });
  }

  return app;
}
