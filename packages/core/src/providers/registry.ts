import type { GatewayConfig } from '../config/config.ts';
import type { ProviderDefinition } from './types.ts';
import { customProviderDefinition } from './custom-providers.ts';
import { anthropic } from './anthropic.ts';
import { awsBedrock } from './aws-bedrock.ts';
import { azureOpenai } from './azure-openai.ts';
import { cerebras } from './cerebras.ts';
import { cohere } from './cohere.ts';
import { deepseek } from './deepseek.ts';
import { googleAiStudio } from './google-ai-studio.ts';
import { googleVertexAi } from './google-vertex-ai.ts';
import { grok } from './grok.ts';
import { groq } from './groq.ts';
import { huggingface } from './huggingface.ts';
import { mistral } from './mistral.ts';
import { openai } from './openai.ts';
import { openrouter } from './openrouter.ts';
import { perplexityAi } from './perplexity-ai.ts';
import { replicate } from './replicate.ts';
import { workersAi } from './workers-ai.ts';

/** Every provider aigw knows out of the box (SPEC §3.1). */
export const builtinProviders: readonly ProviderDefinition[] = [
  openai, anthropic, googleAiStudio, groq, mistral, cohere, deepseek, grok, openrouter, perplexityAi,
  cerebras, huggingface, replicate, workersAi, azureOpenai, awsBedrock, googleVertexAi,
];

export type ProviderRegistry = ReadonlyMap<string, ProviderDefinition>;

/**
 * The providers a gateway serves: the built-ins with base URLs overridden by config/env, plus
 * `custom-{slug}` providers from config (OpenAI-compatible, bearer auth unless configured); the
 * admin API adds more at run time (`custom-providers.ts`).
 */
export function createProviderRegistry(config: Pick<GatewayConfig, 'providerUrls' | 'customProviders'>): Map<string, ProviderDefinition> {
  const registry = new Map<string, ProviderDefinition>();
  for (const p of builtinProviders) {
    const baseUrl = config.providerUrls[p.id];
    registry.set(p.id, baseUrl ? { ...p, baseUrl: stripSlash(baseUrl) } : p);
  }
  for (const c of config.customProviders) registry.set(`custom-${c.slug}`, customProviderDefinition(c, config.providerUrls));
  return registry;
}

const stripSlash = (url: string) => url.replace(/\/+$/, '');
