/**
 * How much work each mode does. Full ≈ 3–6 min per runtime; quick < 60 s on a quiet machine (Node
 * only, scenarios without throughput figures).
 */

export interface Mode {
  name: 'full' | 'quick' | 'tiny';
  /** Runtimes tried when --runtimes is not given. */
  runtimes: string[];
  /** Sequential latency: unmeasured requests per target, then measured ones (JSON and SSE each). */
  warmup: number;
  latencyCount: number;
  /** CPU per request: requests at a fixed rate, per target and kind. */
  cpuCount: number;
  cpuRate: number;
  /** Throughput: seconds per autocannon run and the connection counts. */
  throughputS: number;
  /** Rounds of direct → raw proxy → gateway (reversed every other round), each `throughputS / rounds` long, so drifting noise hits all three. */
  throughputRounds: number;
  connections: number[];
  /** Streaming drip: chunks per response, ms between chunks, responses per target. */
  dripChunks: number;
  dripDelayMs: number;
  dripCount: number;
  /**
   * Scenarios (item 5): sequential requests per target, autocannon seconds per target (0: no
   * throughput figure) in `scenarioRounds` rounds, and requests per target and round at `cpuRate`
   * for CPU per request (0: none).
   */
  scenarioCount: number;
  scenarioS: number;
  scenarioRounds: number;
  scenarioCpuCount: number;
  /** Memory soak: requests through the gateway. */
  soakRequests: number;
  /** Workers smoke: sequential requests per target. */
  smokeCount: number;
}

const ALL = ['node', 'bun', 'deno', 'workers'];

export const MODES: Record<Mode['name'], Mode> = {
  full: {
    name: 'full', runtimes: ALL, warmup: 500, latencyCount: 2500, cpuCount: 3000, cpuRate: 300,
    throughputS: 10, throughputRounds: 2, connections: [50, 200], dripChunks: 200, dripDelayMs: 1, dripCount: 30,
    scenarioCount: 1000, scenarioS: 16, scenarioRounds: 8, scenarioCpuCount: 1500, soakRequests: 100_000, smokeCount: 300,
  },
  quick: {
    name: 'quick', runtimes: ['node'], warmup: 50, latencyCount: 150, cpuCount: 300, cpuRate: 300,
    throughputS: 1, throughputRounds: 1, connections: [50, 200], dripChunks: 200, dripDelayMs: 1, dripCount: 2,
    scenarioCount: 30, scenarioS: 0, scenarioRounds: 1, scenarioCpuCount: 0, soakRequests: 1000, smokeCount: 50,
  },
  /** For the package's own test: proves the machinery, measures nothing worth reading. */
  tiny: {
    name: 'tiny', runtimes: ['node'], warmup: 10, latencyCount: 30, cpuCount: 150, cpuRate: 300,
    throughputS: 1, throughputRounds: 1, connections: [50], dripChunks: 20, dripDelayMs: 1, dripCount: 2,
    scenarioCount: 20, scenarioS: 0, scenarioRounds: 1, scenarioCpuCount: 0, soakRequests: 500, smokeCount: 10,
  },
};
