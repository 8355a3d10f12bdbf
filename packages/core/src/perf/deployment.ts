/**
 * A deployment: hardware × chips × parallelism (TP/PP/EP/DP, attention data-parallel) × number
 * formats × serving engine. `resolveDeployment` validates the combination against the model and
 * fills defaults; every problem comes back as an issue with its path.
 * @module
 */
import { atPath, fail, issue, ok, type Issue, type Result } from "../errors.js";
import { BYTES_PER_ELEMENT, computeDtypeFor, type ComputeDtype, type Dtype } from "../dtype.js";
import { isSram, weightStore, type Hardware } from "../hardware/hardware.js";
import type { Model } from "../model/model.js";
import { isMoe } from "../model/model.js";
import { resolveEfficiency, type Efficiency, type EfficiencyTables, type Engine } from "./efficiency.js";

/** What a caller specifies; everything but hardware and model is optional. */
export interface DeploymentSpec {
  readonly hardware: Hardware;
  readonly model: Model;
  /** Total chips (tp × pp × dp). On SRAM machines, omitted = the minimum that fits. */
  readonly chips?: number;
  /** Tensor parallel degree per pipeline stage. */
  readonly tp?: number;
  /** Pipeline stages. */
  readonly pp?: number;
  /** Expert parallel degree (divides tp; experts are also tensor-sharded tp/ep ways). */
  readonly ep?: number;
  /** Independent replicas. */
  readonly dp?: number;
  /** Attention data-parallel inside the TP group (DeepSeek/TRT-LLM "DEP"): attention weights replicated, sequences split. */
  readonly attentionDp?: boolean;
  /** Format of linear-layer weights (default: the model's release format). */
  readonly weightDtype?: Dtype;
  /** Format of MoE expert weights (default: weightDtype). */
  readonly expertDtype?: Dtype;
  /** KV-cache format (default: fp8 when weights are 8-bit or smaller and the chip computes fp8, else bf16). */
  readonly kvDtype?: Dtype;
  /** Serving engine whose calibrated overheads apply. */
  readonly engine?: Engine;
  /** Fraction of chip memory the engine may use (default 0.9, vLLM's gpu_memory_utilization; SRAM machines the same, an estimate). */
  readonly memoryUtilization?: number;
  /** Largest token count per step (chunked-prefill budget), default 8192; per rank under attention DP. */
  readonly maxTokensPerStep?: number;
  /** Largest number of sequences per step, default 2048; per rank under attention DP. */
  readonly maxBatch?: number;
  /** Wafer-scale only: stream weights from external memory instead of holding them in SRAM. */
  readonly weightStreaming?: boolean;
  /**
   * How the decode-attention kernel spreads work (default `split`): `split` divides each sequence's
   * KV among thread blocks (flash-decoding, TensorRT-LLM multi-block mode, vLLM paged attention v2),
   * so a step's KV streams at memory bandwidth; `serial` gives each sequence and head one block that
   * reads its KV alone (TensorRT-LLM ≤ 0.11 unless `--multi_block_mode` is set), so a long context at
   * small batch takes its head's KV over one block's rate (`Efficiency.kvBlockBandwidth`).
   */
  readonly decodeAttention?: DecodeAttention;
  /**
   * How a step's tokens spread over a MoE layer's experts (default `spread`): `spread` routes each
   * token independently (uniform over experts), as independent requests do; `identical` sends every
   * token of a step, prompt tokens included, to the same top-k experts, as a benchmark that copies
   * one prompt over the batch and decodes greedily does (every sequence then routes alike; within a
   * prompt, exactly so only when its tokens are all the same), so only those experts' weights are
   * read. Under expert parallelism the busiest rank holds the expected largest share of them and
   * receives every rank's tokens. No effect on dense models.
   */
  readonly moeRouting?: MoeRouting;
  /** Efficiency overrides (for calibration and what-if). */
  readonly efficiency?: Partial<Efficiency>;
  /** Efficiency tables to resolve from (default: the catalog's priors and fit; calibration passes candidates). */
  readonly efficiencyTables?: EfficiencyTables;
  /** Concurrency and context the SRAM minimum-chip search must hold KV for (default 1 × model max 8192). */
  readonly sizingBatch?: number;
  readonly sizingContext?: number;
}

