/**
 * The app's state: every input of every view, by URL parameter name, with its default and the
 * view it belongs to. Parameters of the first views (Compare, Pareto, Validation, Catalog) are
 * shared and always written; those of Simulate and Plan only while that view is shown, so links
 * to the other views stay short. Values stay strings as typed; the worker checks them.
 * @module
 */

/** Everything a view can show, by URL parameter name. */
export interface AppState {
  /** Active view id (see the view registry). */
  readonly view: string;
  readonly model: string;
  /** Compare/Pareto: selected hardware ids, in order. */
  readonly hw: readonly string[];
  /** Hardware the Compare ratios divide by (default: the first selected). */
  readonly baseline: string;
  readonly batch: string;
  readonly input: string;
  readonly output: string;
  /** Weight format; empty = the model's release format. */
  readonly precision: string;
  readonly engine: string;
  /** Total chips; empty = the fewest that fit. */
  readonly chips: string;
  /** Pareto axes: "log" or "linear". */
  readonly scale: string;
  /** Validation dataset: "calibration" or "oof". */
  readonly data: string;
  /** Validation grouping (metric, hardware, source, model, hardwareClass). */
  readonly by: string;

  /** Simulate: the hardware of every replica (and of both pools unless they name their own). */
  readonly sim_hw: string;
  /** Simulate: chips, tensor- and pipeline-parallel degrees per replica; empty = the fewest that fit. */
  readonly sim_chips: string;
  readonly tp: string;
  readonly pp: string;
  /** Simulate: workload preset, arrival rate (empty = the preset's), stop after requests or seconds. */
  readonly workload: string;
  readonly rate: string;
  readonly requests: string;
  readonly duration: string;
  readonly replicas: string;
  /** Simulate: serving mode (core SERVING_MODES) and router (core ROUTERS). */
  readonly scheduler: string;
  readonly router: string;
  readonly seed: string;
  /** Simulate: "1"/"0" switches: prefix caching, the preset's time-of-day profile, layer-wise KV streaming. */
  readonly prefix: string;
  readonly diurnal: string;
  /** Simulate, disaggregated: the pools (hardware empty = sim_hw) and the KV link overrides. */
  readonly prefill_hw: string;
  readonly prefill_chips: string;
  readonly prefill_replicas: string;
  readonly decode_hw: string;
  readonly decode_chips: string;
  readonly decode_replicas: string;
  readonly link_gbps: string;
  readonly link_us: string;
  readonly layerwise: string;

  /** Plan: workload preset and demand (LLM requests/s). */
  readonly plan_workload: string;
  readonly demand: string;
  /** Plan: SLO bounds, ms; empty = the preset's. */
  readonly ttft_p99: string;
  readonly tpot_p99: string;
  /** Plan: hardware searched. */
  readonly plan_hw: readonly string[];
  /** Plan: cost basis, "rental" or "ownership". */
  readonly cost: string;
  /** Plan: "1" checks the two cheapest hardware with the simulator. */
  readonly confirm: string;
  /** Plan: disaggregated pairings, prefill and decode candidates. */
  readonly prefill_set: readonly string[];
  readonly decode_set: readonly string[];
}

/** Defaults, declared once: the CLI's workload defaults, the README's comparison, modest runs. */
export const DEFAULT_STATE: AppState = {
  view: "compare",
  model: "llama-3.3-70b",
  hw: ["h100-sxm", "h200-sxm", "b200", "mi300x", "cerebras-cs3", "groq-lpu"],
  baseline: "h100-sxm",
  batch: "1",
  input: "1024",
  output: "128",
  precision: "fp8",
  engine: "generic",
  chips: "",
  scale: "log",
  data: "calibration",
  by: "metric",

  sim_hw: "b200",
  sim_chips: "",
  tp: "",
  pp: "",
  workload: "code-chat",
  rate: "1",
  requests: "2000",
  duration: "",
  replicas: "4",
  scheduler: "chunked",
  router: "least-outstanding",
  seed: "1",
  prefix: "1",
  diurnal: "1",
  prefill_hw: "",
  prefill_chips: "",
  prefill_replicas: "1",
  decode_hw: "",
  decode_chips: "",
  decode_replicas: "1",
  link_gbps: "",
  link_us: "",
  layerwise: "0",

  plan_workload: "coding-agent",
  demand: "10",
  ttft_p99: "",
  tpot_p99: "",
  plan_hw: ["h100-sxm", "h200-sxm", "b200", "gb200", "mi355x", "tpu-v7", "cerebras-cs3", "groq-lpu"],
  cost: "rental",
  confirm: "0",
  prefill_set: ["b200", "mi355x"],
  decode_set: ["groq-lpu", "cerebras-cs3", "mi355x"],
};

/** Parameters holding a comma-separated list of ids. */
export const LIST_KEYS: ReadonlySet<keyof AppState> = new Set<keyof AppState>(["hw", "plan_hw", "prefill_set", "decode_set"]);

const SIMULATE_KEYS: readonly (keyof AppState)[] = [
  ...["sim_hw", "sim_chips", "tp", "pp", "workload", "rate", "requests", "duration", "replicas", "scheduler", "router", "seed", "prefix", "diurnal"],
  ...["prefill_hw", "prefill_chips", "prefill_replicas", "decode_hw", "decode_chips", "decode_replicas", "link_gbps", "link_us", "layerwise"],
] as (keyof AppState)[];
const PLAN_KEYS: readonly (keyof AppState)[] = ["plan_workload", "demand", "ttft_p99", "tpot_p99", "plan_hw", "cost", "confirm", "prefill_set", "decode_set"];

/** The view a parameter belongs to; absent: shared (always written). */
export const SCOPE: Readonly<Partial<Record<keyof AppState, string>>> = Object.fromEntries([...SIMULATE_KEYS.map((k) => [k, "simulate"]), ...PLAN_KEYS.map((k) => [k, "plan"])]);

/** Hardware ids a state refers to in its view (for the custom entries a link must carry). */
export function hardwareIds(s: AppState): string[] {
  if (s.view === "simulate") return [s.sim_hw, s.prefill_hw, s.decode_hw].filter(Boolean);
  if (s.view === "plan") return [...s.plan_hw, ...s.prefill_set, ...s.decode_set];
  return [...s.hw];
}

/** A "1"/"0" switch as a boolean. */
export const on = (v: string) => v === "1" || v === "true";
