import * as v from 'valibot';
import { GatewaySettingsSchema, type GatewaySettings } from './settings.ts';
import { customProviderFrom, CustomProviderSchema, type CustomProviderConfig } from '../providers/custom-providers.ts';

export type { CustomProviderConfig };

const ProviderOverrideSchema = v.strictObject({ baseUrl: v.pipe(v.string(), v.url()) });

const ConfigFileSchema = v.object({
  providers: v.optional(v.record(v.string(), ProviderOverrideSchema)),
  customProviders: v.optional(v.array(CustomProviderSchema)),
  gateways: v.optional(v.record(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/)), GatewaySettingsSchema)),
  accountId: v.optional(v.string()),
  autoCreateGateways: v.optional(v.boolean()),
  maxBodyBytes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
});

export type ConfigFile = v.InferOutput<typeof ConfigFileSchema>;

/** The configuration the gateway runs with, after file, inline JSON and env are merged. */
export interface GatewayConfig {
  /** Provider id → base URL override. */
  providerUrls: Record<string, string>;
  customProviders: CustomProviderConfig[];
  /** Gateways that exist from start; seeded into storage when absent. */
  gateways: Record<string, GatewaySettings>;
  /** When set, requests naming another account get 404 code 2001. */
  accountId?: string;
  /** Unknown gateways named in a request are created on first use with default settings. */
  autoCreateGateways: boolean;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
}

export const DEFAULT_MAX_BODY_BYTES = 25 * 1024 * 1024;

export type Env = Record<string, string | undefined>;

/**
 * Merges the configuration sources of SPEC §2: the config file, then `AIGW_CONFIG_JSON`, then
 * single env variables (`AIGW_ACCOUNT_ID`, `AIGW_PROVIDER_<NAME>_URL`, `AIGW_MAX_BODY_BYTES`,
 * `AIGW_AUTO_CREATE_GATEWAYS`).
 * Later sources win. Reading the file is the app's job: pass its text.
 *
 * @example
 * const config = resolveConfig({ env: { AIGW_ACCOUNT_ID: 'acme' }, fileText: configFileText });
 */
export function resolveConfig(sources: { env?: Env; fileText?: string; file?: unknown } = {}): GatewayConfig {
  const env = sources.env ?? {};
  const layers: ConfigFile[] = [];
  if (sources.file !== undefined) layers.push(parseConfig(sources.file, 'config'));
  if (sources.fileText) layers.push(parseConfig(parseJson(sources.fileText, env.AIGW_CONFIG ?? 'config file'), env.AIGW_CONFIG ?? 'config file'));
  if (env.AIGW_CONFIG_JSON) layers.push(parseConfig(parseJson(env.AIGW_CONFIG_JSON, 'AIGW_CONFIG_JSON'), 'AIGW_CONFIG_JSON'));

  const config: GatewayConfig = { providerUrls: {}, customProviders: [], gateways: {}, autoCreateGateways: false, maxBodyBytes: DEFAULT_MAX_BODY_BYTES };
  for (const layer of layers) {
    for (const [id, p] of Object.entries(layer.providers ?? {})) config.providerUrls[id] = p.baseUrl;
    for (const c of layer.customProviders ?? []) {
      config.customProviders = config.customProviders.filter((x) => x.slug !== c.slug);
      config.customProviders.push(customProviderFrom(c, 'config'));
    }
    Object.assign(config.gateways, layer.gateways);
    if (layer.accountId) config.accountId = layer.accountId;
    if (layer.autoCreateGateways !== undefined) config.autoCreateGateways = layer.autoCreateGateways;
    if (layer.maxBodyBytes) config.maxBodyBytes = layer.maxBodyBytes;
  }

  for (const [name, value] of Object.entries(env)) {
    const match = /^AIGW_PROVIDER_([A-Z0-9_]+)_URL$/.exec(name);
    if (match?.[1] && value) config.providerUrls[match[1].toLowerCase().replaceAll('_', '-')] = value;
  }
  if (env.AIGW_ACCOUNT_ID) config.accountId = env.AIGW_ACCOUNT_ID;
  if (env.AIGW_AUTO_CREATE_GATEWAYS) config.autoCreateGateways = env.AIGW_AUTO_CREATE_GATEWAYS === 'true';
  if (env.AIGW_MAX_BODY_BYTES) {
    const n = Number(env.AIGW_MAX_BODY_BYTES);
    if (!Number.isInteger(n) || n < 1) throw new Error('[aigw] [config] AIGW_MAX_BODY_BYTES must be a positive integer');
    config.maxBodyBytes = n;
  }
  return config;
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`[aigw] [config] ${where} is not valid JSON: ${(err as Error).message}`);
  }
}

function parseConfig(input: unknown, where: string): ConfigFile {
  const result = v.safeParse(ConfigFileSchema, input);
  if (!result.success) throw new Error(`[aigw] [config] invalid ${where}: ${v.summarize(result.issues)}`);
  return result.output;
}
