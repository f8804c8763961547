import * as v from 'valibot';
import type { Clock } from '../clock.ts';
import type { Logger } from '../gateway-deps.ts';
import type { MetaStore } from '../storage/types.ts';
import { openAiCompatible } from './openai-compatible.ts';
import type { ProviderDefinition } from './types.ts';

/** A `custom-{slug}` provider: OpenAI-compatible, at `baseUrl`, bearer auth unless `authHeader` says otherwise. */
export interface CustomProviderConfig {
  slug: string;
  baseUrl: string;
  authHeader?: string;
  /** Set when `baseUrl` is not https (a model on this host or network). */
  allowInsecure?: boolean;
}

/** A custom provider as the config file and the admin API write it (`base_url` also accepted). */
export const CustomProviderSchema = v.object({
  slug: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'slug must be lower-case letters, digits and -')),
  baseUrl: v.optional(v.pipe(v.string(), v.url())),
  base_url: v.optional(v.pipe(v.string(), v.url())),
  authHeader: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/, 'authHeader must be a header name'))),
  /** Allows an http:// base URL (a model on this host or network). Custom providers need https otherwise. */
  allowInsecure: v.optional(v.boolean()),
});

/** Checks one custom provider (`where` names its source in the message); https unless `allowInsecure`. */
export function customProviderFrom(input: v.InferOutput<typeof CustomProviderSchema>, where: string): CustomProviderConfig {
  const baseUrl = input.baseUrl ?? input.base_url;
  if (!baseUrl) throw new Error(`[aigw] [${where}] custom provider '${input.slug}' needs a baseUrl`);
  const protocol = new URL(baseUrl).protocol;
  if (protocol !== 'https:' && input.allowInsecure !== true) {
    throw new Error(`[aigw] [${where}] custom provider '${input.slug}' must use an https:// baseUrl (set "allowInsecure": true to allow ${protocol}// for a local model)`);
  }
  return {
    slug: input.slug,
    baseUrl,
    ...(input.authHeader ? { authHeader: input.authHeader.toLowerCase() } : {}),
    ...(input.allowInsecure ? { allowInsecure: true } : {}),
  };
}

const stripSlash = (url: string) => url.replace(/\/+$/, '');

/** The provider module of a custom provider; `AIGW_PROVIDER_CUSTOM_<SLUG>_URL` may move it. */
export function customProviderDefinition(c: CustomProviderConfig, providerUrls: Record<string, string>): ProviderDefinition {
  const id = `custom-${c.slug}`;
  return openAiCompatible({
    id,
    baseUrl: stripSlash(providerUrls[id] ?? c.baseUrl),
    authHeader: c.authHeader ?? 'authorization',
    compat: { format: 'openai', chatPath: 'chat/completions', embeddingsPath: 'embeddings', modelsPath: 'models' },
  });
}

const META_KEY = 'custom_providers';

/**
 * Custom providers added through the admin API. They are kept in the meta store (one JSON list, so
 * every instance on the database sees the same ones) and applied to the provider registry the
 * gateway serves from: at once in the instance that changed them, within `ttlMs` in the others
 * (`fresh()` before a request reads them again when they are older). Providers from the config
 * file are not stored and cannot be changed here.
 */
export class CustomProviderSync {
  private stored: CustomProviderConfig[] = [];
  private checkedAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<void> | undefined;

  constructor(
    private readonly deps: { meta: MetaStore; clock: Clock; logger: Logger },
    private readonly registry: Map<string, ProviderDefinition>,
    private readonly config: { providerUrls: Record<string, string>; customProviders: readonly CustomProviderConfig[] },
    private readonly ttlMs = 1000,
  ) {}

  /** A promise to await before serving when the stored list is due for a read; undefined when not. */
  fresh(): Promise<void> | undefined {
    if (this.reading) return this.reading;
    if (this.deps.clock.now() - this.checkedAt < this.ttlMs) return undefined;
    this.reading = this.load()
      .then(
        () => undefined,
        (err: unknown) => this.deps.logger.error('[aigw] [providers] could not read custom providers; keeping the ones in use', err),
      )
      .finally(() => {
        this.checkedAt = this.deps.clock.now();
        this.reading = undefined;
      });
    return this.reading;
  }

  /** The providers of the config file (read-only here). */
  get configured(): readonly CustomProviderConfig[] {
    return this.config.customProviders;
  }

  /** Reads the stored list (fresh from the database) for a change. */
  async load(): Promise<CustomProviderConfig[]> {
    const text = await this.deps.meta.getMeta(META_KEY);
    this.apply(text ? (JSON.parse(text) as CustomProviderConfig[]) : []);
    this.checkedAt = this.deps.clock.now();
    return this.stored;
  }

  /** Stores `list` as the admin-defined providers and serves it at once. */
  async save(list: CustomProviderConfig[]): Promise<void> {
    await this.deps.meta.setMeta(META_KEY, JSON.stringify(list));
    this.apply(list);
    this.checkedAt = this.deps.clock.now();
  }

  private apply(list: CustomProviderConfig[]): void {
    const fromConfig = new Set(this.config.customProviders.map((c) => c.slug));
    for (const old of this.stored) if (!fromConfig.has(old.slug)) this.registry.delete(`custom-${old.slug}`);
    this.stored = list.filter((c) => !fromConfig.has(c.slug));
    for (const c of this.stored) this.registry.set(`custom-${c.slug}`, customProviderDefinition(c, this.config.providerUrls));
  }
}
