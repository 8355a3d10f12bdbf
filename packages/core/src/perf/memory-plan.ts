/**
 * Memory plan: weights (by format) + KV cache (GQA/MLA, sliding windows, KV format) + activation
 * workspace + framework reserve against the chip's usable memory → fits or not (with the reason),
 * KV capacity and the largest concurrency at a context. On SRAM machines it also sizes the
 * deployment: the fewest chips (or wafers) that hold weights and KV, and the pipeline depth.
 * Infeasible is a result, never a throw.
 * @module
 */
import { fail, issue, ok, type Result } from "../errors.js";
import { formatBytes } from "../format.js";
import { isSram, weightStore } from "../hardware/hardware.js";
import { countParams } from "../model/params.js";
import { bytes, gib, type Bytes } from "../units.js";
import { batchCap, hbmLayout, resolveDeployment, sramLayout, type Deployment, type DeploymentSpec } from "./deployment.js";
import { buildShard, type Shard } from "./shard.js";

/** KV block size in tokens: paged allocation rounds each sequence up to whole blocks (vLLM default 16). */
export const KV_BLOCK_TOKENS = 16;
/**
 * CUDA context, NCCL buffers and library workspaces held outside the KV pool on GPU-class chips
 * (estimate: a CUDA context is ~0.5 GiB, NCCL buffers ~0.35 GB; AIConfigurator budgets up to
 * 3.5 GiB for everything non-KV including activations, which we count separately).
 */
const FRAMEWORK_RESERVE_HBM = gib(1);
/**
 * Tokens the activation workspace is sized for at most (estimate): engines profile activations
 * at their per-step token budget, and budgets above 16k tokens are rare (vLLM and TRT-LLM
 * defaults are 2k–16k), so a larger `maxTokensPerStep` is taken not to grow the workspace further.
 */
const ACTIVATION_TOKEN_CAP = 16384;

export interface Sizing {
  /** Concurrent sequences the plan must hold KV for. */
  readonly batch: number;
  /** Context length (prompt + output) of each. */
  readonly context: number;
}

export interface MemoryPlan {
  readonly fits: boolean;
  /** Why it does not fit (or a note when it barely does). */
  readonly reason?: string;
  /** Where weights live: off-chip memory, on-chip SRAM, or streamed from external memory. */
  readonly weightHome: "memory" | "sram" | "streamed";
  /** Weight bytes of one replica (each weight counted once). */
  readonly weightsBytes: Bytes;
  /** Weight bytes on the heaviest chip. */
  readonly weightsPerChip: Bytes;
  readonly activationsPerChip: Bytes;
  readonly reservedPerChip: Bytes;
  /** Memory the engine may use per chip. */
  readonly usablePerChip: Bytes;
  /** KV bytes per token, whole model, for contexts within every sliding window. */
  readonly kvBytesPerToken: Bytes;
  /** KV bytes one sequence of the sizing context needs (replication included), per replica. */
  readonly kvBytesPerSequence: Bytes;
  /** KV pool of one replica. */
  readonly kvPoolBytes: Bytes;
  /** Sequences of the sizing context that fit in one replica's KV pool (capped by maxBatch). */
  readonly maxSequences: number;
  /** Pipeline stages (wafers or chip groups per token on SRAM machines): the deployment's pp. */
  readonly pipelineDepth: number;
  readonly sizing: Sizing;
}

/** KV bytes (all chips of a replica, replication included) for one sequence at context `len`. */
export function kvBytesForContext(shard: Shard, len: number): number {
  const tokens = Math.ceil(len / KV_BLOCK_TOKENS) * KV_BLOCK_TOKENS;
  let b = 0;
  for (const g of shard.layers) b += g.count * Math.min(tokens, g.window ?? tokens);
  return b * shard.kvBytesPerTokenLayer * shard.kvReplication;
}

/**
 * Activation workspace per chip (estimate): four hidden-size buffers plus the widest GEMM output
 * for the tokens one chip holds in flight — the step budget split over pipeline stages (engines
 * reuse buffers across layers) — and fp32 logits for as many rows on the last stage.
 */
function activationBytes(shard: Shard, d: Deployment): number {
  const m = d.model;
  const t = Math.ceil(Math.min(d.maxTokensPerStep, ACTIVATION_TOKEN_CAP) / d.pp);
  let widest = 0;
  for (const g of shard.layers) {
    for (const x of g.gemms) widest = Math.max(widest, x.n);
    for (const x of g.experts?.gemms ?? []) widest = Math.max(widest, x.n);
  }
  const perToken = (4 * m.hidden + widest) * shard.actBytes;
  const logits = Math.min(d.maxBatch, t) * (m.vocab / d.tp) * 4;
  return t * perToken + logits;
}

