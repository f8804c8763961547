import { Hono } from 'hono';
import * as v from 'valibot';
import type { GatewayDeps } from '../gateway-deps.ts';
import { GatewayError, ErrorCode, unknownGateway } from '../errors.ts';
import { compileRules, GuardrailsSettingSchema } from '../guardrails/guardrail-rules.ts';
import type { GuardrailTrace } from '../guardrails/findings.ts';
import { guardWholeText } from '../guardrails/request-guard.ts';
import { recordHits } from '../guardrails/scan-text.ts';
import { ok, readJson } from './respond.ts';

const TestSchema = v.strictObject({
  text: v.pipe(v.string(), v.maxLength(1_000_000)),
  where: v.optional(v.picklist(['request', 'response']), 'request'),
  /** Rules to try instead of the gateway's (e.g. before saving them). */
  rules: v.optional(GuardrailsSettingSchema),
});

/**
 * `POST /api/v1/gateways/{id}/guardrails/test` `{text, where?, rules?}`: runs the gateway's rules
 * (or the given ones) over a text without calling anything. Answers the findings, the text as it
 * would be sent, and the error a block would give. For writing rules; the moderation hook is not
 * called.
 */
export function guardrailRoutes(deps: GatewayDeps) {
  const app = new Hono();
  app.post('/test', async (c) => {
    const id = c.req.param('id') ?? '';
    const record = await deps.storage.gateways.getGateway(id);
    if (!record && id !== 'default') throw unknownGateway(id);
    const parsed = v.safeParse(TestSchema, await readJson(c.req.raw));
    if (!parsed.success) throw new GatewayError(ErrorCode.invalidRequest, 400, `[aigw] [admin] ${v.summarize(parsed.issues).replaceAll('\n', '; ')}`);
    const { text, where, rules } = parsed.output;
    const compiled = compileRules(rules ?? record?.settings.guardrails ?? []).filter((r) => r[where]);
    const trace: { guardrails?: GuardrailTrace } = {};
    try {
      const output = guardWholeText(text, compiled, (hits) => recordHits(trace, hits, where), where);
      return ok({ findings: trace.guardrails?.findings ?? [], output, blocked: null });
    } catch (err) {
      if (!(err instanceof GatewayError)) throw err;
      return ok({ findings: trace.guardrails?.findings ?? [], output: null, blocked: { code: err.code, message: err.message } });
    }
  });
  return app;
}
