/** The environment every gateway of the bench gets (SPEC §2), pointing all providers at the mock. */
import { join } from 'node:path';
import { scenarioEnv } from './scenarios.ts';

/** libSQL `file:` in `tmpDir`: the default deployment, fresh per runtime. */
export function gatewayEnv(port: number, mockUrl: string, tmpDir: string): Record<string, string> {
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    AIGW_DB_URL: `file:${join(tmpDir, 'aigw.db')}`,
    AIGW_PROVIDER_OPENAI_URL: `${mockUrl}/v1`,
    AIGW_PROVIDER_ANTHROPIC_URL: mockUrl,
    AIGW_PROVIDER_GOOGLE_AI_STUDIO_URL: mockUrl,
    ...scenarioEnv(),
  };
}