/**
 * Weight bytes on the heaviest chip. HBM machines place whole layers per stage (the heaviest stage
 * holds ⌈layers/pp⌉); SRAM compilers split layers at fine grain, so weights spread evenly.
 */
export function weightBytesPerChip(shard: Shard, d: Deployment): number {
  let perLayerSum = 0;
  for (const g of shard.layers) perLayerSum += g.count * g.weightBytes;
  if (isSram(d.hardware)) {
    // The whole replica (layers over one stage's chips, plus embedding and lm_head) spread evenly.
    const m = d.model;
    const embed = m.vocab * m.hidden * shard.embedBytesPerElement;
    const total = perLayerSum * d.tp + embed + (m.tiedEmbeddings ? 0 : shard.lmHead.weightBytes * d.tp);
    return total / (d.tp * d.pp);
  }
  const heaviestStageLayers = Math.ceil(d.model.numLayers / d.pp);
  return (perLayerSum / d.model.numLayers) * heaviestStageLayers + shard.embedBytesPerChip;
}

const weightBytesCache = new WeakMap<Deployment, number>();

/** Weight bytes of one copy of the model at the deployment's formats (memoised per deployment). */
export function modelWeightBytes(d: Deployment): number {
  const hit = weightBytesCache.get(d);
  if (hit !== undefined) return hit;
  const v = computeModelWeightBytes(d);
  weightBytesCache.set(d, v);
  return v;
}

function computeModelWeightBytes(d: Deployment): number {
  const shardTp1 = buildShard({ ...d, tp: 1, ep: 1, pp: 1, attentionDp: false });
  let sum = 0;
  for (const g of shardTp1.layers) sum += g.count * g.weightBytes;
  const c = countParams(d.model);
  return sum + (c.embedding + c.lmHead) * shardTp1.embedBytesPerElement;
}

/** What a deployment's memory holds regardless of the workload (bytes per chip; `pool` per replica). */
interface Pool {
  readonly capacity: number;
  readonly reserved: number;
  /** Memory the engine may use. */
  readonly usable: number;
  /** Weights on the heaviest chip, activation workspace. */
  readonly wChip: number;
  readonly act: number;
  /** KV pool of one replica. */
  readonly pool: number;
  /** Why weights and activations do not fit, when they do not (formatted once). */
  overflow?: string;
}

const poolCache = new WeakMap<Deployment, Pool>();

/** The deployment's {@link Pool} (memoised per deployment: operating points and plans ask repeatedly). */
function kvPool(d: Deployment, shard: Shard): Pool {
  const hit = poolCache.get(d);
  if (hit) return hit;
  const capacity = weightStore(d.hardware)?.capacity ?? 0;
  const reserved = isSram(d.hardware) ? 0 : FRAMEWORK_RESERVE_HBM;
  const usable = capacity * d.memoryUtilization - reserved;
  const wChip = d.weightStreaming ? 0 : weightBytesPerChip(shard, d);
  const act = activationBytes(shard, d);
  const pool = Math.max(0, usable - wChip - act) * (d.tp * d.pp);
  const p: Pool = { capacity, reserved, usable, wChip, act, pool };
  poolCache.set(d, p);
  return p;
}

/** Sequences of `context` tokens whose KV fits a pool of `pool` bytes (unbounded when KV is free). */
function sequencesInPool(shard: Shard, pool: number, context: number): { perSeq: number; count: number } {
  const perSeq = kvBytesForContext(shard, Math.max(1, context));
  return { perSeq, count: perSeq > 0 ? Math.floor(pool / perSeq) : Infinity };
}

/**
 * KV-limited concurrency: sequences of `context` tokens one replica can hold, capped by the
 * engine's maxBatch. Equals `memoryPlan(d, { batch: 1, context }, shard).maxSequences` without
 * building the plan (no messages): for loops.
 */
export function maxConcurrency(d: Deployment, shard: Shard, context: number): number {
  return Math.min(sequencesInPool(shard, kvPool(d, shard).pool, context).count, batchCap(d));
}

