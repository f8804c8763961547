import { invalidHeader } from '../errors.ts';

export type Backoff = 'constant' | 'linear' | 'exponential';
export type MetadataValue = string | number | boolean;

/** The per-request `cf-aig-*` headers (SPEC §3.4), validated. Absent headers stay undefined. */
export interface RequestOptions {
  /** `cf-aig-authorization: Bearer T`: the gateway token. */
  gatewayToken?: string;
  cacheTtl?: number;
  skipCache: boolean;
  cacheKey?: string;
  collectLog?: boolean;
  collectLogPayload: boolean;
  metadata?: Record<string, MetadataValue>;
  customCost?: { per_token_in: number; per_token_out: number } | { total_cost: number };
  requestTimeout?: number;
  maxAttempts?: number;
  retryDelay?: number;
  backoff?: Backoff;
  eventId?: string;
  byokAlias?: string;
}

/** Most metadata keys a request may carry (Cloudflare allows 5). */
export const MAX_METADATA_KEYS = 20;
const MAX_METADATA_VALUE_LENGTH = 1024;
const MIN_CACHE_TTL = 60;
const MAX_CACHE_TTL = 30 * 24 * 3600;

/** Reads and validates every `cf-aig-*` header; a bad value is a 400 (code 2102) naming the header. */
export function parseRequestOptions(headers: Headers): RequestOptions {
  const options: RequestOptions = { skipCache: false, collectLogPayload: true };
  const get = (name: string) => headers.get(name) ?? undefined;

  const auth = get('cf-aig-authorization');
  if (auth !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (!match) throw invalidHeader('cf-aig-authorization', "expected 'Bearer <token>'");
    options.gatewayToken = match[1];
  }
  const ttl = get('cf-aig-cache-ttl');
  if (ttl !== undefined) options.cacheTtl = integer('cf-aig-cache-ttl', ttl, MIN_CACHE_TTL, MAX_CACHE_TTL);
  const skip = get('cf-aig-skip-cache');
  if (skip !== undefined) options.skipCache = boolean('cf-aig-skip-cache', skip);
  const key = get('cf-aig-cache-key');
  if (key !== undefined) {
    if (key.length === 0 || key.length > 1024) throw invalidHeader('cf-aig-cache-key', 'must be 1-1024 characters');
    options.cacheKey = key;
  }
  const collect = get('cf-aig-collect-log');
  if (collect !== undefined) options.collectLog = boolean('cf-aig-collect-log', collect);
  const payload = get('cf-aig-collect-log-payload');
  if (payload !== undefined) options.collectLogPayload = boolean('cf-aig-collect-log-payload', payload);
  const metadata = get('cf-aig-metadata');
  if (metadata !== undefined) options.metadata = parseMetadata(metadata);
  const cost = get('cf-aig-custom-cost');
  if (cost !== undefined) options.customCost = parseCustomCost(cost);
  const timeout = get('cf-aig-request-timeout');
  if (timeout !== undefined) options.requestTimeout = integer('cf-aig-request-timeout', timeout, 1, 3_600_000);
  const attempts = get('cf-aig-max-attempts');
  if (attempts !== undefined) options.maxAttempts = integer('cf-aig-max-attempts', attempts, 1, 5);
  const delay = get('cf-aig-retry-delay');
  if (delay !== undefined) options.retryDelay = integer('cf-aig-retry-delay', delay, 0, 5000);
  const backoff = get('cf-aig-backoff');
  if (backoff !== undefined) {
    if (backoff !== 'constant' && backoff !== 'linear' && backoff !== 'exponential') {
      throw invalidHeader('cf-aig-backoff', 'expected constant, linear or exponential');
    }
    options.backoff = backoff;
  }
  const eventId = get('cf-aig-event-id');
  if (eventId !== undefined) {
    if (eventId.length === 0 || eventId.length > 256) throw invalidHeader('cf-aig-event-id', 'must be 1-256 characters');
    options.eventId = eventId;
  }
  const alias = get('cf-aig-byok-alias');
  if (alias !== undefined) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(alias)) throw invalidHeader('cf-aig-byok-alias', 'must be 1-64 of A-Z a-z 0-9 _ . -');
    options.byokAlias = alias;
  }
  return options;
}

function integer(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw invalidHeader(name, `expected an integer from ${min} to ${max}`);
  return n;
}

function boolean(name: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw invalidHeader(name, 'expected true or false');
}

function json(name: string, value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw invalidHeader(name, 'not valid JSON');
  }
}

function parseMetadata(value: string): Record<string, MetadataValue> {
  const parsed = json('cf-aig-metadata', value);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidHeader('cf-aig-metadata', 'expected a JSON object');
  const entries = Object.entries(parsed);
  if (entries.length > MAX_METADATA_KEYS) throw invalidHeader('cf-aig-metadata', `at most ${MAX_METADATA_KEYS} keys`);
  for (const [k, v] of entries) {
    if (!['string', 'number', 'boolean'].includes(typeof v)) throw invalidHeader('cf-aig-metadata', `'${k}' must be a string, number or boolean`);
    if (k.length > 128 || (typeof v === 'string' && v.length > MAX_METADATA_VALUE_LENGTH)) throw invalidHeader('cf-aig-metadata', `'${k}' is too long`);
  }
  return parsed as Record<string, MetadataValue>;
}

function parseCustomCost(value: string): RequestOptions['customCost'] {
  const parsed = json('cf-aig-custom-cost', value) as Record<string, unknown> | null;
  const isCost = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x >= 0;
  if (parsed && isCost(parsed.total_cost)) return { total_cost: parsed.total_cost as number };
  if (parsed && isCost(parsed.per_token_in) && isCost(parsed.per_token_out)) {
    return { per_token_in: parsed.per_token_in as number, per_token_out: parsed.per_token_out as number };
  }
  throw invalidHeader('cf-aig-custom-cost', 'expected {"per_token_in": n, "per_token_out": n} or {"total_cost": n}');
}
