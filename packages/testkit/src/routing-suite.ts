import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import type { AppStarter } from './proxy-suite.ts';
import { mockedApp, mockProviderEnv, sdkClients } from './suite-app.ts';

const KEY = 'sk-test-routing-0123456789';

const ADMIN = 'admin-token-routing-suite';
const end = { id: 'end', type: 'end', outputs: {} };
const modelElement = (id: string, provider: string, model: string, fallback?: string) => ({
  id, type: 'model', properties: { provider, model, retries: 0 }, outputs: { success: { elementId: 'end' }, ...(fallback ? { fallback: { elementId: fallback } } : {}) },
});
/** Pro users get Claude (GPT-4o mini when it fails); others get Gemini, two requests per user and hour. */
const SUPPORT_ROUTE = {
  name: 'support',
  elements: [
    { id: 'start', type: 'start', outputs: { next: { elementId: 'plan' } } },
    { id: 'plan', type: 'conditional', properties: { conditions: { 'metadata.plan': 'pro' } }, outputs: { true: { elementId: 'claude' }, false: { elementId: 'quota' } } },
    { id: 'quota', type: 'rate', properties: { key: 'metadata.user', limit: 2, limitType: 'count', window: 3600 }, outputs: { success: { elementId: 'gemini' }, fallback: { elementId: 'end' } } },
    modelElement('claude', 'anthropic', 'claude-sonnet-4-5', 'mini'),
    modelElement('mini', 'openai', 'gpt-4o-mini'),
    modelElement('gemini', 'google-ai-studio', 'gemini-2.5-flash'),
    end,
  ],
};

/**
 * What the admin API changes at run time, through a real process and the official SDKs: dynamic
 * routes (`model: "dynamic/{route}"`, docs/routes.md) from the config file and the admin API, and
 * custom providers added through `/api/v1/custom-providers`.
 */
