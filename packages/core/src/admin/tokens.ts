import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { GatewayDeps } from '../gateway-deps.ts';
import type { GatewayTokenPatch, GatewayTokenRecord } from '../auth/token-store.ts';
import { newGatewayToken } from '../auth/gateway-tokens.ts';
import { securityOf } from '../auth/security.ts';
import { BudgetPeriodSchema } from '../budgets/budget-rules.ts';
import { ErrorCode, GatewayError, unknownGateway } from '../errors.ts';
import { ok, readJson } from './respond.ts';

const invalid = (message: string) => new GatewayError(ErrorCode.invalidRequest, 400, `[aigw] [admin] ${message}`);

const RateLimitSchema = v.strictObject({
  limit: v.pipe(v.number(), v.integer(), v.minValue(1)),
  interval: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(366 * 86400)),
  technique: v.optional(v.picklist(['fixed', 'sliding']), 'fixed'),
});

const BudgetSchema = v.strictObject({
  limit_usd: v.pipe(v.number(), v.minValue(0), v.maxValue(1e9)),
  window: BudgetPeriodSchema,
  technique: v.optional(v.picklist(['fixed', 'sliding'])),
});

const list = (max: number) => v.nullable(v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(256))), v.maxLength(max)));

/** Fields a token may be created or patched with. */
const FieldsSchema = v.strictObject({
  name: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(128))),
  /** ISO-8601 time, or null for never. */
  expires_at: v.optional(v.nullable(v.pipe(v.string(), v.isoTimestamp('expires_at must be an ISO-8601 timestamp')))),
  /** Seconds from now (an alternative to expires_at). */
  expires_in: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  allowed_providers: v.optional(list(64)),
  allowed_models: v.optional(list(256)),
  rate_limit: v.optional(v.nullable(RateLimitSchema)),
  budget: v.optional(v.nullable(BudgetSchema)),
});

type Fields = v.InferOutput<typeof FieldsSchema>;

function parseFields(body: unknown): Fields {
  const result = v.safeParse(FieldsSchema, body);
  if (!result.success) throw invalid(v.summarize(result.issues).replaceAll('\n', '; '));
  if (result.output.expires_at !== undefined && result.output.expires_in !== undefined) throw invalid('give expires_at or expires_in, not both');
  return result.output;
}

/** A token as the admin API shows it: everything but the hash. */
const view = ({ token_hash: _hash, ...rest }: GatewayTokenRecord) => rest;

/** `/api/v1/gateways/{id}/tokens`: create (the token is shown once), list, read, change, delete. */
export function tokenRoutes(deps: GatewayDeps) {
  const app = new Hono();
  const { storage, clock } = deps;
  const security = securityOf(deps);

  const gatewayOf = async (c: Context) => {
    const id = c.req.param('id') ?? '';
    if (id !== 'default' && !(await storage.gateways.getGateway(id))) throw unknownGateway(id);
    return id;
  };
  const patchOf = (fields: Fields): GatewayTokenPatch => {
    const { expires_in, ...rest } = fields;
    const patch: GatewayTokenPatch = { ...rest };
    if (expires_in !== undefined) patch.expires_at = new Date(clock.now() + expires_in * 1000).toISOString();
    else if (rest.expires_at) patch.expires_at = new Date(rest.expires_at).toISOString();
    return patch;
  };

  app.post('/', async (c) => {
    const gateway = await gatewayOf(c);
    const fields = parseFields(await readJson(c.req.raw));
    if (fields.name === undefined) throw invalid('name is required');
    const patch = patchOf(fields);
    const { token, hash, prefix } = await newGatewayToken();
    const record: GatewayTokenRecord = {
      id: deps.ids.uuid(),
      gateway,
      name: fields.name,
      token_hash: hash,
      prefix,
      created_at: new Date(clock.now()).toISOString(),
      expires_at: patch.expires_at ?? null,
      allowed_providers: patch.allowed_providers ?? null,
      allowed_models: patch.allowed_models ?? null,
      rate_limit: patch.rate_limit ?? null,
      budget: patch.budget ?? null,
    };
    if (!(await storage.tokens.createToken(record))) throw new GatewayError(ErrorCode.internal, 500, '[aigw] [admin] token collision; try again');
    // The only time the token exists outside the client: it is not stored, and cannot be shown again.
    return ok({ ...view(record), token });
  });

  app.get('/', async (c) => {
    const tokens = (await storage.tokens.listTokens(await gatewayOf(c))).map(view);
    return ok(tokens, { count: tokens.length, total_count: tokens.length });
  });

  app.get('/:token_id', async (c) => {
    const record = await storage.tokens.getToken(await gatewayOf(c), c.req.param('token_id'));
    if (!record) throw notFound(c.req.param('token_id'));
    return ok(view(record));
  });

  app.patch('/:token_id', async (c) => {
    const gateway = await gatewayOf(c);
    const updated = await storage.tokens.updateToken(gateway, c.req.param('token_id'), patchOf(parseFields(await readJson(c.req.raw))));
    if (!updated) throw notFound(c.req.param('token_id'));
    security.tokens.invalidate(gateway);
    return ok(view(updated));
  });

  app.delete('/:token_id', async (c) => {
    const gateway = await gatewayOf(c);
    const id = c.req.param('token_id');
    if (!(await storage.tokens.deleteToken(gateway, id))) throw notFound(id);
    security.tokens.invalidate(gateway);
    return ok({ id });
  });

  return app;
}

const notFound = (id: string) => new GatewayError(ErrorCode.notFound, 404, `[aigw] [admin] no gateway token '${id.slice(0, 64)}'`);
