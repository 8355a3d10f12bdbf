/**
 * Efficiency factors: the empirical corrections that turn datasheet peaks into achieved speed.
 * Kept as data (`catalog/efficiency-priors.json`, sourced; `catalog/efficiency-fit.json`, written
 * by `npm run calibrate`) and resolved per hardware class, family and serving engine.
 * @module
 */
import priorsJson from "../../catalog/efficiency-priors.json" with { type: "json" };
import fitJson from "../../catalog/efficiency-fit.json" with { type: "json" };
import type { ArchitectureClass } from "../hardware/schema.js";
import type { BytesPerSecond, Seconds } from "../units.js";

/** Dimensionless fractions of peak, and fixed latencies in seconds. */
export interface Efficiency {
  /** Large-M GEMM throughput as a fraction of dense peak (16-bit). */
  readonly gemmMax: number;
  /** Tokens (GEMM M) at which GEMM efficiency reaches half of `gemmMax`: eff(M) = gemmMax·M/(M+mHalf). */
  readonly gemmMHalf: number;
  /** Multiplier on `gemmMax` for 8- and 4-bit GEMMs. */
  readonly lowPrecisionGemm: number;
  /**
   * Further multiplier for GEMMs on 4-bit (FP4) matrix engines: the share of the ideal FP4-over-FP8
   * speed-up that dense 4-bit kernels reach (fitted to kernel timings by `npm run fit-kernels`).
   */
  readonly fourBitGemm: number;
  /** Prefill (context) attention, fraction of 16-bit peak. */
  readonly attnPrefill: number;
  /** Weight streaming, fraction of memory bandwidth. */
  readonly memory: number;
  /** Decode attention KV reads, fraction of memory bandwidth. */
  readonly kvRead: number;
  /**
   * Bytes per second one thread block of a decode-attention kernel streams when the kernel gives
   * each sequence and head a single block (no split along the sequence: TensorRT-LLM ≤ 0.11 without
   * multi-block mode). Such a kernel cannot take less than one head's KV over this rate, however
   * little KV the step reads in all; see `DeploymentSpec.decodeAttention`.
   */
  readonly kvBlockBandwidth: BytesPerSecond;
  /** Fixed time per GEMM or attention kernel. */
  readonly opLatency: Seconds;
  /** Fixed time per layer per step (norms, RoPE, small kernels). */
  readonly layerOverhead: Seconds;
  /** Fixed time per engine step (scheduling, sampling, launch). */
  readonly stepOverhead: Seconds;
  /**
   * Extra fixed time per layer for a step that carries prompt tokens: engines replay decode-only
   * steps from captured CUDA graphs and run steps with prompts (prefill or mixed) eagerly, paying
   * the kernel launches the graph hides — a number that grows with the layers.
   */
  readonly prefillLayerOverhead: Seconds;
  /** Host time per sequence per step (scheduling, sampling, detokenisation). */
  readonly seqOverhead: Seconds;
  /** Collective bandwidth, fraction of the scale-up (or scale-out) link. */
  readonly comm: number;
  /** Fixed time per collective. */
  readonly commLatency: Seconds;
  /** Exponent p of the smooth roofline per operator, t = (t_compute^p + t_memory^p)^(1/p): the larger, the closer to max() (see `smoothRoofline`). */
  readonly rooflineSharpness: number;
  /** Multiplier (≥ 1) on expert compute for routing imbalance. */
  readonly moeImbalance: number;
  /**
   * Share (≤ 1) of the ideal low-precision speed-up that grouped 8-bit MoE kernels reach: experts
   * stored in 8 bits run at this fraction of the speed their bytes and peak imply (fitted to kernel
   * timings by `npm run fit-kernels`, not to end-to-end rows).
   */
  readonly moeLowPrecision: number;
  /** The same share for experts that run on FP4 matrix engines, from FP4 kernel timings where they exist. */
  readonly moeFourBit: number;
}

export const EFFICIENCY_KEYS = [
  "gemmMax", "gemmMHalf", "lowPrecisionGemm", "fourBitGemm", "attnPrefill", "memory", "kvRead", "kvBlockBandwidth",
  "opLatency", "layerOverhead", "stepOverhead", "prefillLayerOverhead", "seqOverhead", "comm", "commLatency", "rooflineSharpness", "moeImbalance", "moeLowPrecision", "moeFourBit",
] as const satisfies readonly (keyof Efficiency)[];
export type EfficiencyKey = (typeof EFFICIENCY_KEYS)[number];

