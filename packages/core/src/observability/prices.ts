/**
 * The price table: USD per 1,000,000 tokens for the current text models of every provider in the
 * registry. This file is data; `cost.ts` reads it. To update a price, change the numbers, the
 * provider's `source`, the `checked` date, and nothing else.
 *
 * Each entry is `[input, output, cachedInput?]`. `cachedInput` is the price of input tokens read
 * from the provider's prompt cache; when absent they cost the full input price. A model is looked up
 * by exact id first, then by the longest listed id it extends with a snapshot suffix only (so
 * `gpt-4o-mini-2024-07-18` finds `gpt-4o-mini`, but `gpt-5-pro` does not find `gpt-5`). `inherits`
 * names other providers whose tables a provider falls back to (Azure serves OpenAI's models;
 * OpenRouter and Bedrock resell everyone's).
 *
 * Not expressible here, so costs are approximate for: prompt-length tiers (Gemini 2.5 Pro and 3.1
 * Pro and OpenAI's newest models above 200K/272K input tokens, Claude Haiku 5.5 above 100K: the lower
 * tier is stored), Anthropic cache writes (billed 1.25–2× input; counted at the input price),
 * DeepSeek's peak/off-peak hours, Batch/Flex/Priority tiers, regional-endpoint surcharges (Bedrock
 * and Vertex +10%: the global price is stored), prices with an end date (the price today is stored;
 * the entry's comment says when it changes).
 */
export type PriceEntry = readonly [input: number, output: number, cachedInput?: number];

/** Where a provider's prices were checked, and how well. */
export interface PriceSource {
  /** Pages the numbers were compared with; the provider's own page first when one was found. */
  urls: readonly string[];
  /** The copy that was read: its date, or why there is none. */
  stored: string;
  status: 'checked' | 'partly checked' | 'not checked';
  /** The day this provider was last compared (YYYY-MM-DD), when later than the table's `checked`. */
  checked?: string;
  note?: string;
}

export interface ProviderPrices {
  models: Readonly<Record<string, PriceEntry>>;
  inherits?: readonly string[];
  source?: PriceSource;
  /** Listed ids whose numbers no source found during the last check confirmed (kept from before). */
  unverified?: readonly string[];
}

export interface PriceTable {
  /**
   * The day the whole table was last compared (YYYY-MM-DD). A provider compared again since carries
   * its own, later `source.checked`.
   */
  checked: string;
  /** How `checked` was done: whether the numbers were compared with the providers' live price pages. */
  verification: string;
  currency: 'USD';
  unit: 'per 1M tokens';
  providers: Readonly<Record<string, ProviderPrices>>;
}

const RESELLERS = ['openai', 'anthropic', 'google-ai-studio', 'mistral', 'deepseek', 'grok', 'cohere', 'groq'];