/** A validated deployment with every default filled in. */
export interface Deployment {
  readonly hardware: Hardware;
  readonly model: Model;
  readonly chips: number;
  readonly tp: number;
  readonly pp: number;
  readonly ep: number;
  readonly dp: number;
  readonly attentionDp: boolean;
  readonly weightDtype: Dtype;
  readonly expertDtype: Dtype;
  readonly kvDtype: Dtype;
  /** Matrix-engine format of linear layers and of experts. */
  readonly gemmDtype: ComputeDtype;
  readonly expertGemmDtype: ComputeDtype;
  readonly engine: Engine;
  readonly memoryUtilization: number;
  readonly maxTokensPerStep: number;
  readonly maxBatch: number;
  readonly weightStreaming: boolean;
  readonly decodeAttention: DecodeAttention;
  readonly moeRouting: MoeRouting;
  readonly efficiency: Efficiency;
}

export const DECODE_ATTENTION = ["split", "serial"] as const;
export type DecodeAttention = (typeof DECODE_ATTENTION)[number];
export const MOE_ROUTING = ["spread", "identical"] as const;
export type MoeRouting = (typeof MOE_ROUTING)[number];

export const DEPLOYMENT_DEFAULTS = {
  /** vLLM's gpu_memory_utilization default; taken for SRAM machines too (estimate). */
  memoryUtilization: 0.9,
  maxTokensPerStep: 8192,
  maxBatch: 2048,
} as const;

/**
 * Schedulers a replica runs: under attention DP each of the `tp` ranks schedules its own
 * sequences, up to the engine's per-rank limits (TensorRT-LLM's DeepSeek-R1 max-throughput recipe
 * runs `--max_batch_size 384` with attention DP on 8 GPUs as "Batch = 3072": docs/source/blogs/
 * Best_perf_practice_on_DeepSeek-R1_in_TensorRT-LLM.md).
 */
export const schedulerRanks = (d: Deployment): number => (d.attentionDp ? d.tp : 1);
/** Sequences one replica can run per step: maxBatch on each scheduler rank. */
export const batchCap = (d: Deployment): number => d.maxBatch * schedulerRanks(d);
/** Tokens one replica can compute per step: maxTokensPerStep on each scheduler rank. */
export const stepTokenBudget = (d: Deployment): number => d.maxTokensPerStep * schedulerRanks(d);

const isPosInt = (n: number) => Number.isInteger(n) && n > 0;

/** KV format when none is given: fp8 for 8- and 4-bit weights on chips with fp8, else bf16. */
export function defaultKvDtype(weight: Dtype, hw: Hardware): Dtype {
  const small = BYTES_PER_ELEMENT[weight] <= 1;
  return small && hw.peak.fp8 !== undefined ? "fp8" : "bf16";
}

/**
 * Can `tp` chips split the attention heads? TP must divide the query heads and divide or be a
 * multiple of the KV heads (replicating them); MLA's latent KV has no heads to split.
 */
function tpFitsHeads(model: Model, tp: number): boolean {
  const a = model.attention;
  return a.numHeads % tp === 0 && (a.kind === "mla" || a.numKvHeads % tp === 0 || tp % a.numKvHeads === 0);
}

