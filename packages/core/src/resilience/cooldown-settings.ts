import * as v from 'valibot';

/** Gateway settings of the circuit breaker; the defaults apply when a setting is absent. */
export const cooldownSettingsSchema = {
  /** Share of failed calls (0–1] that trips the breaker. */
  cooldown_failure_ratio: v.optional(v.pipe(v.number(), v.minValue(0.01), v.maxValue(1))),
  /** Fewest calls in the window before the ratio counts. */
  cooldown_min_calls: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000))),
  /** Seconds of history the ratio is computed over (sliding). */
  cooldown_window: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(86_400))),
  /** Seconds a tripped target is skipped before one probe; 0 turns the breaker off. */
  cooldown_duration: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(86_400))),
};

export const COOLDOWN_DEFAULTS = {
  cooldown_failure_ratio: 0.5,
  cooldown_min_calls: 5,
  cooldown_window: 30,
  cooldown_duration: 60,
} as const;
