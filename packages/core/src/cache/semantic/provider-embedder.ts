import type { GatewayDeps } from '../../gateway-deps.ts';
import type { ProxyContext } from '../../pipeline/context.ts';
import type { ProviderEmbedderSettings } from '../semantic-settings.ts';
import type { Embedder } from './embedder.ts';

/** An embeddings call slower than this gives up; the request continues without the semantic cache. */
export const EMBED_TIMEOUT_MS = 10_000;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** `data[0].embedding` of an OpenAI-style embeddings response, as floats or base64 little-endian float32. */
export function readEmbedding(body: unknown): Float32Array {
  const first = isObject(body) && Array.isArray(body.data) ? body.data[0] : undefined;
  const embedding = isObject(first) ? first.embedding : undefined;
  if (Array.isArray(embedding) && embedding.length > 0 && embedding.every((x) => typeof x === 'number')) return Float32Array.from(embedding);
  if (typeof embedding === 'string' && embedding.length > 0) {
    const binary = atob(embedding);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new Float32Array(bytes.buffer, 0, Math.floor(bytes.byteLength / 4));
  }
  throw new Error('response has no data[0].embedding');
}

/**
 * An embedder that calls a provider's OpenAI-style embeddings endpoint (`POST {base}/embeddings`
 * with `{model, input}`). The key comes from the environment variable `api_key_env`, or, without
 * one, from the request being served when it goes to the same provider.
 *
 * @example
 * const embedder = providerEmbedder({ provider: 'openai', model: 'text-embedding-3-small' }, deps);
 */
export function providerEmbedder(settings: ProviderEmbedderSettings, deps: Pick<GatewayDeps, 'providers' | 'fetch' | 'env' | 'clock'>): Embedder {
  const where = `[aigw] [cache] embedder ${settings.provider}/${settings.model}`;
  return {
    id: `provider:${settings.provider}:${settings.model}:${settings.path ?? 'embeddings'}:${settings.dimensions ?? 'default'}`,
    async embed(text: string, ctx: ProxyContext) {
      const provider = deps.providers.get(settings.provider);
      if (!provider) throw new Error(`${where}: unknown provider '${settings.provider}'`);
      if (provider.baseUrl.includes('{')) throw new Error(`${where}: provider base URL needs path parameters`);
      const url = new URL(`${provider.baseUrl}/${settings.path ?? 'embeddings'}`);
      const headers = new Headers({ 'content-type': 'application/json' });

      if (settings.api_key_env) {
        const key = deps.env[settings.api_key_env];
        if (!key) throw new Error(`${where}: environment variable ${settings.api_key_env} is not set`);
        headers.set(provider.authHeader, provider.authHeader === 'authorization' ? `Bearer ${key}` : key);
      } else if (ctx.provider.id === provider.id) {
        for (const name of new Set([provider.authHeader, ...(provider.credentialHeaders ?? [])])) {
          const value = ctx.headers.get(name);
          if (value !== null) headers.set(name, value);
        }
        for (const name of provider.credentialQuery ?? []) for (const value of ctx.url.searchParams.getAll(name)) url.searchParams.append(name, value);
      } else {
        throw new Error(`${where}: set api_key_env to embed requests to another provider ('${ctx.provider.id}')`);
      }

      const controller = new AbortController();
      const abort = () => controller.abort(ctx.signal.reason);
      ctx.signal.addEventListener('abort', abort, { once: true });
      deps.clock.sleep(EMBED_TIMEOUT_MS, controller.signal).then(
        () => controller.abort(new Error(`${where}: timed out after ${EMBED_TIMEOUT_MS} ms`)),
        () => undefined,
      );
      try {
        const body = { model: settings.model, input: text, encoding_format: 'float', ...(settings.dimensions ? { dimensions: settings.dimensions } : {}) };
        const res = await deps.fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: controller.signal });
        if (!res.ok) {
          await res.body?.cancel();
          throw new Error(`${where}: HTTP ${res.status}`);
        }
        return readEmbedding(await res.json());
      } finally {
        ctx.signal.removeEventListener('abort', abort);
        controller.abort();
      }
    },
  };
}
