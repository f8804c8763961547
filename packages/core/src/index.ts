/**
 * @module @aigw/core
 * The runtime-agnostic core of aigw: a Hono app that proxies LLM provider APIs with the URL and
 * `cf-aig-*` header contract of Cloudflare AI Gateway. Runtimes inject storage, clock, fetch, ids.
 */
export { createGateway, type Gateway, type GatewayOptions, type Logger } from './gateway.ts';
export { resolveConfig, DEFAULT_MAX_BODY_BYTES, type GatewayConfig, type CustomProviderConfig, type Env } from './config/config.ts';
export { GatewaySettingsSchema, defaultSettings, parseSettings, type GatewaySettings } from './config/settings.ts';
export { GatewayError, ErrorCode, errorResponse } from './errors.ts';
export { systemClock, type Clock } from './clock.ts';
export { uuidv7Ids, type IdGenerator } from './ids.ts';
export { createMemoryStorage } from './storage/memory.ts';
export type { Storage, GatewayStore, GatewayRecord, MetaStore, MaybePromise } from './storage/types.ts';
export { builtinProviders, createProviderRegistry, type ProviderRegistry } from './providers/registry.ts';
export { openAiCompatible } from './providers/openai-compatible.ts';
export type { ProviderDefinition, Usage, RouteResult, ProviderRequest } from './providers/types.ts';
