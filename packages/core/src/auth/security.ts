import type { GatewayDeps } from '../gateway-deps.ts';
import type { Stage } from '../pipeline/context.ts';
import { budgetStage } from '../budgets/budget-stage.ts';
import { guardrailStages } from '../guardrails/guardrail-stages.ts';
import { ProviderKeys } from '../keys/provider-keys.ts';
import { checkSecretKey } from '../keys/secret-key-check.ts';
import { authStage } from './auth-stage.ts';
import { TokenVerifier } from './gateway-tokens.ts';

/** The per-gateway-instance state of issue 8's features, shared by stages and admin routes. */
export interface Security {
  tokens: TokenVerifier;
  keys: ProviderKeys;
  /** Marks a request the gateway sends to itself (moderation hook). */
  markInternal(request: Request): void;
  isInternal(request: Request): boolean;
}

const instances = new WeakMap<GatewayDeps, Security>();

/** The security state of a gateway (`deps`), created on first use. */
export function securityOf(deps: GatewayDeps): Security {
  let security = instances.get(deps);
  if (!security) {
    const internal = new WeakSet<Request>();
    security = {
      tokens: new TokenVerifier(deps),
      keys: new ProviderKeys(deps),
      markInternal: (request) => void internal.add(request),
      isInternal: (request) => internal.has(request),
    };
    instances.set(deps, security);
  }
  return security;
}

/** The stages of issue 8, in the places the pipeline puts them (see `createGateway`). */
export interface SecurityStages {
  /** Gateway tokens and stored provider keys: after logging, before the cache. */
  auth: Stage;
  /** Guardrails on the prompt (block, redact, moderation): before the cache. */
  guardRequest: Stage;
  /** Budgets and per-token request limits: after the rate limit. */
  budget: Stage;
  /** Guardrails on the answer: last before the upstream call. */
  guardResponse: Stage;
  /** Startup checks (the secret key against stored keys); call once storage is ready. */
  start(): Promise<void>;
}

/**
 * Builds the stages of authenticated gateways, stored keys, budgets and guardrails.
 * `selfFetch` sends a request through this same gateway (the moderation hook uses it).
 */
export function createSecurityStages(deps: GatewayDeps, selfFetch: (request: Request) => Promise<Response>): SecurityStages {
  const security = securityOf(deps);
  const guard = guardrailStages(deps, { isInternal: security.isInternal, markInternal: security.markInternal, selfFetch });
  return {
    auth: authStage({ tokens: security.tokens, keys: security.keys, isInternal: security.isInternal }),
    guardRequest: guard.request,
    budget: budgetStage(deps),
    guardResponse: guard.response,
    start: () => checkSecretKey(deps),
  };
}
