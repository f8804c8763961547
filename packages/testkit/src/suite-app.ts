import { afterAll, beforeAll, beforeEach } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { startMockProvider, type MockProvider } from '@aigw/mock-provider';
import type { AppStarter } from './proxy-suite.ts';
import type { SpawnedApp } from './spawn-app.ts';

/**
 * The mock provider and the app under test for the `describe` block it is called in: both start
 * before its tests (the app with `env` for the mock's URL) and stop after them, and the mock's
 * record of requests is cleared before each test. Read `mock` and `app` inside tests only.
 */
export function mockedApp(start: AppStarter, env: (mockUrl: string) => Record<string, string>): { mock: MockProvider; app: SpawnedApp } {
  const running = {} as { mock: MockProvider; app: SpawnedApp };
  beforeAll(async () => {
    running.mock = await startMockProvider();
    running.app = await start(env(running.mock.url));
  }, 120_000);
  afterAll(async () => {
    await running.app?.stop('SIGKILL');
    await running.mock?.close();
  });
  beforeEach(() => running.mock.reset());
  return running;
}

/** The official OpenAI and Anthropic SDKs on `baseURL()` (read when a client is made), without retries. */
export function sdkClients(baseURL: () => string, apiKey: string) {
  return {
    openai: (headers: Record<string, string> = {}) => new OpenAI({ apiKey, baseURL: baseURL(), maxRetries: 0, defaultHeaders: headers }),
    anthropic: (headers: Record<string, string> = {}) => new Anthropic({ apiKey, baseURL: baseURL(), maxRetries: 0, defaultHeaders: headers }),
  };
}

/** Environment that points every built-in provider the mock speaks (OpenAI, Anthropic, Google, Cohere) at it. */
export const mockProviderEnv = (mockUrl: string): Record<string, string> => ({
  AIGW_PROVIDER_OPENAI_URL: `${mockUrl}/v1`,
  AIGW_PROVIDER_ANTHROPIC_URL: mockUrl,
  AIGW_PROVIDER_GOOGLE_AI_STUDIO_URL: mockUrl,
  AIGW_PROVIDER_COHERE_URL: mockUrl,
});
