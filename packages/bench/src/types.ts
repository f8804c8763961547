/** The shape of bench-results/latest.json. Times in ms, memory in MB, rates in requests/s. */

export interface Pct {
  p50: number;
  p99: number;
}

/** Item 1: time to first byte, one request at a time, through each path. */
export interface AddedLatency {
  requests: number;
  direct: Pct;
  rawProxy: Pct;
  gateway: Pct;
  /** gateway − direct. */
  added: Pct;
  /** raw proxy − direct: the floor. */
  rawAdded: Pct;
  /** added / rawAdded. */
  ratioToRaw: { p50: number | null; p99: number | null };
}

/** Item 2: CPU of the serving process at a fixed rate. */
export interface CpuFigure {
  requests: number;
  rate: number;
  achievedRate: number;
  gatewayMsPerRequest: number;
  rawProxyMsPerRequest: number;
  ratioToRaw: number | null;
}

export interface LoadFigure {
  rps: number;
  p99: number;
  errors: number;
}

/** Item 3. */
export interface ThroughputFigure {
  connections: number;
  direct: LoadFigure;
  rawProxy: LoadFigure;
  gateway: LoadFigure;
  gatewayVsDirect: number | null;
  gatewayVsRaw: number | null;
}

/** Item 4: a mock that drips `chunks` SSE chunks `delayMs` apart. */
export interface StreamingFigure {
  chunks: number;
  delayMs: number;
  requests: number;
  ttft: { direct: Pct; rawProxy: Pct; gateway: Pct };
  addedTtft: Pct;
  /** Gap between consecutive chunks: gateway − direct. */
  addedChunkGap: { mean: number; p50: number; p99: number };
  rawAddedChunkGap: { mean: number; p50: number; p99: number };
  /** Chunks the client saw per response through the gateway (coalescing shows here). */
  gatewayChunksPerResponse: number;
}

/** Item 5: one row per scenario. */
export interface ScenarioFigure {
  id: string;
  label: string;
  comparedTo: string;
  status: 'measured' | 'not implemented yet' | 'failed';
  reason?: string;
  latency?: Pct;
  baselineLatency?: Pct;
  rps?: number;
  baselineRps?: number;
  /** The median over rounds of the scenario's requests/s ÷ the baseline's in the same round. */
  rpsRatio?: number | null;
  /** The lowest and highest of those per-round ratios. */
  rpsRatioRange?: [number, number];
  /** CPU ms per request of the gateway process, all threads, at the CPU phase's fixed rate. */
  cpuMsPerRequest?: number;
  baselineCpuMsPerRequest?: number;
  cpuRatio?: number | null;
  /** The same, during the requests/s runs (saturation), charged until 0.7 s after each run. */
  saturatedCpuMsPerRequest?: number;
  baselineSaturatedCpuMsPerRequest?: number;
  saturatedCpuRatio?: number | null;
}

/** Item 6. */
export interface MemoryFigure {
  idleMb: number;
  peakMb: number;
  /** Median RSS of the soak's first three readings, and of its last three. */
  beforeSoakMb: number;
  afterSoakMb: number;
  /** RSS after each tenth of the soak (absent in older results). */
  soakSeriesMb?: number[];
  /** Requests sent at the soak's load before `beforeSoakMb` is read (absent in older results). */
  soakWarmupRequests?: number;
  soakRequests: number;
  soakErrors: number;
  growthPct: number;
  rawProxyIdleMb: number;
  rawProxyPeakMb: number;
  peakRatioToRaw: number | null;
}

export interface RuntimeResult {
  name: string;
  available: true;
  version: string;
  smokeOnly: boolean;
  latency: { json?: AddedLatency; sse?: AddedLatency };
  cpu: { json?: CpuFigure; sse?: CpuFigure };
  throughput: ThroughputFigure[];
  streaming?: StreamingFigure;
  scenarios: ScenarioFigure[];
  memory?: MemoryFigure;
  /** Phases that failed, with why. */
  errors: string[];
}

export interface UnavailableRuntime {
  name: string;
  available: false;
  reason: string;
}

export interface TargetCheck {
  runtime: string;
  name: string;
  target: string;
  value: number | null;
  unit: string;
  pass: boolean | null;
  /**
   * The same figure for the bench's raw `node:http` proxy in the same run (the floor of a Node
   * proxy on this machine), and whether it would meet the target itself. Absent for ratios.
   */
  rawProxy?: number | null;
  rawProxyPass?: boolean | null;
}

export interface Machine {
  cores: number;
  cpuModel: string;
  os: string;
  memoryGb: number;
  versions: Record<string, string>;
  /** RSS of an idle `node` and of an idle `node --import tsx` (how the Node app used to start), MB. */
  nodeIdleRssMb: { bare: number; withTsx: number };
  /** Node flags of `pnpm start` the Node gateway ran with (absent in older results). */
  nodeStartFlags?: string[];
}

export interface BenchResult {
  schema: 1;
  mode: string;
  date: string;
  durationS: number;
  /** 1-minute load average when the run started and ended: how noisy the machine was. */
  loadAverage: { start: number; end: number };
  machine: Machine;
  database: string;
  runtimes: (RuntimeResult | UnavailableRuntime)[];
  targets: TargetCheck[];
}
