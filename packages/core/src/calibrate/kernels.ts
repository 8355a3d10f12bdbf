/**
 * Fits from per-kernel timings (not end-to-end rows): the share of the ideal low-precision speed-up
 * that grouped MoE kernels reach, `moeLowPrecision` (8-bit experts) and `moeFourBit` (4-bit).
 * Each low-precision kernel timing is paired with the bf16 timing of the same shape (tokens,
 * hidden, expert width, top-k, experts, TP split, routing); the measured speed-up bf16 ÷ low is
 * divided by the speed-up infersim's own step model gives the same MoE op with the factor at 1.
 * The fitted value is the median of those ratios. `npm run fit-kernels` runs it on the tables in
 * data/kernels. Pure and deterministic.
 * @module
 */
import type { Hardware } from "../hardware/hardware.js";
import type { FfnSpec, Model } from "../model/model.js";
import { prefillBatch } from "../perf/batch.js";
import { resolveDeployment } from "../perf/deployment.js";
import { costModel, type OpCost } from "../perf/step-cost.js";
import type { Dtype } from "../dtype.js";
import { quantileSorted } from "../validate/aggregate.js";

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

/** Median and quartiles of measured ÷ modelled speed-up, and the kernel pairs behind them. */
export interface RatioStats {
  readonly value: number;
  readonly p25: number;
  readonly p75: number;
  readonly n: number;
}

/** The pooled fit over all tables, and each table's own (in input order; undefined where it has no pairs). */
export interface MoeLowPrecisionFit extends RatioStats {
  readonly perTable: readonly (RatioStats | undefined)[];
}

function stats(ratios: number[]): RatioStats | undefined {
  if (!ratios.length) return undefined;
  const s = [...ratios].sort((a, b) => a - b);
  return { value: quantileSorted(s, 0.5), p25: quantileSorted(s, 0.25), p75: quantileSorted(s, 0.75), n: s.length };
}

/** Routing the tables time as even load (the model's uniform routing). */
const EVEN = new Set(["balanced", "uniform"]);

/** A low-precision expert format: its name in the tables' `moe_dtype` and infersim's storage dtype. */
export interface MoeFormat {
  readonly table: string;
  readonly dtype: Dtype;
}

/** TensorRT-LLM's per-tensor FP8 experts. */
export const FP8_EXPERTS: MoeFormat = { table: "fp8", dtype: "fp8" };

const key = (r: MoeKernelRow) => `${r.tokens}|${r.hidden}|${r.inter}|${r.topK}|${r.experts}|${r.tp}|${r.ep}|${r.distribution}`;

/** The model's time for the MoE experts of one layer on `tokens` tokens, experts stored in `dtype`, with the factor at 1. */
function modelledExpertTime(base: Model, hw: Hardware, r: MoeKernelRow, dtype: Dtype): number | undefined {
  const template = base.layers.find((g) => g.ffn.kind === "moe")?.ffn;
  if (!template || template.kind !== "moe") return undefined;
  const ffn: FfnSpec = { ...template, experts: r.experts, topK: r.topK, expertIntermediate: r.inter, sharedIntermediate: 0 };
  const model: Model = { ...base, hidden: r.hidden, layers: [{ count: 1, window: null, ffn }] };
  const d = resolveDeployment({ hardware: hw, model, tp: r.tp, weightDtype: dtype, kvDtype: "bf16", efficiency: { moeLowPrecision: 1, moeFourBit: 1 } });
  if (!d.ok) return undefined;
  const ops: OpCost[] = [];
  costModel(d.value).step(prefillBatch(1, r.tokens), ops);
  const t = ops.filter((o) => o.op === "moe.experts").reduce((s, o) => s + o.time, 0);
  return t > 0 ? t : undefined;
}

/** The model's bf16 ÷ low-precision speed-up of the MoE experts for a kernel row's shape (the factor at 1). */
export function modelledMoeSpeedup(base: Model, hw: Hardware, r: MoeKernelRow, dtype: Dtype = "fp8"): number | undefined {
  const m16 = modelledExpertTime(base, hw, r, "bf16");
  const low = modelledExpertTime(base, hw, r, dtype);
  return m16 !== undefined && low !== undefined ? m16 / low : undefined;
}

/** One hardware's kernel table. */
export interface MoeKernelTable {
  readonly hardware: Hardware;
  readonly rows: readonly MoeKernelRow[];
}

/**
 * Fit a low-precision MoE share from kernels of one format (`moeLowPrecision` from FP8,
 * `moeFourBit` from FP4): the median, over every low/bf16 pair of every table, of measured ÷
 * modelled speed-up ({@link modelledMoeSpeedup}). Only TP-split experts (EP 1) under even routing
 * are used: the model's expert-parallel path assumes attention-DP token counts that the kernel
 * tables do not share. `base` supplies the MoE block shape (gating, biases); its widths are
 * replaced by each row's.
 */
export function fitMoeLowPrecision(tables: readonly MoeKernelTable[], base: Model, format: MoeFormat = FP8_EXPERTS): MoeLowPrecisionFit | undefined {
  const perTable = tables.map(({ hardware, rows }) => {
    const ratios: number[] = [];
    const bf16 = new Map<string, number>();
    for (const r of rows) if (r.dtype === "bfloat16" && r.ep === 1 && EVEN.has(r.distribution)) bf16.set(key(r), r.latencyMs);
    for (const r of rows) {
      if (r.dtype !== format.table || r.ep !== 1 || !EVEN.has(r.distribution)) continue;
      const b = bf16.get(key(r));
      if (b === undefined || !(r.latencyMs > 0)) continue;
      const s = modelledMoeSpeedup(base, hardware, r, format.dtype);
      if (s !== undefined) ratios.push(b / r.latencyMs / s);
    }
    return ratios;
  });
  const pooled = stats(perTable.flat());
  return pooled && { ...pooled, perTable: perTable.map(stats) };
}
