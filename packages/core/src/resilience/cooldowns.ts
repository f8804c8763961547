import type { GatewayDeps } from '../gateway-deps.ts';
import type { EffectiveSettings } from '../gateway-resolver.ts';
import { incrementIn, usedIn, windowAt } from '../rate-limit/window.ts';
import type { CooldownRecord } from './cooldown-store.ts';
import { COOLDOWN_DEFAULTS } from './cooldown-settings.ts';
import type { CooldownTarget } from './cooldown-target.ts';

/** When a target trips, and for how long it is skipped. */
export interface CooldownPolicy {
  failureRatio: number;
  minCalls: number;
  windowMs: number;
  durationMs: number;
}

/** The gateway's breaker policy; undefined when `cooldown_duration` is 0 (off). */
export function cooldownPolicyOf(settings: Partial<EffectiveSettings>): CooldownPolicy | undefined {
  const duration = settings.cooldown_duration ?? COOLDOWN_DEFAULTS.cooldown_duration;
  if (duration === 0) return undefined;
  return {
    failureRatio: settings.cooldown_failure_ratio ?? COOLDOWN_DEFAULTS.cooldown_failure_ratio,
    minCalls: settings.cooldown_min_calls ?? COOLDOWN_DEFAULTS.cooldown_min_calls,
    windowMs: (settings.cooldown_window ?? COOLDOWN_DEFAULTS.cooldown_window) * 1000,
    durationMs: duration * 1000,
  };
}

/** May a call go to the target? `probe`: yes, as the one call that decides whether it recovered. */
export type Admission = { kind: 'closed' } | { kind: 'probe' } | { kind: 'open'; retryAfterSeconds: number };

/** How long one instance holds the probe before another may take it (a probe that never ends). */
const PROBE_LEASE_MS = 60_000;

/**
 * Circuit breakers for provider targets, shared through storage so instances agree. Closed: calls
 * go through and their outcomes are counted in a sliding window; at `failureRatio` of at least
 * `minCalls` the target opens for `durationMs`, then exactly one call (across instances) probes
 * it: success closes it and forgets the statistics, failure opens it again. State is cached per
 * process for `cacheMs`, so another instance's change is seen within that time.
 */
export class Cooldowns {
  private readonly cache = new Map<string, { record: CooldownRecord | undefined; expires: number }>();

  constructor(
    private readonly deps: Pick<GatewayDeps, 'storage' | 'clock' | 'logger'>,
    private readonly cacheMs = 1000,
  ) {}

  async admit(target: CooldownTarget): Promise<Admission> {
    const now = this.deps.clock.now();
    const record = await this.read(target.key, now);
    if (!record) return { kind: 'closed' };
    if (now < record.until) return { kind: 'open', retryAfterSeconds: Math.max(1, Math.ceil((record.until - now) / 1000)) };
    if (record.probe_until !== null && record.probe_until > now) return { kind: 'open', retryAfterSeconds: 1 };
    const lease = now + PROBE_LEASE_MS;
    if (await this.deps.storage.cooldowns.claimProbe(target.key, now, lease)) {
      this.remember({ ...record, probe_until: lease }, now);
      return { kind: 'probe' };
    }
    this.cache.delete(target.key);
    return { kind: 'open', retryAfterSeconds: 1 };
  }

  /** Counts one call's outcome; `ok` means the provider answered with a non-retryable status. */
  async record(target: CooldownTarget, policy: CooldownPolicy, admission: Admission, ok: boolean): Promise<void> {
    const now = this.deps.clock.now();
    const calls = windowAt(`cd:c:${target.key}:${policy.windowMs}`, now, policy.windowMs, 'sliding');
    const failures = windowAt(`cd:f:${target.key}:${policy.windowMs}`, now, policy.windowMs, 'sliding');
    if (admission.kind === 'probe') {
      if (ok) {
        await this.deps.storage.cooldowns.deleteCooldown(target.key);
        const keys = [calls, failures].flatMap((w) => [w.key, w.previous?.key ?? w.key]);
        await this.deps.storage.counters.deleteCounters(keys);
        this.cache.set(target.key, { record: undefined, expires: now + this.cacheMs });
        this.deps.logger.info(`[aigw] [cooldown] ${target.provider} (${target.target}) recovered: probe succeeded`);
      } else {
        await this.open(target, policy, now, 1, 1);
      }
      return;
    }
    if (admission.kind !== 'closed') return;
    const counted = await this.deps.storage.counters.incrementCounter(incrementIn(calls, 1));
    if (ok || !counted) return;
    const failed = await this.deps.storage.counters.incrementCounter(incrementIn(failures, 1));
    if (!failed) return;
    const callCount = usedIn(calls, counted);
    const failureCount = usedIn(failures, failed);
    if (callCount >= policy.minCalls && failureCount / callCount >= policy.failureRatio) {
      await this.open(target, policy, now, Math.round(failureCount), Math.round(callCount));
    }
  }

  private async open(target: CooldownTarget, policy: CooldownPolicy, now: number, failures: number, calls: number): Promise<void> {
    const record: CooldownRecord = { ...target, opened_at: now, until: now + policy.durationMs, probe_until: null, failures, calls };
    await this.deps.storage.cooldowns.openCooldown(record);
    this.remember(record, now);
    this.deps.logger.info(
      `[aigw] [cooldown] ${target.provider} (${target.target}) skipped by fallback chains for ${policy.durationMs / 1000} s after ${failures} of ${calls} calls failed`,
    );
  }

  private async read(key: string, now: number): Promise<CooldownRecord | undefined> {
    const hit = this.cache.get(key);
    if (hit && hit.expires > now) return hit.record;
    const record = await this.deps.storage.cooldowns.getCooldown(key);
    this.cache.set(key, { record, expires: now + this.cacheMs });
    return record;
  }

  private remember(record: CooldownRecord | undefined, now: number): void {
    if (record) this.cache.set(record.key, { record, expires: now + this.cacheMs });
  }

  /** Forgets cached state (the admin API changed it). */
  invalidate(key?: string): void {
    if (key === undefined) this.cache.clear();
    else this.cache.delete(key);
  }
}