export function describeRoutingSuite(runtime: string, start: AppStarter) {
  describe(`${runtime}: dynamic routes and custom providers, managed at run time`, () => {
    const running = mockedApp(start, (mockUrl) => ({
      ...mockProviderEnv(mockUrl),
      AIGW_ADMIN_TOKEN: ADMIN,
      AIGW_CONFIG_JSON: JSON.stringify({
        customProviders: [{ slug: 'local', baseUrl: `${mockUrl}/local/v1`, allowInsecure: true }],
        gateways: { default: { routes: [SUPPORT_ROUTE] } },
      }),
    }));
    const compatUrl = () => `${running.app.url}/v1/acct-1/default/compat`;
    const { openai, anthropic } = sdkClients(compatUrl, KEY);
    const native = () => JSON.parse(running.mock.requests.at(-1)!.body) as Record<string, unknown>;

    let user = 0;
    const as = (plan: string, extra: Record<string, string> = {}) => ({ 'cf-aig-metadata': JSON.stringify({ plan, user: `u${++user}` }), ...extra });

    it('routes by metadata to the provider the route names, through the OpenAI SDK', async () => {
      const { data, response } = await openai(as('pro')).chat.completions.create({ model: 'dynamic/support', messages: [{ role: 'user', content: 'route me' }] }).withResponse();
      expect(data.choices[0]?.message.content).toBe('mock reply to: route me');
      expect([response.headers.get('cf-aig-provider'), response.headers.get('cf-aig-model'), response.headers.get('cf-aig-step')]).toEqual(['anthropic', 'claude-sonnet-4-5', '0']);
      expect(running.mock.requests.map((r) => r.path)).toEqual(['/v1/messages']);
      expect(native().model).toBe('claude-sonnet-4-5');
    });

    it('falls back to the next model when the first fails', async () => {
      const faults = { 'x-mock-fail-first': '1', 'x-mock-fail-key': `route-fallback-${runtime}-${Date.now()}`, 'x-mock-fail-status': '503' };
      const { data, response } = await openai(as('pro', faults)).chat.completions.create({ model: 'dynamic/support', messages: [{ role: 'user', content: 'fall back' }] }).withResponse();
      expect(data.choices[0]?.message.content).toBe('mock reply to: fall back');
      expect([response.headers.get('cf-aig-provider'), response.headers.get('cf-aig-step')]).toEqual(['openai', '1']);
      expect(running.mock.requests.map((r) => r.path)).toEqual(['/v1/messages', '/v1/chat/completions']);
    });

    it('streams from the routed model, and the rate element turns a user away after two requests', async () => {
      const client = openai(as('free'));
      for (let i = 0; i < 2; i++) {
        const stream = await client.chat.completions.create({ model: 'dynamic/support', messages: [{ role: 'user', content: 'stream it' }], stream: true });
        let text = '';
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
        expect(text).toBe('mock reply to: stream it');
      }
      expect(running.mock.requests.map((r) => r.path)).toEqual(Array(2).fill('/v1beta/models/gemini-2.5-flash:streamGenerateContent'));
      await expect(client.chat.completions.create({ model: 'dynamic/support', messages: [{ role: 'user', content: 'third' }] })).rejects.toMatchObject({ status: 429 });
      expect(running.mock.requests).toHaveLength(2);
    });

    it('routes /compat/messages for the Anthropic SDK', async () => {
      const res = await anthropic(as('pro')).messages.create({ model: 'dynamic/support', max_tokens: 64, messages: [{ role: 'user', content: 'hello claude' }] });
      expect(res.content[0]).toMatchObject({ type: 'text', text: 'mock reply to: hello claude' });
    });

    it('serves a custom provider added through the admin API, by passthrough and the unified API', async () => {
      const admin = (method: string, path = '', body?: unknown) =>
        fetch(`${running.app.url}/api/v1/custom-providers${path}`, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const slug = `added-${runtime}`;
      expect((await admin('POST', '', { slug, baseUrl: `${running.mock.url}/local/v1`, allowInsecure: true })).status).toBe(201);
      const direct = new OpenAI({ apiKey: KEY, baseURL: `${running.app.url}/v1/acct-1/default/custom-${slug}`, maxRetries: 0 });
      const res = await direct.chat.completions.create({ model: 'my-model', messages: [{ role: 'user', content: 'added' }] });
      expect(res.choices[0]?.message.content).toBe('mock reply to: added');
      const unified = await openai().chat.completions.create({ model: `custom-${slug}/my-model`, messages: [{ role: 'user', content: 'unified' }] });
      expect(unified.choices[0]?.message.content).toBe('mock reply to: unified');
      expect(running.mock.requests.map((r) => r.path)).toEqual(['/local/v1/chat/completions', '/local/v1/chat/completions']);
      expect((await admin('DELETE', `/${slug}`)).status).toBe(200);
      await expect(direct.chat.completions.create({ model: 'my-model', messages: [{ role: 'user', content: 'gone' }] })).rejects.toMatchObject({ status: 400 });
    });

    it('serves a route created through the admin API', async () => {
      const admin = (method: string, path = '', body?: unknown) =>
        fetch(`${running.app.url}/api/v1/gateways/default/routes${path}`, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const name = `ab-${runtime}`;
      const created = await admin('POST', '', {
        name,
        elements: [{ id: 'start', type: 'start', outputs: { next: { elementId: 'split' } } }, { id: 'split', type: 'percentage', outputs: { '100%': { elementId: 'local' } } }, modelElement('local', 'custom-local', 'my-model'), end],
      });
      expect(created.status).toBe(201);
      const { result } = (await created.json()) as { result: { id: string } };
      const res = await openai().chat.completions.create({ model: `dynamic/${name}`, messages: [{ role: 'user', content: 'custom' }] });
      expect(res.choices[0]?.message.content).toBe('mock reply to: custom');
      expect(running.mock.requests.at(-1)!.path).toBe('/local/v1/chat/completions');
      expect((await admin('DELETE', `/${result.id}`)).status).toBe(200);
      await expect(openai().chat.completions.create({ model: `dynamic/${name}`, messages: [{ role: 'user', content: 'gone' }] })).rejects.toMatchObject({ status: 400 });
    });
  });
}
