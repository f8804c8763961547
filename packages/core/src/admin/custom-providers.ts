import { Hono } from 'hono';
import * as v from 'valibot';
import { ErrorCode, GatewayError } from '../errors.ts';
import { customProviderFrom, CustomProviderSchema, type CustomProviderConfig, type CustomProviderSync } from '../providers/custom-providers.ts';
import { ok, readJson } from './respond.ts';

const invalid = (message: string) => new GatewayError(ErrorCode.invalidRequest, 400, `[aigw] [admin] ${message}`);
const conflict = (message: string) => new GatewayError(ErrorCode.invalidRequest, 409, `[aigw] [admin] ${message}`);
const notFound = (slug: string) => new GatewayError(ErrorCode.notFound, 404, `[aigw] [admin] no custom provider '${slug.slice(0, 64)}'`);

/** A custom provider as the API shows it: the config file's fields, its provider id and where it is defined. */
const view = (c: CustomProviderConfig, source: 'config' | 'admin') => ({ ...c, provider: `custom-${c.slug}`, source });

/**
 * `/api/v1/custom-providers`: the `custom-{slug}` providers every gateway serves. GET lists those of
 * the config file and those added here; POST `{slug, baseUrl, authHeader?, allowInsecure?}` (the
 * config file's shape) adds one; GET / PUT / DELETE `/{slug}` read, replace, remove one added here.
 * Providers of the config file are changed in the file. Every instance on the database serves a
 * change within a second (`CustomProviderSync`).
 */
export function customProviderRoutes(sync: CustomProviderSync) {
  const app = new Hono();

  const parse = async (request: Request, slug?: string): Promise<CustomProviderConfig> => {
    const body = await readJson(request);
    const parsed = v.safeParse(CustomProviderSchema, slug === undefined ? body : { ...(body as object), slug });
    if (!parsed.success) throw invalid(v.summarize(parsed.issues).replaceAll('\n', '; '));
    try {
      return customProviderFrom(parsed.output, 'admin');
    } catch (err) {
      throw invalid((err as Error).message.replace('[aigw] [admin] ', ''));
    }
  };
  /** The stored list, read again: another instance may have changed it since. */
  const current = async () => ({ stored: await sync.load(), config: sync.configured });

  app.get('/', async () => {
    const { stored, config } = await current();
    const all = [...config.map((c) => view(c, 'config')), ...stored.map((c) => view(c, 'admin'))];
    return ok(all, { count: all.length, total_count: all.length });
  });

  app.post('/', async (c) => {
    const provider = await parse(c.req.raw);
    const { stored, config } = await current();
    if ([...config, ...stored].some((p) => p.slug === provider.slug)) throw conflict(`custom provider '${provider.slug}' already exists`);
    await sync.save([...stored, provider]);
    return ok(view(provider, 'admin'), undefined, 201);
  });

  app.get('/:slug', async (c) => {
    const { stored, config } = await current();
    const slug = c.req.param('slug');
    const fromConfig = config.find((p) => p.slug === slug);
    if (fromConfig) return ok(view(fromConfig, 'config'));
    const found = stored.find((p) => p.slug === slug);
    if (!found) throw notFound(slug);
    return ok(view(found, 'admin'));
  });

  /** The stored list, once `slug` is known to be one of it. */
  const editable = async (slug: string) => {
    const list = await current();
    if (list.config.some((p) => p.slug === slug)) throw conflict(`custom provider '${slug}' is defined in the config file; change it there`);
    if (!list.stored.some((p) => p.slug === slug)) throw notFound(slug);
    return list.stored;
  };

  app.put('/:slug', async (c) => {
    const slug = c.req.param('slug');
    const list = await editable(slug);
    const provider = await parse(c.req.raw, slug);
    await sync.save(list.map((p) => (p.slug === slug ? provider : p)));
    return ok(view(provider, 'admin'));
  });

  app.delete('/:slug', async (c) => {
    const slug = c.req.param('slug');
    const list = await editable(slug);
    await sync.save(list.filter((p) => p.slug !== slug));
    return ok({ slug });
  });

  return app;
}
