import type { Clock } from './clock.ts';
import type { GatewayRecord, Storage } from './storage/types.ts';
import { defaultSettings, type GatewaySettings } from './config/settings.ts';

/** Settings with every default filled in. */
export type EffectiveSettings = GatewaySettings & typeof defaultSettings;

export interface ResolvedGateway {
  id: string;
  settings: EffectiveSettings;
}

/**
 * Finds gateway records for the hot path. Records are cached per process for `ttlMs` so a request
 * does not cost a database read; admin changes made through this process invalidate at once, and
 * changes made by another instance are seen within `ttlMs`.
 */
export class GatewayResolver {
  private readonly cache = new Map<string, { gateway: ResolvedGateway | undefined; expires: number }>();

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly options: { ttlMs: number; autoCreate: boolean },
  ) {}

  async resolve(id: string): Promise<ResolvedGateway | undefined> {
    const now = this.clock.now();
    const hit = this.cache.get(id);
    if (hit && hit.expires > now) return hit.gateway;

    let record = await this.storage.gateways.getGateway(id);
    if (!record && this.options.autoCreate) record = await this.create(id, {});
    const gateway = record
      ? { id, settings: { ...defaultSettings, ...record.settings } }
      : id === 'default'
        ? { id, settings: { ...defaultSettings } }
        : undefined;
    this.cache.set(id, { gateway, expires: now + this.options.ttlMs });
    return gateway;
  }

  /** Inserts a gateway if it does not exist yet; resolves the stored record either way. */
  async create(id: string, settings: GatewaySettings): Promise<GatewayRecord | undefined> {
    const at = new Date(this.clock.now()).toISOString();
    await this.storage.gateways.createGateway({ id, settings, created_at: at, modified_at: at });
    this.invalidate(id);
    return this.storage.gateways.getGateway(id);
  }

  invalidate(id: string): void {
    this.cache.delete(id);
  }
}