export const priceTable: PriceTable = {
  checked: '2026-11-22',
  verification:
    'compared on 2026-11-22 with STORED copies of price pages found by a search index (no live web access): ' +
    'the official page where the index had one, else dated third-party reads of it; see each provider\'s `source` ' +
    'and `unverified`. google-ai-studio, grok and aws-bedrock (new) were compared again on 2026-11-23 the same way ' +
    '(their `source.checked`). NOT compared with the live pages.',
  currency: 'USD',
  unit: 'per 1M tokens',
  providers: {
    openai: {
      models: {
        'gpt-6-astra': [10, 50, 1],
        'gpt-6-sol': [2, 10, 0.2],
        'gpt-6-luna': [0.1, 0.5, 0.01],
        // gpt-5.6-sol: the list price. A promotional 4 / 20 / 0.4 from 2026-08-21 was announced "at least
        // through 2026-11-21"; no stored source says it was extended.
        'gpt-5.6-sol': [5, 30, 0.5],
        'gpt-5.6-terra': [2, 12, 0.2],
        'gpt-5.6-luna': [0.2, 1.2, 0.02],
        'gpt-5.5': [5, 30, 0.5],
        'gpt-5.5-pro': [30, 180],
        'gpt-5.4': [2.5, 15, 0.25],
        'gpt-5.4-mini': [0.75, 4.5, 0.075],
        'gpt-5.4-nano': [0.2, 1.25, 0.02],
        'gpt-5.4-pro': [30, 180],
        'gpt-5.2': [1.75, 14, 0.175],
        'gpt-5.2-pro': [21, 168],
        'gpt-5.1': [1.25, 10, 0.125],
        'gpt-5': [1.25, 10, 0.125],
        'gpt-5-pro': [15, 120],
        'gpt-5-mini': [0.25, 2, 0.025],
        'gpt-5-nano': [0.05, 0.4, 0.005],
        'gpt-4.1': [2, 8, 0.5],
        'gpt-4.1-mini': [0.4, 1.6, 0.1],
        'gpt-4.1-nano': [0.1, 0.4, 0.025],
        'gpt-4o': [2.5, 10, 1.25],
        'gpt-4o-mini': [0.15, 0.6, 0.075],
        'gpt-4-turbo': [10, 30],
        'gpt-3.5-turbo': [0.5, 1.5],
        o1: [15, 60, 7.5],
        'o1-mini': [1.1, 4.4, 0.55],
        o3: [2, 8, 0.5],
        'o3-mini': [1.1, 4.4, 0.55],
        'o4-mini': [1.1, 4.4, 0.275],
        'text-embedding-3-small': [0.02, 0],
        'text-embedding-3-large': [0.13, 0],
        'text-embedding-ada-002': [0.1, 0],
      },
      source: {
        urls: [
          'https://developers.openai.com/api/docs/pricing (official; no stored copy of it was found)',
          'https://raw.githubusercontent.com/anuran-roy/unified-llm-pricing/main/data/pricing.json (machine read of the official page)',
          'https://raw.githubusercontent.com/api-evangelist/openai/main/plans/openai-plans-pricing.yml',
          'https://github.com/TheKrush/PromptFuel/releases (v1.0.17–v1.0.21, citing the official page)',
          'https://raw.githubusercontent.com/github/docs/main/data/tables/copilot/models-and-pricing.yml',
          'https://benchlm.ai/blog/posts/openai-api-pricing',
          'https://deploybase.ai/articles/openai-pricing',
        ],
        stored: 'official page read by third parties on 2026-05-04, 2026-08-27 and 2026-09-13 (fetchedAt); gpt-6 sol/luna from a 2026-09-22 release note; deploybase table dated March 2026',
        status: 'partly checked',
        note: 'gpt-6-*, gpt-5.6-* and gpt-5.5 moved three times in Jul–Sep 2026; re-check first. Prices above 272K input tokens are higher and not modelled. Cached prices of o3, o3-mini, o4-mini and gpt-5-nano unconfirmed; o1-pro, o3-pro and *-codex ids are not listed (cost null).',
      },
      unverified: ['gpt-4-turbo', 'gpt-3.5-turbo', 'o1', 'o1-mini', 'text-embedding-ada-002'],
    },
    'azure-openai': { models: {}, inherits: ['openai'] },
    anthropic: {
      models: {
        // Model ids of Fable, Mythos and Opus 5 follow Anthropic's `claude-{family}-{major}-{minor}` scheme; the pages seen name the models, not all ids.
        // Fable 5.2 (2026-11-09) costs less than 5.1. Mythos 5.2 is not listed (cost null): no source gave its price.
        'claude-fable-5-2': [8, 40, 0.2],
        'claude-fable-5-1': [10, 50, 0.25],
        'claude-fable-5': [10, 50, 1],
        'claude-mythos-5-1': [10, 50, 0.25],
        'claude-mythos-5': [10, 50, 1],
        'claude-opus-5-5': [4, 20, 0.2],
        'claude-opus-5': [5, 25, 0.5],
        'claude-opus-4-8': [5, 25, 0.5],
        'claude-opus-4-7': [5, 25, 0.5],
        'claude-opus-4-6': [5, 25, 0.5],
        'claude-opus-4-5': [5, 25, 0.5],
        'claude-opus-4-1': [15, 75, 1.5],
        'claude-opus-4-0': [15, 75, 1.5],
        'claude-opus-4': [15, 75, 1.5],
        // Sonnet 5.5 cache reads were cut from 0.20 to 0.10 on 2026-10-07.
        'claude-sonnet-5-5': [2, 10, 0.1],
        'claude-sonnet-5': [2, 10, 0.2],
        'claude-sonnet-4-6': [3, 15, 0.3],
        'claude-sonnet-4-5': [3, 15, 0.3],
        'claude-sonnet-4-0': [3, 15, 0.3],
        'claude-sonnet-4': [3, 15, 0.3],
        'claude-3-7-sonnet': [3, 15, 0.3],
        'claude-3-5-sonnet': [3, 15, 0.3],
        // Haiku 5.5: prompts up to 100K tokens; longer prompts cost 0.50 / 2.50 / 0.05 (not modelled).
        'claude-haiku-5-5': [0.1, 0.5, 0.01],
        'claude-haiku-4-5': [1, 5, 0.1],
        'claude-3-5-haiku': [0.8, 4, 0.08],
        'claude-3-haiku': [0.25, 1.25, 0.03],
        'claude-3-opus': [15, 75, 1.5],
      },
      source: {
        urls: [
          'https://platform.claude.com/docs/en/about-claude/pricing (official)',
          'https://platform.claude.com/docs/zh-CN/about-claude/pricing (official, older copy)',
          'https://docs.anthropic.com/en/docs/about-claude/pricing (official, older copy: Sonnet 3.5)',
          'https://platform.claude.com/docs/about-claude/models/overview (official: Opus 5.5, Sonnet 5.5, Haiku 5.5)',
          'https://platform.claude.com/docs/zh-CN/models/sonnet-5/overview (official: Sonnet 5)',
          'https://github.com/kurofune/claudit/releases/tag/v1.9.2 (Haiku 5.5 tiers, Sonnet 5.5 cache cut, checked 2026-10-24)',
          'https://platform.claude.com/docs/en/models/fable-5-2/migration-guide (official: ids claude-fable-5-2 and claude-mythos-5-2; the stored copy shows no price)',
          'https://docs.laozhang.ai/en/announcements/claude-fable-5-2-2026-11.md (Fable 5.2 at "Anthropic\'s list price", verified 2026-11-10)',
          'https://github.com/archid21/rightsize/releases/tag/v0.10.2 (Fable 5.2 row of the pricing page)',
        ],
        stored: 'official pages, undated copies; the newest lists Claude Fable 5.1 and Opus 5.5; cache-cut note dated 2026-10-24; Fable 5.2 from third-party reads of 2026-11-10',
        status: 'partly checked',
        note: 'Every id but claude-fable-5-2 was compared with the official pages. claude-fable-5-2 (added 2026-11-23): 8 / 40 / 0.20 in two third-party reads of the official page. claude-mythos-5-2 and claude-mythos-preview are named by @anthropic-ai/sdk 1.12.0 but not listed: no source gave their price. Cache writes (1.25× input for 5 min, 2× for 1 h) are counted at the input price. Bedrock and Vertex regional endpoints add 10% for newer models.',
      },
    },
    'google-ai-studio': {
      models: {
        // Gemini 3.8 Flash: an introductory price "through December 31, 2026"; from 2027-01-01 it is 1.50 / 7.50.
        'gemini-3.8-flash': [0.75, 3.75],
        'gemini-3.5-flash': [1.5, 9, 0.15],
        'gemini-3.5-flash-lite': [0.3, 2.5],
        // 3.1 Pro above 200K prompt tokens: 4 / 18 (not modelled).
        'gemini-3.1-pro-preview': [2, 12, 0.2],
        'gemini-3.1-pro-preview-customtools': [2, 12, 0.2],
        'gemini-3.1-flash-lite': [0.25, 1.5, 0.025],
        'gemini-3-flash-preview': [0.5, 3, 0.05],
        'gemini-3-pro-preview': [2, 12, 0.2],
        'gemini-2.5-pro': [1.25, 10, 0.125],
        'gemini-2.5-flash': [0.3, 2.5, 0.03],
        'gemini-2.5-flash-lite': [0.1, 0.4, 0.01],
        'gemini-2.0-flash': [0.1, 0.4, 0.025],
        'gemini-2.0-flash-lite': [0.075, 0.3],
        'gemini-1.5-pro': [1.25, 5],
        'gemini-1.5-flash': [0.075, 0.3],
        'text-embedding-004': [0, 0],
        'gemini-embedding-001': [0.15, 0],
        'gemini-embedding-2': [0.2, 0],
      },
      source: {
        urls: [
          'https://ai.google.dev/gemini-api/docs/pricing (official; no stored copy of it was found)',
          'https://raw.githubusercontent.com/api-evangelist/deepmind/refs/heads/main/plans/deepmind-plans-pricing.yml (official page transcribed 2026-10-07: 3.8 Flash, 3.5 Flash, 3.5 Flash-Lite, 3.1 Pro Preview, Embedding 2)',
          'https://raw.githubusercontent.com/api-evangelist/gemini/refs/heads/main/plans/gemini-plans-pricing.yml (official page transcribed 2026-09-20)',
          'https://factquire.com/models/google/gemini-3-flash-preview.json (quotes the official page, 2026-07-04)',
          'https://macaron.im/blog/gemini-flash-lite-pricing (3.1 Flash-Lite, from the official page of 2026-03-03)',
          'https://modelpedia.dev/google/gemini-3.1-flash-lite-preview',
          'https://cloudprice.net/models/vertex_ai%2Fgemini-3.1-pro-preview?priceUnit=1m (3.1 Pro Preview cache read)',
          'https://wowhow.cloud/blogs/gemini-3-5-flash-complete-developer-guide-api-benchmarks-pricing-2026 (3.5 Flash cache read)',
          'https://docs.cloud.google.com/vertex-ai/generative-ai/docs/models/gemini/3-1-pro (official: customtools priced as 3.1 Pro)',
          'https://deploybase.ai/articles/gemini-api-pricing ("data from Google\'s official pricing page", March 2026)',
          'https://aifreeapi.com/en/posts/gemini-api-pricing-2026 (January 2026)',
        ],
        stored: 'machine transcriptions of the official page dated 2026-09-20 and 2026-10-07; third-party reads of it, January–July 2026',
        status: 'partly checked',
        checked: '2026-11-23',
        note: 'Input and output of 3.8 Flash, 3.5 Flash, 3.5 Flash-Lite, 3.1 Pro Preview and Embedding 2 from the 2026-10-07 transcription; it confirms 2.5 Pro, 2.5 Flash and 2.5 Flash-Lite too. Cache reads of 3.5 Flash (0.15) and 3.1 Pro Preview (0.20) from third-party pages; none found for 3.8 Flash and 3.5 Flash-Lite (counted at the input price). Ids gemini-3.8-flash, gemini-3.5-flash-lite and gemini-embedding-2 as used in public code. 3.8 Flash rises to 1.50 / 7.50 on 2027-01-01: change the entry then. 2.5 Pro above 200K prompt tokens costs 2.50 / 15, 3.1 Pro 4 / 18 (not modelled). gemini-3.6-flash and gemini-3.7-flash appear in public code; no price was found (cost null).',
      },
      unverified: ['gemini-2.0-flash', 'gemini-2.0-flash-lite', 'gemini-1.5-pro', 'gemini-1.5-flash', 'text-embedding-004', 'gemini-embedding-001'],
    },
    'google-vertex-ai': { models: {}, inherits: ['google-ai-studio', 'anthropic'] },
    groq: {
      models: {
        'llama-3.3-70b-versatile': [0.59, 0.79],
        'llama-3.1-8b-instant': [0.05, 0.08],
        'meta-llama/llama-4-maverick-17b-128e-instruct': [0.2, 0.6],
        'meta-llama/llama-4-scout-17b-16e-instruct': [0.11, 0.34],
        'openai/gpt-oss-120b': [0.15, 0.6, 0.075],
        'openai/gpt-oss-20b': [0.1, 0.5],
        'qwen/qwen3-32b': [0.29, 0.59],
        'moonshotai/kimi-k2-instruct': [1, 3],
      },
      source: {
        urls: ['https://groq.com/pricing (official; no stored copy of it was found)', 'https://tokenmix.ai/blog/groq-api-access-2026-free-tier-rate-limits (cites the official page, verified 2026-06-04)'],
        stored: 'third-party read of the official page, 2026-06-04',
        status: 'partly checked',
        note: 'openai/gpt-oss-120b corrected from 0.15 / 0.75 to 0.15 / 0.60 with cached 0.075.',
      },
      unverified: ['llama-3.3-70b-versatile', 'llama-3.1-8b-instant', 'meta-llama/llama-4-maverick-17b-128e-instruct', 'meta-llama/llama-4-scout-17b-16e-instruct', 'openai/gpt-oss-20b', 'qwen/qwen3-32b', 'moonshotai/kimi-k2-instruct'],
    },
    mistral: {
      models: {
        // `-latest` aliases move to new models (Large 3 is 0.50 / 1.50; Large 2 was 2 / 6): dated ids are exact.
        'mistral-large-latest': [0.5, 1.5],
        'mistral-large-2512': [0.5, 1.5],
        'mistral-large-2411': [2, 6],
        'mistral-medium-latest': [1.5, 7.5],
        'mistral-medium-2604': [1.5, 7.5],
        'mistral-medium-2508': [0.4, 2],
        'mistral-medium-2505': [0.4, 2],
        'mistral-small-latest': [0.1, 0.3],
        'codestral-latest': [0.3, 0.9],
        codestral: [0.3, 0.9],
        'ministral-8b-latest': [0.15, 0.15],
        'ministral-3b-latest': [0.1, 0.1],
        'open-mistral-nemo': [0.15, 0.15],
        'pixtral-large-latest': [2, 6],
        'pixtral-large': [2, 6],
        'mistral-embed': [0.1, 0],
      },
      source: {
        urls: [
          'https://mistral.ai/pricing#api-pricing (official; no stored copy of it was found)',
          'https://developer.puter.com/tutorials/mistral-api-pricing/ (June 2026)',
          'https://margindash.com/mistral-api-pricing ("verified against official Mistral documentation")',
          'https://llmpricing.site/articles/mistral-small-vs-ministral-8b-vs-ministral-3b-api-pricing/ (synced from the official page 2026-05-28)',
          'https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json (as snapshotted in pitimon/TokenTracker src/lib/pricing/seed-snapshot.json, 2026-07-25)',
        ],
        stored: 'third-party tables, May–June 2026',
        status: 'partly checked',
        note: 'Large 3, Medium 3/3.1, Codestral, Pixtral Large, Ministral 3 8B/3B agree across two or more sources. mistral-small-latest: 0.10 / 0.30 in two sources, 0.06 / 0.18 in two others. Added 2026-11-23 from LiteLLM\'s table: mistral-medium-2604 (Medium 3.5) at 1.50 / 7.50, which mistral-medium-latest now names (was 0.40 / 2); one source only, so both stay unverified.',
      },
      unverified: ['mistral-medium-2604', 'mistral-medium-latest', 'mistral-small-latest', 'open-mistral-nemo', 'mistral-embed'],
    },
    cohere: {
      models: {
        'command-a-03-2025': [2.5, 10],
        'command-r-plus': [2.5, 10],
        'command-r': [0.15, 0.6],
        'command-r7b-12-2024': [0.0375, 0.15],
        'embed-english-v3.0': [0.1, 0],
        'embed-multilingual-v3.0': [0.1, 0],
      },
      source: {
        urls: [
          'https://cohere.com/pricing (official; no stored copy of it was found)',
          'https://raw.githubusercontent.com/anuran-roy/unified-llm-pricing/main/data/pricing.json (OpenRouter endpoints served by Cohere, fetched 2026-09-13)',
          'https://lava-a04d7b3f.mintlify.dev/docs/gateway/providers/cohere',
        ],
        stored: 'third-party reseller listings, September 2026',
        status: 'partly checked',
        note: 'command-a-03-2025 and command-r-plus(-08-2024) 2.50 / 10 agree; command-r(-08-2024) 0.15 / 0.60 per OpenRouter, 0.30 / 1.20 per Lava. Cost uses `usage.tokens` when present, which can exceed the billed units Cohere charges.',
      },
      unverified: ['command-r7b-12-2024', 'embed-english-v3.0', 'embed-multilingual-v3.0'],
    },
    deepseek: {
      models: {
        'deepseek-chat': [0.28, 0.42, 0.028],
        'deepseek-reasoner': [0.28, 0.42, 0.028],
      },
      source: {
        urls: [
          'https://api-docs.deepseek.com/quick_start/pricing (official; the stored copy is from the V3 era: 0.27 / 1.10 / 0.07)',
          'https://github.com/benderandrew069/deepseek-api-pricing-2026/wiki (summary of the official page, checked 2026-10-27)',
        ],
        stored: 'official copy outdated; third-party summary of 2026-10-27',
        status: 'not checked',
        note: 'The 2026-10-27 summary lists deepseek-flash and deepseek-v4-pro with peak/off-peak prices this table cannot express; they are not listed (cost null). deepseek-chat / deepseek-reasoner keep the V3.2 prices of December 2025, unconfirmed.',
      },
      unverified: ['deepseek-chat', 'deepseek-reasoner'],
    },
    grok: {
      models: {
        'grok-4.3': [1.25, 2.5, 0.2],
        'grok-4.20-0309-reasoning': [1.25, 2.5, 0.2],
        'grok-4.20-0309-non-reasoning': [1.25, 2.5, 0.2],
        'grok-4.20-multi-agent-0309': [1.25, 2.5, 0.2],
        'grok-4': [3, 15, 0.75],
        'grok-4-1-fast': [0.2, 0.5, 0.05],
        'grok-4-1-fast-reasoning': [0.2, 0.5, 0.05],
        'grok-4-1-fast-non-reasoning': [0.2, 0.5, 0.05],
        'grok-4-fast': [0.2, 0.5, 0.05],
        'grok-4-fast-reasoning': [0.2, 0.5, 0.05],
        'grok-4-fast-non-reasoning': [0.2, 0.5, 0.05],
        'grok-3': [3, 15, 0.75],
        'grok-3-mini': [0.3, 0.5, 0.075],
        'grok-code-fast-1': [0.2, 1.5, 0.02],
      },
      source: {
        urls: [
          'https://docs.x.ai/developers/pricing (official; undated stored copy)',
          'https://supergrok.tech/guides/xai-grok-api-pricing-costs/ (grok-4.3 from the official docs, as of 2026-07-01)',
          'https://skills.sh/adaptationio/skrillz/xai-models',
          'https://www.getmaxim.ai/bifrost/model-library/provider/xai',
        ],
        stored: 'official pricing page, undated copy (lists grok-4.3); third-party model lists, undated',
        status: 'partly checked',
        checked: '2026-11-23',
        note: 'The official page lists only grok-4.3, grok-4.20-* and grok-4-1-fast-* (cache reads included). grok-4, grok-4-fast, grok-3 and grok-3-mini are not on it, may be retired, and keep third-party prices (input and output agree across lists; cached unconfirmed). grok-4.5 was seen with conflicting prices and is not listed.',
      },
      unverified: ['grok-code-fast-1'],
    },
    'perplexity-ai': {
      models: {
        sonar: [1, 1],
        'sonar-pro': [3, 15],
        'sonar-reasoning': [1, 5],
        'sonar-reasoning-pro': [2, 8],
        'sonar-deep-research': [2, 8],
      },
      source: {
        urls: ['https://docs.perplexity.ai/getting-started/pricing (official)', 'https://docs.perplexity.ai/guides/pricing (official, older copy: Sonar Reasoning)'],
        stored: 'official pages, undated copies',
        status: 'checked',
        note: 'Not included: the per-request fee by search context size (Sonar, Sonar Pro, Sonar Reasoning Pro) and Deep Research\'s citation (2), reasoning (3) tokens and search queries (5 per 1K). sonar-reasoning is gone from the newer page.',
      },
    },
    cerebras: {
      models: {
        'llama3.1-8b': [0.1, 0.1],
        'llama-3.3-70b': [0.85, 1.2],
        'gpt-oss-120b': [0.25, 0.69],
        'qwen-3-32b': [0.4, 0.8],
      },
      source: {
        urls: ['https://www.cerebras.ai/pricing (official; not found in the stored index)', 'https://hivebook.wiki/wiki/cerebras-inference-api-may-2026-openai-compat-v1-chat-completions-on-cs-3-wafer-scale-silicon-at-2-200-3-000-tok-s-for-gpt-oss-120b-llama3-1-8b-qwen-3-235b-a22b-instruct-2507-zai-glm-4-7-sdk-cerebras-cloud-sdk-1-67-0 (catalog, May 2026, no prices)'],
        stored: 'no price page found',
        status: 'not checked',
        note: 'The May 2026 catalog lists llama3.1-8b and gpt-oss-120b (plus previews); llama-3.3-70b and qwen-3-32b may be retired.',
      },
      unverified: ['llama3.1-8b', 'llama-3.3-70b', 'gpt-oss-120b', 'qwen-3-32b'],
    },
    'workers-ai': {
      models: {
        '@cf/meta/llama-3.2-1b-instruct': [0.027, 0.201],
        '@cf/meta/llama-3.2-3b-instruct': [0.051, 0.335],
        '@cf/meta/llama-3.2-11b-vision-instruct': [0.049, 0.676],
        '@cf/meta/llama-3.1-8b-instruct-fp8-fast': [0.045, 0.384],
        '@cf/meta/llama-3.1-8b-instruct-fp8': [0.152, 0.287],
        '@cf/meta/llama-3.1-8b-instruct-awq': [0.123, 0.266],
        '@cf/meta/llama-3.1-8b-instruct': [0.282, 0.827],
        '@cf/meta/llama-3-8b-instruct': [0.282, 0.827],
        '@cf/meta/llama-3-8b-instruct-awq': [0.123, 0.266],
        '@cf/meta/llama-3.1-70b-instruct-fp8-fast': [0.293, 2.253],
        '@cf/meta/llama-3.3-70b-instruct-fp8-fast': [0.293, 2.253],
        '@cf/meta/llama-4-scout-17b-16e-instruct': [0.27, 0.85],
        '@cf/deepseek-ai/deepseek-r1-distill-qwen-32b': [0.497, 4.881],
        '@cf/openai/gpt-oss-120b': [0.35, 0.75],
        '@cf/openai/gpt-oss-20b': [0.2, 0.3],
        '@cf/mistral/mistral-7b-instruct-v0.1': [0.11, 0.19],
        '@cf/baai/bge-small-en-v1.5': [0.02, 0],
        '@cf/baai/bge-base-en-v1.5': [0.067, 0],
        '@cf/baai/bge-large-en-v1.5': [0.204, 0],
      },
      source: {
        urls: [
          'https://developers.cloudflare.com/workers-ai/platform/pricing/ (official; read as src/content/docs/workers-ai/platform/pricing.mdx of cloudflare/cloudflare-docs)',
          'https://raw.githubusercontent.com/api-evangelist/cloudflare/main/plans/cloudflare-plans-pricing.yml (official page read 2026-09-20: gpt-oss-120b input)',
        ],
        stored: 'official docs source, an early-2025 revision (before gpt-oss and Llama 4); one row re-read 2026-09-20',
        status: 'partly checked',
        note: '@cf/openai/gpt-oss-120b: input confirmed, output not.',
      },
      unverified: ['@cf/meta/llama-4-scout-17b-16e-instruct', '@cf/openai/gpt-oss-20b'],
    },
    openrouter: { models: {}, inherits: RESELLERS },
    'aws-bedrock': {
      // Bedrock's own models, keyed as the lookup sees them after dropping the `region.` and `vendor.`
      // prefixes (`us.amazon.nova-lite-v1:0` → `nova-lite`). Other vendors' models fall back to their tables.
      models: {
        'nova-2-lite': [0.3, 2.5, 0.075],
        'nova-pro': [0.8, 3.2, 0.2],
        'nova-lite': [0.06, 0.24, 0.015],
        'nova-micro': [0.035, 0.14, 0.00875],
        'titan-embed-text-v2': [0.02, 0],
        'llama4-maverick-17b-instruct': [0.24, 0.97],
        'llama4-scout-17b-instruct': [0.17, 0.66],
        'llama3-3-70b-instruct': [0.72, 0.72],
        'llama3-2-90b-instruct': [0.72, 0.72],
        'llama3-2-11b-instruct': [0.16, 0.16],
        'llama3-2-3b-instruct': [0.15, 0.15],
        'llama3-2-1b-instruct': [0.1, 0.1],
        'llama3-1-405b-instruct': [2.4, 2.4],
        'llama3-1-70b-instruct': [0.72, 0.72],
        'llama3-1-8b-instruct': [0.22, 0.22],
      },
      inherits: ['anthropic', 'mistral', 'cohere'],
      source: {
        urls: [
          'https://aws.amazon.com/bedrock/pricing/ (official; its stored copies show no numbers: the page fills them in client-side)',
          'https://raw.githubusercontent.com/api-evangelist/amazon-nova/refs/heads/main/plans/amazon-nova-plans-pricing.yml (AWS Price List API, us-east-1, read 2026-09-01)',
          'https://github.com/convo-lang/convo-lang/blob/main/packages/convo-lang-bedrock/bedrock-pricing.md (copy of the official page, 2025-07-20)',
          'https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json (as snapshotted in pitimon/TokenTracker src/lib/pricing/seed-snapshot.json, 2026-07-25)',
          'https://aicoach.pw/marketplace/llm/nova-2-lite (OpenRouter listing of Nova 2 Lite)',
          'https://www.swfte.com/de/blog/amazon-nova-pro-pricing (Nova Pro, May 2026)',
          'https://inventivehq.com/blog/aws-bedrock-pricing-guide (Titan Embeddings V2)',
        ],
        stored: 'AWS Price List read of 2026-09-01 (us-east-1); LiteLLM table of 2026-07-25; official page copy of 2025-07-20',
        status: 'partly checked',
        checked: '2026-11-23',
        note: 'Nova Micro, Lite and Pro input and output agree across the price-list read, LiteLLM and the page copy; their cache reads (75% off input) are from the 2025 page copy, Nova Pro\'s also from May 2026. Nova 2 Lite 0.30 / 2.50 / 0.075 is the global price (LiteLLM, OpenRouter); in-region and geo profiles (us., eu., apac.) cost 10% more, 0.33 / 2.75, which is also what the us-east-1 price list shows (not modelled). Llama 4, Llama 3.3 70B, Llama 3.2 1B/3B and Llama 3.1 8B agree between the page copy and LiteLLM; for Llama 3.1 70B/405B and 3.2 11B/90B LiteLLM has the higher launch prices. Not listed (cost null): Nova Premier (retired 2026-09-14), Nova 2 Pro and Nova 2 Omni (previews; the price list and LiteLLM disagree), Titan Text models (sources disagree), and other vendors\' Bedrock-only ids (gpt-oss, DeepSeek, Qwen, …).',
      },
      unverified: ['llama3-2-90b-instruct', 'llama3-2-11b-instruct', 'llama3-1-405b-instruct', 'llama3-1-70b-instruct'],
    },
    huggingface: { models: {} },
    replicate: { models: {} },
  },
};
