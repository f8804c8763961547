import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { GatewayDeps } from '../gateway-deps.ts';
import { securityOf } from '../auth/security.ts';
import { view } from '../keys/provider-keys.ts';
import { DEFAULT_ALIAS } from '../keys/key-injection.ts';
import { ErrorCode, GatewayError, unknownGateway, unknownProvider } from '../errors.ts';
import { ok, readJson } from './respond.ts';

const invalid = (message: string) => new GatewayError(ErrorCode.invalidRequest, 400, `[aigw] [admin] ${message}`);

const KeySchema = v.strictObject({
  provider: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  alias: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'alias must be 1-64 of A-Z a-z 0-9 _ . -'))),
  key: v.pipe(v.string(), v.minLength(1), v.maxLength(8192), v.check((k) => k.trim() === k && !/[\r\n]/.test(k), 'key must not have surrounding spaces or line breaks')),
});

/**
 * `/api/v1/gateways/{id}/provider-keys`: stored provider keys, write-only. POST stores a key
 * (encrypted with `AIGW_SECRET_KEY`); GET lists them masked; DELETE removes one. No route ever
 * returns a key or its ciphertext.
 */
export function providerKeyRoutes(deps: GatewayDeps) {
  const app = new Hono();
  const { keys } = securityOf(deps);

  const gatewayOf = async (c: Context) => {
    const id = c.req.param('id') ?? '';
    if (id !== 'default' && !(await deps.storage.gateways.getGateway(id))) throw unknownGateway(id);
    return id;
  };

  app.post('/', async (c) => {
    const gateway = await gatewayOf(c);
    const result = v.safeParse(KeySchema, await readJson(c.req.raw));
    if (!result.success) throw invalid(v.summarize(result.issues).replaceAll('\n', '; '));
    const { provider, alias = DEFAULT_ALIAS, key } = result.output;
    if (!deps.providers.has(provider)) throw unknownProvider(provider.slice(0, 64));
    return ok(await keys.add({ gateway, provider, alias, key }));
  });

  app.get('/', async (c) => {
    const list = (await deps.storage.providerKeys.listProviderKeys(await gatewayOf(c))).map(view);
    return ok(list, { count: list.length, total_count: list.length });
  });

  app.delete('/:key_id', async (c) => {
    const id = c.req.param('key_id');
    if (!(await keys.remove(await gatewayOf(c), id))) {
      throw new GatewayError(ErrorCode.notFound, 404, `[aigw] [admin] no stored provider key '${id.slice(0, 64)}'`);
    }
    return ok({ id });
  });

  return app;
}
