import type { RequestOptions } from '../pipeline/request-options.ts';
import type { Usage } from '../providers/types.ts';
import { priceTable, type PriceEntry, type PriceTable } from './prices.ts';

/**
 * What may follow a listed model id for a longer name to share its price: snapshot dates and
 * versions only (`-2024-08-06`, `-20250929`, `@20250929`, `-v1:0`, `-001`, `-2411`, `-08-2024`,
 * `-latest`, `-preview-09-2025`). Anything else is another model (`gpt-5-pro`, `o1-pro`,
 * `claude-opus-4-6`), which must be listed itself or cost null rather than its sibling's price.
 */
const SNAPSHOT_SUFFIX = /^(?:[-@](?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4}|\d{3}|\d{2}-\d{4}|latest|preview(?:-\d{2}-\d{2}(?:\d{2})?|-\d{2}-\d{4})?|v\d+))+(?::\d+)?$|^:\d+$/;
const MEMO_LIMIT = 2000;

/**
 * Finds model prices in a `PriceTable`. Lookups are memoised (bounded), so the per-request cost is
 * one map read once a model has been seen.
 */
export class PriceBook {
  private readonly memo = new Map<string, PriceEntry | null>();
  private readonly sortedKeys = new Map<string, string[]>();

  constructor(readonly table: PriceTable = priceTable) {}

  /**
   * Prices of `model` at `provider`, or undefined when the table does not know the model. A dated
   * or versioned snapshot finds its base id (`gpt-4o-2024-08-06` → `gpt-4o`,
   * `claude-sonnet-4-5-20250929` → `claude-sonnet-4-5`); a different model never does.
   */
  lookup(provider: string, model: string | undefined): PriceEntry | undefined {
    if (!model) return undefined;
    const key = `${provider}\u0000${model}`;
    let entry = this.memo.get(key);
    if (entry === undefined) {
      entry = this.find(provider, model) ?? null;
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      this.memo.set(key, entry);
    }
    return entry ?? undefined;
  }

  private find(provider: string, model: string): PriceEntry | undefined {
    const providers = this.providerChain(provider);
    for (const name of candidates(model)) {
      for (const p of providers) {
        const hit = this.exactOrPrefix(p, name);
        if (hit) return hit;
      }
    }
    return undefined;
  }

  /** The provider, then the providers it inherits from (depth first, each once). */
  private providerChain(provider: string, seen = new Set<string>()): string[] {
    if (seen.has(provider)) return [];
    seen.add(provider);
    const out = [provider];
    for (const parent of this.table.providers[provider]?.inherits ?? []) out.push(...this.providerChain(parent, seen));
    return out;
  }

  private exactOrPrefix(provider: string, model: string): PriceEntry | undefined {
    const models = this.table.providers[provider]?.models;
    if (!models) return undefined;
    const exact = models[model];
    if (exact) return exact;
    let keys = this.sortedKeys.get(provider);
    if (!keys) {
      keys = Object.keys(models).sort((a, b) => b.length - a.length);
      this.sortedKeys.set(provider, keys);
    }
    for (const k of keys) {
      if (model.length > k.length && model.startsWith(k) && SNAPSHOT_SUFFIX.test(model.slice(k.length))) return models[k];
    }
    return undefined;
  }
}

/**
 * Names to try for a model id: as given; lower-case; without a reseller's `vendor/` prefix
 * (OpenRouter); without Bedrock's `region.` and `vendor.` prefixes; with dots in version numbers as
 * dashes (`claude-sonnet-4.5` → `claude-sonnet-4-5`).
 */
function candidates(model: string): string[] {
  const out = new Set<string>([model, model.toLowerCase()]);
  const lower = model.toLowerCase();
  const slash = lower.lastIndexOf('/');
  const base = slash >= 0 && !lower.startsWith('@') ? lower.slice(slash + 1) : lower;
  out.add(base);
  const bedrock = base.replace(/^(?:us|eu|apac|au|jp|ca|global|us-gov)\./, '').replace(/^[a-z0-9-]+\.(?=[a-z])/, '');
  out.add(bedrock);
  for (const name of [...out]) out.add(name.replace(/(\d)\.(\d)/g, '$1-$2'));
  return [...out];
}

export interface CostInput {
  usage: Usage | undefined;
  price: PriceEntry | undefined;
  customCost: RequestOptions['customCost'];
  /** Served from the gateway's cache: costs nothing. */
  cached: boolean;
  status: number;
}

/**
 * The cost of one request in USD, or null when it cannot be known (unknown model, no usage).
 * `cf-aig-custom-cost` wins over the table; a cache hit costs 0; a failed request that reported no
 * usage costs 0 (providers do not bill requests they refused).
 *
 * @example
 * computeCost({ usage: { tokensIn: 1000, tokensOut: 100 }, price: [2.5, 10], customCost: undefined, cached: false, status: 200 })
 * // 0.0035
 */
export function computeCost({ usage, price, customCost, cached, status }: CostInput): number | null {
  if (cached) return 0;
  if (customCost && 'total_cost' in customCost) return customCost.total_cost;
  const tokensIn = usage?.tokensIn;
  const tokensOut = usage?.tokensOut;
  if (tokensIn === undefined && tokensOut === undefined) return status >= 400 ? 0 : null;
  if (customCost) return (tokensIn ?? 0) * customCost.per_token_in + (tokensOut ?? 0) * customCost.per_token_out;
  if (!price) return null;
  const [input, output, cachedInput = input] = price;
  const cachedTokens = Math.min(usage?.cachedTokensIn ?? 0, tokensIn ?? 0);
  return (((tokensIn ?? 0) - cachedTokens) * input + cachedTokens * cachedInput + (tokensOut ?? 0) * output) / 1_000_000;
}