type Sourced = { value: number; source: string };
type SourcedSet = Partial<Record<EfficiencyKey, Sourced>>;
type PlainSet = Partial<Record<EfficiencyKey, number>>;

export interface EfficiencyTables {
  readonly priors: {
    readonly default: Record<EfficiencyKey, Sourced>;
    readonly classes: Readonly<Record<string, SourcedSet>>;
    readonly families: Readonly<Record<string, SourcedSet>>;
  };
  readonly fit: {
    readonly classes: Readonly<Record<string, PlainSet>>;
    readonly families: Readonly<Record<string, PlainSet>>;
    readonly engines: Readonly<Record<string, PlainSet>>;
    readonly familyEngines: Readonly<Record<string, PlainSet>>;
  };
}

/** The tables shipped in the catalog. */
export const BUILTIN_EFFICIENCY: EfficiencyTables = {
  priors: priorsJson as unknown as EfficiencyTables["priors"],
  fit: fitJson as unknown as EfficiencyTables["fit"],
};

/**
 * Serving engines with their own calibrated overheads: `trtllm` is TensorRT-LLM's PyTorch
 * runtime (the default since v0.20), `trtllm-engine` its earlier compiled-engine runtime
 * (v0.9–v0.14, MLPerf submissions); `vendor` covers each SRAM/ASIC vendor's own stack.
 */
export const ENGINES = ["trtllm", "trtllm-engine", "vllm", "sglang", "vendor", "generic"] as const;
export type Engine = (typeof ENGINES)[number];

/** Map a free-text framework name (as in measurement files) to an engine key. */
export function engineOf(framework: string): Engine {
  const f = framework.toLowerCase();
  if (f.includes("pytorch backend")) return "trtllm";
  if (f.includes("tensorrt") || f.includes("trt")) {
    const v = /v?(\d+)\.(\d+)/.exec(f);
    const legacy = !v || Number(v[1]) === 0 && Number(v[2]) < 20 || /tensorrt \d/.test(f) || /2024/.test(f);
    return legacy ? "trtllm-engine" : "trtllm";
  }
  if (f.includes("vllm")) return "vllm";
  if (f.includes("sglang")) return "sglang";
  if (/cerebras|groq|samba|deepspeed|habana|optimum|tgi|jetstream|neuron/.test(f)) return "vendor";
  return "generic";
}

function apply(into: Record<string, number>, set: SourcedSet | PlainSet | undefined) {
  if (!set) return;
  for (const [k, v] of Object.entries(set)) {
    if (v === undefined) continue;
    into[k] = typeof v === "number" ? v : v.value;
  }
}

/**
 * Efficiency for a hardware class/family and engine: priors (default → class → family), then
 * fitted values (class → family → engine → family×engine), each layer overriding the last.
 */
export function resolveEfficiency(
  cls: ArchitectureClass,
  family: string,
  engine: Engine = "generic",
  tables: EfficiencyTables = BUILTIN_EFFICIENCY,
  overrides?: Partial<Efficiency>,
): Efficiency {
  const e: Record<string, number> = {};
  apply(e, tables.priors.default);
  apply(e, tables.priors.classes[cls]);
  apply(e, tables.priors.families[family]);
  apply(e, tables.fit.classes[cls]);
  apply(e, tables.fit.families[family]);
  apply(e, tables.fit.engines[engine]);
  apply(e, tables.fit.familyEngines[`${family}/${engine}`]);
  if (overrides) apply(e, overrides as PlainSet);
  return e as unknown as Efficiency;
}

/** A prediction interval: multipliers on a prediction (10th and 90th percentile of measured ÷ predicted). */
export interface IntervalSpec {
  readonly p10: number;
  readonly p90: number;
  /** Out-of-fold rows behind it. */
  readonly n: number;
}

/** What the calibration run recorded beside the fit (see `npm run calibrate`). */
export interface CalibrationMeta {
  readonly source?: string;
  readonly rows?: number;
  /** class → metric group → interval. */
  readonly intervals: Readonly<Record<string, Readonly<Record<string, IntervalSpec>>>>;
  readonly params?: readonly { key: string; level: string; scopes: readonly string[]; name: string; prior: number; value: number }[];
  readonly report?: {
    readonly inSample: Readonly<Record<string, unknown>>;
    readonly outOfFold: Readonly<Record<string, unknown>>;
    readonly outOfFoldBySource: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  };
}

export const BUILTIN_CALIBRATION: CalibrationMeta = {
  intervals: {},
  ...(fitJson as unknown as Partial<CalibrationMeta>),
};
