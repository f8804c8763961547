import type { ProxyContext } from '../../pipeline/context.ts';

/** Turns the text of a request into a vector. Vectors are compared only within one embedder `id`. */
export interface Embedder {
  /** Names the vector space (embedder, model, dimensions); part of every semantic scope. */
  readonly id: string;
  /** Embeds `text`; `ctx` is the request being served (its credential, its abort signal). */
  embed(text: string, ctx: ProxyContext): Promise<Float32Array>;
}