export function memoryPlan(d: Deployment, sizing: Sizing, shard: Shard = buildShard(d)): MemoryPlan {
  const hw = d.hardware;
  const weightHome: MemoryPlan["weightHome"] = d.weightStreaming ? "streamed" : isSram(hw) ? "sram" : "memory";
  const p = kvPool(d, shard);
  const { capacity, reserved, usable, wChip, act, pool } = p;
  const replicaChips = d.tp * d.pp;
  const { perSeq, count: maxSeqRaw } = sequencesInPool(shard, pool, sizing.context);
  const where = isSram(hw) ? "SRAM" : "memory";
  let fits = true;
  let reason: string | undefined;
  if (wChip + act > usable) {
    fits = false;
    reason = p.overflow ??= `weights need ${formatBytes(wChip)} and activations ${formatBytes(act)} per chip, but only ${formatBytes(Math.max(0, usable))} of ${formatBytes(capacity)} ${where} is usable (${Math.round(d.memoryUtilization * 100)}%${reserved ? `, ${formatBytes(reserved)} reserved` : ""})`;
  } else if (maxSeqRaw < sizing.batch) {
    fits = false;
    reason = `KV for ${sizing.batch} sequence${sizing.batch === 1 ? "" : "s"} × ${sizing.context} tokens needs ${formatBytes(perSeq * sizing.batch)}, but only ${formatBytes(pool)} is left after weights across ${replicaChips} chip${replicaChips === 1 ? "" : "s"} (room for ${maxSeqRaw})`;
  }
  const kvPerToken = shard.kvBytesPerTokenLayer * d.model.numLayers;
  // `reason` last: the fixed fields build as one object shape (a leading spread made every field a slow add).
  return {
    fits,
    weightHome,
    weightsBytes: bytes(modelWeightBytes(d)),
    weightsPerChip: bytes(wChip),
    activationsPerChip: bytes(act),
    reservedPerChip: bytes(reserved),
    usablePerChip: bytes(Math.max(0, usable)),
    kvBytesPerToken: bytes(kvPerToken),
    kvBytesPerSequence: bytes(perSeq),
    kvPoolBytes: bytes(pool),
    maxSequences: Math.min(maxSeqRaw, batchCap(d)),
    pipelineDepth: d.pp,
    sizing,
    ...(reason ? { reason } : {}),
  };
}

/**
 * Largest chip count auto-sizing will try before declaring the model infeasible (a search bound,
 * estimate): the catalog's largest model, DeepSeek-V3 at 16-bit (1.34 TB), needs ~6,500 LPUs of
 * 230 MB SRAM for its weights; 20,000 leaves ~3× for KV.
 */
const MAX_AUTO_CHIPS = 20000;
/**
 * HBM auto-sizing doubles the chip count up to this many scale-up domains (a search bound,
 * estimate): TP fills one domain and the rest are pipeline stages, and 64 stages of a full domain
 * (512 GPUs of 8) hold any catalog model many times over.
 */
const MAX_AUTO_DOMAINS = 64;

/**
 * Choose the chip count when the caller gave none: on SRAM machines the fewest chips whose SRAM
 * holds weights + KV for `sizing`; on HBM machines the smallest TP (then PP) inside the scale-up
 * domain that fits. Returns the deployment and its plan; an infeasible model returns the largest
 * try with `fits: false`.
 */
export function autoSize(spec: DeploymentSpec, sizing: Sizing): Result<{ deployment: Deployment; plan: MemoryPlan }> {
  const first = resolveDeployment({ ...spec, tp: 1, pp: 1, chips: undefined as never });
  if (!first.ok) return first;
  const d0 = first.value;
  const hw = spec.hardware;
  const dp = spec.dp ?? 1;
  const tryChips = (n: number) => {
    const [tp, pp] = isSram(hw) ? sramLayout(spec.model, n) : hbmLayout(spec.model, n, hw.scaleUp.domainSize);
    if (tp === 0 || tp * pp !== n) return undefined;
    const r = resolveDeployment({ ...spec, chips: n * dp, tp, pp });
    if (!r.ok) return undefined;
    return { deployment: r.value, plan: memoryPlan(r.value, sizing) };
  };
  let last: { deployment: Deployment; plan: MemoryPlan } | undefined;
  if (isSram(hw)) {
    // Lower bound: weights alone over usable SRAM per chip.
    const usable = (hw.sram?.capacity ?? 1) * d0.memoryUtilization;
    const start = d0.weightStreaming ? 1 : Math.max(1, Math.floor(modelWeightBytes(d0) / usable));
    for (let n = start; n <= MAX_AUTO_CHIPS; n++) {
      const t = tryChips(n);
      if (!t) continue;
      last = t;
      if (t.plan.fits) return ok(t);
    }
  } else {
    for (let n = 1; n <= Math.min(MAX_AUTO_CHIPS, MAX_AUTO_DOMAINS * hw.scaleUp.domainSize); n *= 2) {
      const t = tryChips(n);
      if (!t) continue;
      last = t;
      if (t.plan.fits) return ok(t);
    }
  }
  if (last) return ok(last);
  return fail(issue("deployment.chips", `no chip count up to ${MAX_AUTO_CHIPS} gives a valid layout for ${spec.model.id} on ${hw.id}`));
}
