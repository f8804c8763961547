import type { CompatFormat } from '../providers/types.ts';
import type { ChatAdapter } from './adapter.ts';
import { anthropicAdapter } from './anthropic/anthropic-adapter.ts';
import { cohereAdapter } from './cohere/cohere-adapter.ts';
import { googleAdapter } from './google/google-adapter.ts';
import { openaiAdapter } from './openai/openai-adapter.ts';

/** The mappers of each native format. A provider module names its format; this table does the rest. */
export const chatAdapters: Readonly<Record<CompatFormat, ChatAdapter>> = {
  openai: openaiAdapter,
  anthropic: anthropicAdapter,
  google: googleAdapter,
  cohere: cohereAdapter,
};
