/**
 * Fits from per-kernel timings (not end-to-end rows): the share of the ideal low-precision speed-up
 * that grouped 8-bit MoE kernels reach, `moeLowPrecision`. Each FP8 kernel timing is paired with
 * the bf16 timing of the same shape (tokens, hidden, expert width, top-k, experts, TP split,
 * routing); the measured speed-up bf16 ÷ fp8 is divided by the speed-up infersim's own step model
 * gives the same MoE op with the factor at 1. The fitted value is the median of those ratios.
 * `npm run fit-kernels` runs it on the tables in data/kernels. Pure and deterministic.
 * @module
 */
import type { Hardware } from "../hardware/hardware.js";
import type { FfnSpec, Model } from "../model/model.js";
import { prefillBatch } from "../perf/batch.js";
import { resolveDeployment } from "../perf/deployment.js";
import { costModel, type OpCost } from "../perf/step-cost.js";
import type { Dtype } from "../dtype.js";

/** One MoE kernel timing (AIConfigurator `moe_perf` columns). */
export interface MoeKernelRow {
  readonly dtype: string;
  readonly tokens: number;
  readonly hidden: number;
  readonly inter: number;
  readonly topK: number;
  readonly experts: number;
  readonly tp: number;
  readonly ep: number;
  readonly distribution: string;
  /** Milliseconds for one call. */
  readonly latencyMs: number;
}

export interface MoeLowPrecisionFit {
  /** Median of measured ÷ modelled speed-up. */
  readonly value: number;
  readonly p25: number;
  readonly p75: number;
  /** Kernel pairs behind it. */
  readonly n: number;
}

/** Routing the tables time as even load (the model's uniform routing). */
const EVEN = new Set(["balanced", "uniform"]);

const key = (r: MoeKernelRow) => `${r.tokens}|${r.hidden}|${r.inter}|${r.topK}|${r.experts}|${r.tp}|${r.ep}|${r.distribution}`;

/** The model's time for the MoE experts of one layer on `tokens` tokens, experts stored in `dtype`, with the factor at 1. */
function modelledExpertTime(base: Model, hw: Hardware, r: MoeKernelRow, dtype: Dtype): number | undefined {
  const template = base.layers.find((g) => g.ffn.kind === "moe")?.ffn;
  if (!template || template.kind !== "moe") return undefined;
  const ffn: FfnSpec = { ...template, experts: r.experts, topK: r.topK, expertIntermediate: r.inter, sharedIntermediate: 0 };
  const model: Model = { ...base, hidden: r.hidden, layers: [{ count: 1, window: null, ffn }] };
  const d = resolveDeployment({ hardware: hw, model, tp: r.tp, weightDtype: dtype, kvDtype: "bf16", efficiency: { moeLowPrecision: 1 } });
  if (!d.ok) return undefined;
  const ops: OpCost[] = [];
  costModel(d.value).step(prefillBatch(1, r.tokens), ops);
  const t = ops.filter((o) => o.op === "moe.experts").reduce((s, o) => s + o.time, 0);
  return t > 0 ? t : undefined;
}

/** The model's bf16 ÷ fp8 speed-up of the MoE experts for a kernel row's shape (the factor at 1). */
export function modelledMoeSpeedup(base: Model, hw: Hardware, r: MoeKernelRow): number | undefined {
  const m16 = modelledExpertTime(base, hw, r, "bf16");
  const m8 = modelledExpertTime(base, hw, r, "fp8");
  return m16 !== undefined && m8 !== undefined ? m16 / m8 : undefined;
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;

/**
 * Fit `moeLowPrecision` for `lowDtype` ("fp8") kernels on `hw` from paired timings. Only
 * TP-split experts (EP 1) under even routing are used: the model's expert-parallel path assumes
 * attention-DP token counts that the kernel tables do not share. `base` supplies the MoE block
 * shape (gating, biases); its widths are replaced by each row's.
 */
export function fitMoeLowPrecision(rows: readonly MoeKernelRow[], hw: Hardware, base: Model, lowDtype = "fp8"): MoeLowPrecisionFit | undefined {
  const bf16 = new Map<string, number>();
  for (const r of rows) if (r.dtype === "bfloat16" && r.ep === 1 && EVEN.has(r.distribution)) bf16.set(key(r), r.latencyMs);
  const ratios: number[] = [];
  for (const r of rows) {
    if (r.dtype !== lowDtype || r.ep !== 1 || !EVEN.has(r.distribution)) continue;
    const b = bf16.get(key(r));
    if (b === undefined || !(r.latencyMs > 0)) continue;
    const s = modelledMoeSpeedup(base, hw, r);
    if (s === undefined) continue;
    ratios.push(b / r.latencyMs / s);
  }
  if (!ratios.length) return undefined;
  ratios.sort((a, b) => a - b);
  return { value: quantile(ratios, 0.5), p25: quantile(ratios, 0.25), p75: quantile(ratios, 0.75), n: ratios.length };
}
