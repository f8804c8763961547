/**
 * The price table: USD per 1,000,000 tokens for the current text models of every provider in the
 * registry. This file is data; `cost.ts` reads it. To update a price, change the numbers, the
 * `checked` date, and nothing else.
 *
 * Each entry is `[input, output, cachedInput?]`. `cachedInput` is the price of input tokens read
 * from the provider's prompt cache; when absent they cost the full input price. A model is looked up
 * by exact id first, then by the longest listed id its name starts with (so dated snapshots like
 * `gpt-4o-mini-2024-07-18` find `gpt-4o-mini`). `inherits` names other providers whose tables a
 * provider falls back to (Azure serves OpenAI's models; OpenRouter and Bedrock resell everyone's).
 */
export type PriceEntry = readonly [input: number, output: number, cachedInput?: number];

export interface ProviderPrices {
  models: Readonly<Record<string, PriceEntry>>;
  inherits?: readonly string[];
}

export interface PriceTable {
  /** The day these prices were last compiled or checked (YYYY-MM-DD). */
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
  verification: 'compiled from list prices as known to the maintainers; NOT yet compared with the live price pages (no web access when written)',
  currency: 'USD',
  unit: 'per 1M tokens',
  providers: {
    openai: {
      models: {
        'gpt-5.1': [1.25, 10, 0.125],
        'gpt-5': [1.25, 10, 0.125],
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
    },
    'azure-openai': { models: {}, inherits: ['openai'] },
    anthropic: {
      models: {
        'claude-opus-4-5': [5, 25, 0.5],
        'claude-opus-4-1': [15, 75, 1.5],
        'claude-opus-4': [15, 75, 1.5],
        'claude-sonnet-4-5': [3, 15, 0.3],
        'claude-sonnet-4': [3, 15, 0.3],
        'claude-3-7-sonnet': [3, 15, 0.3],
        'claude-3-5-sonnet': [3, 15, 0.3],
        'claude-haiku-4-5': [1, 5, 0.1],
        'claude-3-5-haiku': [0.8, 4, 0.08],
        'claude-3-haiku': [0.25, 1.25, 0.03],
        'claude-3-opus': [15, 75, 1.5],
      },
    },
    'google-ai-studio': {
      models: {
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
      },
    },
    'google-vertex-ai': { models: {}, inherits: ['google-ai-studio', 'anthropic'] },
    groq: {
      models: {
        'llama-3.3-70b-versatile': [0.59, 0.79],
        'llama-3.1-8b-instant': [0.05, 0.08],
        'meta-llama/llama-4-maverick-17b-128e-instruct': [0.2, 0.6],
        'meta-llama/llama-4-scout-17b-16e-instruct': [0.11, 0.34],
        'openai/gpt-oss-120b': [0.15, 0.75],
        'openai/gpt-oss-20b': [0.1, 0.5],
        'qwen/qwen3-32b': [0.29, 0.59],
        'moonshotai/kimi-k2-instruct': [1, 3],
      },
    },
    mistral: {
      models: {
        'mistral-large-latest': [2, 6],
        'mistral-medium-latest': [0.4, 2],
        'mistral-small-latest': [0.1, 0.3],
        'codestral-latest': [0.3, 0.9],
        'ministral-8b-latest': [0.1, 0.1],
        'ministral-3b-latest': [0.04, 0.04],
        'open-mistral-nemo': [0.15, 0.15],
        'pixtral-large-latest': [2, 6],
        'mistral-embed': [0.1, 0],
      },
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
    },
    deepseek: {
      models: {
        'deepseek-chat': [0.28, 0.42, 0.028],
        'deepseek-reasoner': [0.28, 0.42, 0.028],
      },
    },
    grok: {
      models: {
        'grok-4': [3, 15, 0.75],
        'grok-4-fast': [0.2, 0.5, 0.05],
        'grok-3': [3, 15, 0.75],
        'grok-3-mini': [0.3, 0.5, 0.075],
        'grok-code-fast-1': [0.2, 1.5, 0.02],
      },
    },
    'perplexity-ai': {
      models: {
        sonar: [1, 1],
        'sonar-pro': [3, 15],
        'sonar-reasoning': [1, 5],
        'sonar-reasoning-pro': [2, 8],
        'sonar-deep-research': [2, 8],
      },
    },
    cerebras: {
      models: {
        'llama3.1-8b': [0.1, 0.1],
        'llama-3.3-70b': [0.85, 1.2],
        'gpt-oss-120b': [0.25, 0.69],
        'qwen-3-32b': [0.4, 0.8],
      },
    },
    'workers-ai': {
      models: {
        '@cf/meta/llama-3.1-8b-instruct-fp8-fast': [0.045, 0.384],
        '@cf/meta/llama-3.1-8b-instruct': [0.282, 0.827],
        '@cf/meta/llama-3.3-70b-instruct-fp8-fast': [0.293, 2.253],
        '@cf/meta/llama-4-scout-17b-16e-instruct': [0.27, 0.85],
        '@cf/openai/gpt-oss-120b': [0.35, 0.75],
        '@cf/openai/gpt-oss-20b': [0.2, 0.3],
        '@cf/mistral/mistral-7b-instruct-v0.1': [0.11, 0.19],
        '@cf/baai/bge-base-en-v1.5': [0.067, 0],
      },
    },
    openrouter: { models: {}, inherits: RESELLERS },
    'aws-bedrock': { models: {}, inherits: ['anthropic', 'mistral', 'cohere'] },
    huggingface: { models: {} },
    replicate: { models: {} },
  },
};
