import { OTHER_GROUP, type LogStore, type RollupQuery } from './log-store.ts';
import { ROLLUP_GRANULARITIES } from './rollup.ts';
import { planGroupQuery } from './rollup-groups.ts';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Most buckets in one answer. */
export const MAX_BUCKETS = 2000;
/**
 * Most rollup rows one chart may read: (range ÷ rollup granularity) × (groups + 1 for `(other)`).
 * The cost of a chart follows these rows (summing them, and packing every figure of every point),
 * so bounding them keeps every accepted query fast however many requests the range holds: at 1M
 * logs, 4,000–5,000 rows take 40–70 ms of CPU on a busy 2-core machine. 30 days by hour for 25
 * groups (18,720 rows, a 7 MB answer) is refused; by day (780 rows) it is not.
 */
export const MAX_ROLLUP_ROWS = 5000;
/**
 * Most requests in range for a chart only the logged requests can answer (a metadata key with a
 * provider or model filter, or buckets under an hour): about 30 ms of reading at 1M logs.
 */
export const MAX_LOG_SCAN = 5_000;

/** Whether only the logged requests can answer the query (see `MAX_LOG_SCAN`). */
export const readsLogs = (q: Pick<RollupQuery, 'groupBy' | 'providers' | 'models' | 'granularity'>): boolean =>
  typeof q.groupBy === 'object' && !planGroupQuery(q);

/** Bucket widths tried, smallest first, when the caller names none. */
export const BUCKET_LADDER: readonly number[] = [MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR, 6 * HOUR, DAY, 7 * DAY];

/** What the caller asked for: a time range, optionally a bucket width, and the number of groups. */
export interface AnalyticsRequest {
  start: number;
  end: number;
  /** Absent: chosen from the range and the row bound. */
  bucketMs?: number;
  /** Groups kept (with a group_by); absent without one. */
  groupLimit?: number;
  /** Smallest default bucket: hours for a metadata key, whose rollups keep hours and days only. */
  minBucketMs?: number;
  /**
   * How many groups the range holds at most, when known (from `groupCount`): the rows a bucket
   * reads are then min(groupLimit, groups) + 1, not groupLimit + 1.
   */
  groups?: number;
}

/** The rollup query that answers: bucket-aligned [from, to), the bucket width and the granularity to read. */
export interface AnalyticsPlan {
  from: number;
  to: number;
  bucketMs: number;
  granularity: number;
  /** Rollup rows the query reads at most (per gateway). */
  rows: number;
}

export class AnalyticsPlanError extends Error {}

/** A bucket width that gives at most ~120 points for the range. */
function defaultBucket(range: number): number {
  if (range <= 2 * HOUR) return MINUTE;
  if (range <= 6 * HOUR) return 5 * MINUTE;
  if (range <= 2 * DAY) return HOUR;
  if (range <= 14 * DAY) return 6 * HOUR;
  return DAY;
}

/** The plan for one bucket width: aligned range, coarsest granularity the buckets are made of, rows read. */
export function planFor(start: number, end: number, bucketMs: number, groupLimit: number | undefined, groups = Infinity): AnalyticsPlan {
  const from = start - (start % bucketMs);
  const to = end % bucketMs === 0 ? end : end - (end % bucketMs) + bucketMs;
  const granularity = [...ROLLUP_GRANULARITIES].reverse().find((g) => bucketMs % g === 0 && from % g === 0) ?? MINUTE;
  const perBucket = groupLimit === undefined ? 1 : Math.min(groupLimit, groups) + (groups > groupLimit ? 1 : 0);
  return { from, to, bucketMs, granularity, rows: Math.ceil((to - from) / granularity) * Math.max(1, perBucket) };
}

/**
 * The whole UTC days around [start, end): a cheap superset of the range for counting its groups
 * from day rollups (`groups` above).
 */
export function dayCover(start: number, end: number): { from: number; to: number } {
  const from = start - (start % DAY);
  return { from, to: end % DAY === 0 ? end : end - (end % DAY) + DAY };
}

/** Whether counting the range's groups could give a finer default bucket, or avoid a refusal. */
export function groupCountHelps(request: AnalyticsRequest): boolean {
  if (request.groupLimit === undefined || request.groups !== undefined) return false;
  try {
    return planAnalytics(request).bucketMs !== planAnalytics({ ...request, groups: 1 }).bucketMs;
  } catch {
    return true;
  }
}

/**
 * Groups in the days around the query's range (at most `limit + 1` counted, from day rollups:
 * a ranking and a few rows). Undefined for a metadata key: a key past the first ten would be
 * counted from the logs of whole days.
 */
export async function countGroups(
  store: Pick<LogStore, 'queryRollups'>,
  query: Omit<RollupQuery, 'from' | 'to' | 'bucketMs' | 'granularity' | 'groupLimit'> & { groupBy: NonNullable<RollupQuery['groupBy']> },
  start: number,
  end: number,
  limit: number,
): Promise<number | undefined> {
  if (typeof query.groupBy === 'object' || readsLogs({ ...query, granularity: DAY })) return undefined;
  const days = dayCover(start, end);
  const rows = await store.queryRollups({ ...query, ...days, bucketMs: days.to - days.from, granularity: DAY, groupLimit: limit + 1 });
  return rows.some((r) => r.group === OTHER_GROUP) ? limit + 2 : rows.length;
}

/**
 * Chooses the bucket width (when the caller named none: the ~120-point default, coarser while the
 * query would read more than `MAX_ROLLUP_ROWS` rows) and the rollup granularity to read. Throws
 * `AnalyticsPlanError` with the reason when no width fits.
 *
 * @example
 * planAnalytics({ start: now - 30 * DAY, end: now, groupLimit: 25 }) // day buckets, day rollups
 */
export function planAnalytics({ start, end, bucketMs, groupLimit, minBucketMs = 0, groups }: AnalyticsRequest): AnalyticsPlan {
  if (bucketMs !== undefined) {
    const plan = planFor(start, end, bucketMs, groupLimit, groups);
    check(plan, 'choose a larger bucket');
    return plan;
  }
  const first = Math.max(defaultBucket(end - start), minBucketMs);
  let plan: AnalyticsPlan | undefined;
  for (const width of BUCKET_LADDER) {
    if (width < first) continue;
    plan = planFor(start, end, width, groupLimit, groups);
    if (plan.rows <= MAX_ROLLUP_ROWS && (plan.to - plan.from) / width <= MAX_BUCKETS) return plan;
  }
  check(plan!, 'choose a shorter range');
  return plan!;
}

function check(plan: AnalyticsPlan, advice: string): void {
  if ((plan.to - plan.from) / plan.bucketMs > MAX_BUCKETS) throw new AnalyticsPlanError(`at most ${MAX_BUCKETS} buckets: ${advice} or a shorter range`);
  if (plan.rows > MAX_ROLLUP_ROWS) {
    throw new AnalyticsPlanError(
      `this chart would read ${plan.rows} rollup rows (at most ${MAX_ROLLUP_ROWS}: buckets of the rollup read × (group_limit + 1)): ${advice}, a smaller group_limit or a shorter range`,
    );
  }
}
