import * as v from 'valibot';

/** Default similarity a semantic match needs (see docs/cache.md for how it was chosen). */
export const DEFAULT_SEMANTIC_THRESHOLD = 0.92;

/** An embedder that calls a provider's OpenAI-style embeddings endpoint. */
export const ProviderEmbedderSchema = v.strictObject({
  /** A provider id served by this gateway (`openai`, `custom-…`). */
  provider: v.pipe(v.string(), v.minLength(1)),
  /** Embedding model, e.g. `text-embedding-3-small`. */
  model: v.pipe(v.string(), v.minLength(1)),
  /** Path after the provider's base URL. Default `embeddings`. */
  path: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.\-/]+$/, 'path must be a plain relative path'))),
  /** Sent as `dimensions` when set. */
  dimensions: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(8192))),
  /**
   * Name of an environment variable holding the key for the embeddings call. Without it, the
   * request's own credential is reused, which works only when `provider` is the request's provider.
   */
  api_key_env: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/))),
});

/** `semantic_cache` gateway setting: `{enabled, threshold, embedder}`. */
export const SemanticCacheSettingsSchema = v.strictObject({
  enabled: v.boolean(),
  /** Cosine similarity from 0 to 1 at or above which a cached response answers. */
  threshold: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  /** `ngram` (built-in, default) or a provider embedder. */
  embedder: v.optional(v.union([v.literal('ngram'), ProviderEmbedderSchema])),
});

export type SemanticCacheSettings = v.InferOutput<typeof SemanticCacheSettingsSchema>;
export type ProviderEmbedderSettings = v.InferOutput<typeof ProviderEmbedderSchema>;
