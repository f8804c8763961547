import type { GatewayDeps } from '../gateway-deps.ts';
import { ErrorCode, GatewayError } from '../errors.ts';
import type { ProviderKeyRecord } from './provider-key-store.ts';
import { SecretBox, secretProblem } from './secret-box.ts';
import { maskKey } from './mask-key.ts';

/** A stored key as the admin API shows it: never the key, never the ciphertext. */
export interface ProviderKeyView {
  id: string;
  provider: string;
  alias: string;
  masked: string;
  created_at: string;
}

/** A key picked for one request. */
export interface PickedKey {
  id: string;
  alias: string;
  key: string;
}

/** How long a key that answered 401 rests, and a 429 without Retry-After. */
const UNAUTHORIZED_COOLDOWN_MS = 5 * 60_000;
const RATE_LIMITED_COOLDOWN_MS = 60_000;
const MAX_COOLDOWN_MS = 3600_000;

export const view = (r: ProviderKeyRecord): ProviderKeyView => ({ id: r.id, provider: r.provider, alias: r.alias, masked: r.masked, created_at: r.created_at });

/** Additional data bound to a ciphertext: it decrypts only in its own row. */
export const keyContext = (r: Pick<ProviderKeyRecord, 'id' | 'gateway' | 'provider' | 'alias'>) => [r.gateway, r.provider, r.alias, r.id].join('\u0000');

/**
 * Stored provider keys (BYOK): encrypts on the way in, picks one per request round-robin among the
 * keys of an alias, and rests a key that the provider refused (401) or throttled (429) so the
 * next requests use its siblings. Records are cached per process for `ttlMs` like gateways;
 * round-robin position and rest periods are per process.
 */
export class ProviderKeys {
  private box: Promise<SecretBox> | undefined;
  private readonly cache = new Map<string, { records: ProviderKeyRecord[]; expires: number }>();
  private readonly turns = new Map<string, number>();
  private readonly resting = new Map<string, number>();

  constructor(
    private readonly deps: Pick<GatewayDeps, 'storage' | 'clock' | 'env' | 'ids'>,
    private readonly ttlMs = 1000,
  ) {}

  /** The box over `AIGW_SECRET_KEY` (+ `AIGW_SECRET_KEY_PREVIOUS`); a 503-style error when unset. */
  secretBox(): Promise<SecretBox> {
    const secret = this.deps.env.AIGW_SECRET_KEY;
    const problem = secretProblem(secret);
    if (problem) return Promise.reject(new GatewayError(ErrorCode.secretKeyMissing, 503, `[aigw] [keys] ${problem}: stored provider keys are unavailable`));
    const previous = (this.deps.env.AIGW_SECRET_KEY_PREVIOUS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    this.box ??= SecretBox.create(secret!, previous);
    return this.box;
  }

  async add(input: { gateway: string; provider: string; alias: string; key: string }): Promise<ProviderKeyView> {
    const box = await this.secretBox();
    const base = { id: this.deps.ids.uuid(), gateway: input.gateway, provider: input.provider, alias: input.alias };
    const record: ProviderKeyRecord = {
      ...base,
      ciphertext: await box.seal(input.key, keyContext(base)),
      masked: maskKey(input.key),
      created_at: new Date(this.deps.clock.now()).toISOString(),
    };
    if (!(await this.deps.storage.providerKeys.createProviderKey(record))) throw new Error('[aigw] [keys] duplicate key id');
    this.cache.delete(cacheKey(record.gateway, record.provider, record.alias));
    return view(record);
  }

  async remove(gateway: string, id: string): Promise<boolean> {
    const deleted = await this.deps.storage.providerKeys.deleteProviderKey(gateway, id);
    if (deleted) for (const key of [...this.cache.keys()]) if (key.startsWith(`${gateway}\n`)) this.cache.delete(key);
    return deleted;
  }

  private async records(gateway: string, provider: string, alias: string): Promise<ProviderKeyRecord[]> {
    const key = cacheKey(gateway, provider, alias);
    const now = this.deps.clock.now();
    const hit = this.cache.get(key);
    if (hit && hit.expires > now) return hit.records;
    const records = await this.deps.storage.providerKeys.findProviderKeys(gateway, provider, alias);
    this.cache.set(key, { records, expires: now + this.ttlMs });
    return records;
  }

  /**
   * The next key of `alias` for `provider` on `gateway`, skipping resting keys (when every key
   * rests, the one that wakes first). Undefined when the alias holds no key for the provider.
   */
  async pick(gateway: string, provider: string, alias: string): Promise<PickedKey | undefined> {
    const records = await this.records(gateway, provider, alias);
    if (records.length === 0) return undefined;
    const turnKey = cacheKey(gateway, provider, alias);
    const turn = this.turns.get(turnKey) ?? 0;
    this.turns.set(turnKey, (turn + 1) % 1_000_000_007);
    const now = this.deps.clock.now();
    let chosen: ProviderKeyRecord | undefined;
    let soonest: ProviderKeyRecord | undefined;
    for (let i = 0; i < records.length; i++) {
      const r = records[(turn + i) % records.length]!;
      const until = this.resting.get(r.id) ?? 0;
      if (until <= now) {
        chosen = r;
        break;
      }
      if (!soonest || until < (this.resting.get(soonest.id) ?? 0)) soonest = r;
    }
    const record = chosen ?? soonest!;
    const box = await this.secretBox();
    return { id: record.id, alias: record.alias, key: await box.open(record.ciphertext, keyContext(record)) };
  }

  /** What the provider answered with a stored key: 401 and 429 rest the key. */
  report(id: string, status: number, retryAfter: string | null): void {
    if (status !== 401 && status !== 429) return;
    let ms = status === 401 ? UNAUTHORIZED_COOLDOWN_MS : RATE_LIMITED_COOLDOWN_MS;
    const seconds = retryAfter === null ? NaN : Number(retryAfter);
    if (status === 429 && Number.isFinite(seconds) && seconds > 0) ms = Math.min(seconds * 1000, MAX_COOLDOWN_MS);
    this.resting.set(id, this.deps.clock.now() + ms);
  }

  /** Clock time until which a key rests (0: not resting). */
  restingUntil(id: string): number {
    return this.resting.get(id) ?? 0;
  }
}

const cacheKey = (gateway: string, provider: string, alias: string) => `${gateway}\n${provider}\n${alias}`;
