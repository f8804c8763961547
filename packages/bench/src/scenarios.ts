/**
 * Item 5: gateway features measured against the default gateway (logs on, cache off, no limit).
 * One entry per scenario. Each names a gateway configured with `settings` (seeded through
 * AIGW_CONFIG_JSON), optional request headers, and a probe that says whether the feature works yet;
 * a scenario whose probe fails is reported "not implemented yet" instead of numbers.
 */

export interface ProbeReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

/** Sends one JSON chat request to a gateway of this run. */
export type ProbeSend = (gateway: string, headers?: Record<string, string>) => Promise<ProbeReply>;

export interface Scenario {
  id: string;
  label: string;
  /** What it is compared to (always the default gateway today). */
  comparedTo: string;
  /** The gateway this scenario's requests go to, and its settings (SPEC §4 names). */
  gateway: string;
  settings: Record<string, unknown>;
  headers?: Record<string, string>;
  /**
   * Extra environment for the gateway process. Every scenario shares one process per runtime, so
   * this must not change how the default gateway behaves (it would skew every other figure).
   */
  env?: Record<string, string>;
  /** Extra gateways the probe needs, e.g. one with a limit of 1. */
  probeGateways?: Record<string, Record<string, unknown>>;
  /** Undefined when the feature works; otherwise why not. May prime state (a cache entry). */
  probe(send: ProbeSend): Promise<string | undefined>;
}

const header = (r: ProbeReply, name: string) => [r.headers[name]].flat()[0];

export const SCENARIOS: Scenario[] = [
  {
    id: 'cache-hit',
    label: 'Cache HIT',
    comparedTo: 'cache off',
    gateway: 'bench-cache',
    settings: { cache_ttl: 3600 },
    async probe(send) {
      await send('bench-cache');
      const r = await send('bench-cache');
      return header(r, 'cf-aig-cache-status') === 'HIT' ? undefined : 'a repeated request gets no cf-aig-cache-status: HIT';
    },
  },
  {
    id: 'logs-off',
    label: 'Logging off',
    comparedTo: 'logging on',
    gateway: 'bench-nolog',
    settings: { collect_logs: false },
    async probe(send) {
      const r = await send('default');
      return header(r, 'cf-aig-log-id') ? undefined : 'responses of a gateway with logs on carry no cf-aig-log-id';
    },
  },
  {
    id: 'rate-limit-on',
    label: 'Rate limiting on (never reached)',
    comparedTo: 'rate limiting off',
    gateway: 'bench-ratelimit',
    settings: { rate_limiting_limit: 1_000_000_000, rate_limiting_interval: 60, rate_limiting_technique: 'sliding' },
    probeGateways: { 'bench-ratelimit-probe': { rate_limiting_limit: 1, rate_limiting_interval: 60, rate_limiting_technique: 'fixed' } },
    async probe(send) {
      await send('bench-ratelimit-probe');
      const r = await send('bench-ratelimit-probe');
      return r.status === 429 ? undefined : `a gateway limited to 1 request a minute answered ${r.status} to the second`;
    },
  },
];

/** Environment for the gateway process: every scenario's env, and AIGW_CONFIG_JSON with their gateways. */
export function scenarioEnv(scenarios: Scenario[] = SCENARIOS): Record<string, string> {
  const gateways: Record<string, Record<string, unknown>> = {};
  const env: Record<string, string> = {};
  for (const s of scenarios) {
    gateways[s.gateway] = s.settings;
    Object.assign(gateways, s.probeGateways);
    Object.assign(env, s.env);
  }
  return { ...env, AIGW_CONFIG_JSON: JSON.stringify({ gateways }) };
}

