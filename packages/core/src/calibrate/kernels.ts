/**
 * Fits from per-kernel timings (not end-to-end rows): the share of the ideal low-precision speed-up
 * that kernels reach — grouped MoE kernels, `moeLowPrecision` (8-bit experts) and `moeFourBit`
 * (4-bit), and dense 4-bit GEMMs over 8-bit ones, `fourBitGemm`. Each low-precision timing is
 * paired with the reference-format timing of the same shape; the measured speed-up (reference ÷
 * low) is divided by the speed-up infersim's own step model gives the same op with the factor at 1.
 * The fitted value is the median of those ratios. `npm run fit-kernels` runs it on the tables in
 * data/kernels. Pure and deterministic.
 * @module
 */
import type { Hardware } from "../hardware/hardware.js";
import type { FfnSpec, Model } from "../model/model.js";
import { prefillBatch } from "../perf/batch.js";
import { resolveDeployment } from "../perf/deployment.js";
import type { Efficiency } from "../perf/efficiency.js";
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
  /** The kernel implementation that was timed (`kernel_source`). */
  readonly source: string;
  /** Milliseconds for one call. */
  readonly latencyMs: number;
}

/** One dense GEMM timing (AIConfigurator `gemm_perf` columns): M tokens × K in → N out. */
export interface GemmKernelRow {
  readonly dtype: string;
  readonly m: number;
  readonly n: number;
  readonly k: number;
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
export interface KernelShareFit extends RatioStats {
  readonly perTable: readonly (RatioStats | undefined)[];
}

function stats(ratios: number[]): RatioStats | undefined {
  if (!ratios.length) return undefined;
  const s = [...ratios].sort((a, b) => a - b);
  return { value: quantileSorted(s, 0.5), p25: quantileSorted(s, 0.25), p75: quantileSorted(s, 0.75), n: s.length };
}

/** One hardware's kernel table. */
export interface KernelTable<R> {
  readonly hardware: Hardware;
  readonly rows: readonly R[];
}
export type MoeKernelTable = KernelTable<MoeKernelRow>;
export type GemmKernelTable = KernelTable<GemmKernelRow>;

/** A low-precision format: its name in the tables' dtype column and infersim's storage dtype. */
export interface KernelFormat {
  readonly table: string;
  readonly dtype: Dtype;
}

/** TensorRT-LLM's per-tensor FP8 experts. */
const FP8_EXPERTS: KernelFormat = { table: "fp8", dtype: "fp8" };

/**
 * Pair every `low` row of each table with the `ref` row of the same shape (`key`) and pool
 * measured ÷ modelled speed-up; `modelled` gives the model's ref ÷ low speed-up for a row, or
 * undefined to leave the pair out.
 */
function pairedShare<R extends { readonly dtype: string; readonly latencyMs: number }>(
  tables: readonly KernelTable<R>[],
  pick: { readonly ref: string; readonly low: string; readonly use: (r: R) => boolean; readonly key: (r: R) => string },
  modelled: (hw: Hardware, r: R) => number | undefined,
): KernelShareFit | undefined {
  const perTable = tables.map(({ hardware, rows }) => {
    const ratios: number[] = [];
    const ref = new Map<string, number>();
    for (const r of rows) if (r.dtype === pick.ref && pick.use(r)) ref.set(pick.key(r), r.latencyMs);
    for (const r of rows) {
      if (r.dtype !== pick.low || !pick.use(r)) continue;
      const b = ref.get(pick.key(r));
      if (b === undefined || !(r.latencyMs > 0)) continue;
      const s = modelled(hardware, r);
      if (s !== undefined) ratios.push(b / r.latencyMs / s);
    }
    return ratios;
  });
  const pooled = stats(perTable.flat());
  return pooled && { ...pooled, perTable: perTable.map(stats) };
}

/** The MoE shares held at 1 while the model times an MoE kernel (the dense 4-bit share stays: experts run on the same matrix engines). */
const MOE_AT_ONE: Partial<Efficiency> = { moeLowPrecision: 1, moeFourBit: 1 };

/** Routing the tables time as even load (the model's uniform routing). */
const EVEN = new Set(["balanced", "uniform"]);

/** The model's time for the MoE experts of one layer on `tokens` tokens, experts stored in `dtype`, with the MoE shares at 1 (and `fixed` factors). */
function modelledExpertTime(base: Model, hw: Hardware, r: MoeKernelRow, dtype: Dtype, fixed: Partial<Efficiency>): number | undefined {
  const template = base.layers.find((g) => g.ffn.kind === "moe")?.ffn;
  if (!template || template.kind !== "moe") return undefined;
  const ffn: FfnSpec = { ...template, experts: r.experts, topK: r.topK, expertIntermediate: r.inter, sharedIntermediate: 0 };
  const model: Model = { ...base, hidden: r.hidden, layers: [{ count: 1, window: null, ffn }] };
  const d = resolveDeployment({ hardware: hw, model, tp: r.tp, weightDtype: dtype, kvDtype: "bf16", efficiency: { ...fixed, ...MOE_AT_ONE } });
  if (!d.ok) return undefined;
  const ops: OpCost[] = [];
  costModel(d.value).step(prefillBatch(1, r.tokens), ops);
  const t = ops.filter((o) => o.op === "moe.experts").reduce((s, o) => s + o.time, 0);
  return t > 0 ? t : undefined;
}

/** The model's bf16 ÷ low-precision speed-up of the MoE experts for a kernel row's shape (the MoE shares at 1; `fixed` overrides other factors). */
export function modelledMoeSpeedup(base: Model, hw: Hardware, r: MoeKernelRow, dtype: Dtype = "fp8", fixed: Partial<Efficiency> = {}): number | undefined {
  const m16 = modelledExpertTime(base, hw, r, "bf16", fixed);
  const low = modelledExpertTime(base, hw, r, dtype, fixed);
  return m16 !== undefined && low !== undefined ? m16 / low : undefined;
}

/**
 * Fit a low-precision MoE share from kernels of one format (`moeLowPrecision` from FP8,
 * `moeFourBit` from FP4): the median, over every low/bf16 pair of every table, of measured ÷
 * modelled speed-up ({@link modelledMoeSpeedup}). Only TP-split experts (EP 1) under even routing
 * are used: the model's expert-parallel path assumes attention-DP token counts that the kernel
 * tables do not share. `base` supplies the MoE block shape (gating, biases); its widths are
 * replaced by each row's. A timing pairs only with one of the same kernel family: `backend` maps a
 * row's `source` to its family, or to undefined to leave the row out (kernels of another shape,
 * such as non-gated experts when `base` is gated). `fixed` sets other factors for the fit (the
 * dense `fourBitGemm` fitted before, so that the MoE share counts only what grouped kernels lose
 * beyond it).
 */
export function fitMoeLowPrecision(
  tables: readonly MoeKernelTable[],
  base: Model,
  opts: { readonly format?: KernelFormat; readonly fixed?: Partial<Efficiency>; readonly backend?: (source: string) => string | undefined } = {},
): KernelShareFit | undefined {
  const format = opts.format ?? FP8_EXPERTS;
  const fixed = opts.fixed ?? {};
  const backend = opts.backend ?? ((s: string) => s);
  return pairedShare(
    tables,
    {
      ref: "bfloat16",
      low: format.table,
      use: (r) => r.ep === 1 && EVEN.has(r.distribution) && backend(r.source) !== undefined,
      key: (r) => `${backend(r.source)}|${r.tokens}|${r.hidden}|${r.inter}|${r.topK}|${r.experts}|${r.tp}|${r.ep}|${r.distribution}`,
    },
    (hw, r) => modelledMoeSpeedup(base, hw, r, format.dtype, fixed),
  );
}

/** The model's cost of one dense GEMM (the down projection of a one-layer model `K` wide into `N`) on `M` tokens, weights in `dtype`, the 4-bit share at 1. */
export function modelledGemm(base: Model, hw: Hardware, r: Pick<GemmKernelRow, "m" | "n" | "k">, dtype: Dtype): OpCost | undefined {
  const model: Model = { ...base, hidden: r.n, layers: [{ count: 1, window: null, ffn: { kind: "dense", intermediate: r.k, gated: false, bias: false } }] };
  const d = resolveDeployment({ hardware: hw, model, tp: 1, weightDtype: dtype, kvDtype: "bf16", efficiency: { fourBitGemm: 1 } });
  if (!d.ok) return undefined;
  const ops: OpCost[] = [];
  costModel(d.value).step(prefillBatch(1, r.m), ops);
  return ops.find((o) => o.op === "mlp.down");
}

/**
 * Fit `fourBitGemm`: the median, over every NVFP4/FP8 pair of dense GEMMs (same M, N, K) that the
 * model times as compute-bound in both formats, of the measured FP8 ÷ FP4 speed-up over the
 * modelled one. Memory-bound pairs are left out: the factor scales the 4-bit compute peak only.
 * `base` supplies a dense model whose widths are replaced by each row's.
 */
export function fitFourBitGemm(tables: readonly GemmKernelTable[], base: Model, low: KernelFormat = { table: "nvfp4", dtype: "fp4" }): KernelShareFit | undefined {
  return pairedShare(
    tables,
    { ref: "fp8", low: low.table, use: () => true, key: (r) => `${r.m}|${r.n}|${r.k}` },
    (hw, r) => {
      const ref = modelledGemm(base, hw, r, "fp8");
      const lp = modelledGemm(base, hw, r, low.dtype);
      return ref && lp && ref.bound === "compute" && lp.bound === "compute" ? ref.time / lp.time : undefined;
    },
  );
}