/** Check parallel degrees against the model; collects every problem. */
export function checkParallelism(model: Model, tp: number, pp: number, ep: number, dp: number, attentionDp: boolean, path: string, sram = false): Issue[] {
  const out: Issue[] = [];
  const p = (k: string) => atPath(path, k);
  for (const [k, v] of [["tp", tp], ["pp", pp], ["ep", ep], ["dp", dp]] as const) {
    if (!isPosInt(v)) out.push(issue(p(k), `${k} must be a positive integer, got ${v}`));
  }
  if (out.length) return out;
  const a = model.attention;
  // SRAM machines: a compiler spreads each layer over the chips of a stage at fine grain, so a
  // stage's chip count need not divide the heads.
  if (!attentionDp && !sram && !tpFitsHeads(model, tp)) {
    out.push(
      issue(
        p("tp"),
        a.numHeads % tp !== 0
          ? `tensor parallel must divide the number of attention heads (${a.numHeads}), got ${tp}`
          : `tensor parallel must divide or be a multiple of the KV heads (${a.numKvHeads}), got ${tp}`,
      ),
    );
  }
  if (pp > model.numLayers) out.push(issue(p("pp"), `pipeline stages cannot exceed the layers (${model.numLayers}), got ${pp}`));
  if (ep > 1) {
    const moe = model.layers.find((g) => g.ffn.kind === "moe")?.ffn;
    if (!moe || moe.kind !== "moe") out.push(issue(p("ep"), `expert parallel needs a mixture-of-experts model; ${model.id} is dense, got ep ${ep}`));
    else {
      if (tp % ep !== 0) out.push(issue(p("ep"), `expert parallel must divide tensor parallel (${tp}), got ${ep}`));
      if (moe.experts % ep !== 0) out.push(issue(p("ep"), `expert parallel must divide the experts (${moe.experts}), got ${ep}`));
    }
  }
  return out;
}

/**
 * Validate and complete a deployment. Chip count: explicit, or tp × pp × dp, or (when nothing is
 * given) chosen later by the memory plan — see `autoSize` in memory-plan.ts.
 */
export function resolveDeployment(spec: DeploymentSpec, path = "deployment"): Result<Deployment> {
  const { hardware: hw, model } = spec;
  const issues: Issue[] = [];
  const p = (k: string) => atPath(path, k);
  if (!weightStore(hw)) issues.push(issue(p("hardware"), `${hw.id} has no memory to hold weights`));
  const sram = isSram(hw);
  let tp = spec.tp;
  let pp = spec.pp;
  const dp = spec.dp ?? 1;
  const ep = spec.ep ?? 1;
  const attentionDp = spec.attentionDp ?? false;
  if (spec.chips !== undefined && !isPosInt(spec.chips)) issues.push(issue(p("chips"), `chips must be a positive integer, got ${spec.chips}`));
  if (!isPosInt(dp)) issues.push(issue(p("dp"), `dp must be a positive integer, got ${dp}`));
  if (issues.length) return fail(...issues);
  const chips = spec.chips;
  if (chips !== undefined) {
    if (chips % dp !== 0) return fail(issue(p("chips"), `chips (${chips}) must be a multiple of dp (${dp})`));
    const perReplica = chips / dp;
    if (tp === undefined && pp === undefined) {
      [tp, pp] = sram ? sramLayout(model, perReplica) : hbmLayout(model, perReplica, hw.scaleUp.domainSize);
    } else if (tp === undefined) {
      tp = perReplica / (pp ?? 1);
    } else if (pp === undefined) {
      pp = perReplica / tp;
    }
    if (!Number.isInteger(tp) || !Number.isInteger(pp) || (tp ?? 0) * (pp ?? 0) * dp !== chips) {
      const given = `tp ${spec.tp ?? "?"} × pp ${spec.pp ?? "?"} × dp ${dp}`;
      return fail(issue(p("chips"), `chips (${chips}) must equal tp × pp × dp (${given})`));
    }
  }
  tp ??= 1;
  pp ??= 1;
  issues.push(...checkParallelism(model, tp, pp, ep, dp, attentionDp, path, sram));
  const weightDtype = spec.weightDtype ?? model.defaultWeightDtype;
  const expertDtype = spec.expertDtype ?? weightDtype;
  const kvDtype = spec.kvDtype ?? defaultKvDtype(weightDtype, hw);
  const util = spec.memoryUtilization ?? DEPLOYMENT_DEFAULTS.memoryUtilization;
  if (!(util > 0 && util <= 1)) issues.push(issue(p("memoryUtilization"), `must be in (0, 1], got ${util}`));
  const maxTokensPerStep = spec.maxTokensPerStep ?? DEPLOYMENT_DEFAULTS.maxTokensPerStep;
  if (!isPosInt(maxTokensPerStep)) issues.push(issue(p("maxTokensPerStep"), `must be a positive integer, got ${maxTokensPerStep}`));
  const maxBatch = spec.maxBatch ?? DEPLOYMENT_DEFAULTS.maxBatch;
  if (!isPosInt(maxBatch)) issues.push(issue(p("maxBatch"), `must be a positive integer, got ${maxBatch}`));
  if (spec.weightStreaming && hw.class !== "wafer-sram") issues.push(issue(p("weightStreaming"), `weight streaming applies to wafer-scale hardware only, not ${hw.id} (${hw.class})`));
  if (spec.weightStreaming && !hw.memory) issues.push(issue(p("weightStreaming"), `${hw.id} has no external memory to stream weights from`));
  const decodeAttention = spec.decodeAttention ?? "split";
  if (!(DECODE_ATTENTION as readonly string[]).includes(decodeAttention)) issues.push(issue(p("decodeAttention"), `must be one of ${DECODE_ATTENTION.join(", ")}, got ${String(decodeAttention)}`));
  const moeRouting = spec.moeRouting ?? "spread";
  if (!(MOE_ROUTING as readonly string[]).includes(moeRouting)) issues.push(issue(p("moeRouting"), `must be one of ${MOE_ROUTING.join(", ")}, got ${String(moeRouting)}`));
  if (isMoe(model) === false && spec.expertDtype) issues.push(issue(p("expertDtype"), `${model.id} has no experts`));
  if (issues.length) return fail(...issues);
  const has = (d: ComputeDtype) => hw.peak[d] !== undefined;
  return ok({
    hardware: hw,
    model,
    chips: tp * pp * dp,
    tp,
    pp,
    ep,
    dp,
    attentionDp,
    weightDtype,
    expertDtype,
    kvDtype,
    gemmDtype: computeDtypeFor(weightDtype, has),
    expertGemmDtype: computeDtypeFor(expertDtype, has),
    engine: spec.engine ?? "generic",
    memoryUtilization: util,
    maxTokensPerStep,
    maxBatch,
    weightStreaming: spec.weightStreaming ?? false,
    decodeAttention,
    moeRouting,
    efficiency: resolveEfficiency(hw.class, hw.family, spec.engine ?? "generic", spec.efficiencyTables, spec.efficiency),
  });
}

/** HBM machines: TP inside the scale-up domain (and dividing the heads), the rest as pipeline stages. */
export function hbmLayout(model: Model, chips: number, domain: number): [number, number] {
  for (let tp = Math.min(chips, domain); tp >= 1; tp--) {
    if (chips % tp !== 0 || !tpFitsHeads(model, tp)) continue;
    const pp = chips / tp;
    if (pp <= model.numLayers) return [tp, pp];
  }
  return [1, chips];
}

/**
 * SRAM machines: pipeline over layers first (one stage per chip up to one layer per stage), then
 * several chips per stage when there are more chips than layers: the fewest chips per stage that
 * divide the count. `[0, 0]` when no factorisation keeps stages ≤ layers (e.g. a large prime).
 */
export function sramLayout(model: Model, chips: number): [number, number] {
  if (chips <= model.numLayers) return [1, chips];
  for (let tp = Math.ceil(chips / model.numLayers); tp <= chips; tp++) {
    if (chips % tp === 0 && chips / tp <= model.numLayers) return [tp, chips / tp];
  }
  return [0, 0];
}
