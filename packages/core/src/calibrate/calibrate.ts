/**
 * Calibration run: fit on every usable row, then leave-one-source-out k-fold (fit on the other
 * sources, predict the held-out one) for honest error; residual quantiles of the out-of-fold
 * predictions per hardware class and metric become the prediction intervals. The result is the
 * content of `catalog/efficiency-fit.json`. Pure and deterministic.
 * @module
 */
import { ARCHITECTURE_CLASSES } from "../hardware/schema.js";
import { WIDE } from "../perf/uncertainty.js";
import type { MeasurementRow } from "../validate/measurements.js";
import { errorStats, quantileSorted, type ErrorStats } from "../validate/aggregate.js";
import { metricGroup } from "../validate/validate.js";
import { isLoaded, predictRow } from "../validate/predict-row.js";
import { buildParams, tablesFor, type Param } from "./params.js";
import { fit, prepareRows, type FitRow } from "./fit.js";

export interface Interval {
  /** Multipliers on the prediction: the 10th and 90th percentiles of measured ÷ predicted, out of fold. */
  readonly p10: number;
  readonly p90: number;
  /** Out-of-fold rows behind the interval. */
  readonly n: number;
}

export interface CalibrationResult {
  readonly params: readonly { key: string; level: string; scopes: readonly string[]; name: string; prior: number; value: number }[];
  readonly fit: ReturnType<typeof tablesFor>["fit"];
  readonly rows: number;
  readonly inSample: Record<string, ErrorStats>;
  readonly outOfFold: Record<string, ErrorStats>;
  readonly outOfFoldBySource: Record<string, Record<string, ErrorStats>>;
  /** class → metric group → interval. */
  readonly intervals: Record<string, Record<string, Interval>>;
  readonly oofPredictions: readonly { id: string; metric: string; source: string; hardwareClass: string; measured: number; predicted: number }[];
}

export interface CalibrateOptions {
  readonly sweeps?: number;
  readonly foldSweeps?: number;
  readonly onProgress?: (stage: string, done: number, total: number) => void;
}

/** Metric groups the intervals use; tokens/s per user counts as TPOT (its inverse). */
export const INTERVAL_METRICS = ["output_tokens_per_s_total", "ttft_ms", "tpot_ms", "e2e_latency_ms"] as const;
const intervalGroup = (m: string) => (m === "tokens_per_s_per_user" ? "tpot_ms" : metricGroup(m));
/** measured ÷ predicted in the group's own direction (TPOT = 1 / speed). */
const intervalRatio = (p: { row: FitRow; predicted: number }) => (p.row.metric === "tokens_per_s_per_user" ? p.predicted / p.row.measured : p.row.measured / p.predicted);
/** Fewer out-of-fold rows than this: the interval pools every class for the metric and is widened. */
export const MIN_INTERVAL_ROWS = 8;
/**
 * Pooled intervals are widened by this factor in log space about the pooled median (estimate: a
 * class without its own rows may sit anywhere in the pooled spread, and further out).
 */
export const POOLED_WIDENING = 1.5;

/**
 * The interval of a class with too few rows of its own (`own`, measured ÷ predicted): the 10th–90th
 * percentile of `pool` (every class, sorted) widened ×POOLED_WIDENING in log space about the pooled
 * median, and stretched to cover the class's own ratios; WIDE when nothing is pooled.
 */
export function pooledInterval(pool: readonly number[], own: readonly number[]): Interval {
  if (!pool.length) return { p10: Math.min(WIDE.p10, ...own), p90: Math.max(WIDE.p90, ...own), n: own.length };
  const m = Math.log(quantileSorted(pool, 0.5));
  const widen = (q: number) => Math.exp(m + POOLED_WIDENING * (Math.log(q) - m));
  return { p10: Math.min(widen(quantileSorted(pool, 0.1)), ...own), p90: Math.max(widen(quantileSorted(pool, 0.9)), ...own), n: own.length };
}

function predictAll(rows: readonly FitRow[], params: readonly Param[], values: readonly number[]) {
  const t = tablesFor(params, values);
  const out: { row: FitRow; predicted: number }[] = [];
  for (const r of rows) {
    const p = predictRow(r.plan, t);
    if (p.ok) out.push({ row: r, predicted: p.value.value });
  }
  return out;
}

function statsByMetric(pairs: readonly { row: FitRow; predicted: number }[]): Record<string, ErrorStats> {
  const by: Record<string, { measured: number; predicted: number }[]> = {};
  for (const p of pairs) (by[metricGroup(p.row.metric)] ??= []).push({ measured: p.row.measured, predicted: p.predicted });
  const out: Record<string, ErrorStats> = { all: errorStats(pairs.map((p) => ({ measured: p.row.measured, predicted: p.predicted }))) };
  for (const k of Object.keys(by).sort()) out[k] = errorStats(by[k]!);
  return out;
}

export function calibrate(measurements: readonly MeasurementRow[], opts: CalibrateOptions = {}): CalibrationResult {
  const all = prepareRows(measurements);
  // Loaded rows (latency vs load) are never fitted: the simulator predicts them with each fold's parameters.
  const rows = all.filter((r) => !isLoaded(r.plan.workload));
  const params = buildParams(rows);
  const progress = (stage: string) => (d: number, t: number) => opts.onProgress?.(stage, d, t);
  const full = fit(rows, params, undefined, { sweeps: opts.sweeps ?? 4, onProgress: progress("fit") });
  const inSample = statsByMetric(predictAll(rows, params, full.values));

  // Leave one source out: parameters refitted without it (warm start), then it is predicted.
  const sources = [...new Set(all.map((r) => r.source))].sort();
  const oof: { row: FitRow; predicted: number }[] = [];
  sources.forEach((src, i) => {
    opts.onProgress?.("folds", i, sources.length);
    const train = rows.filter((r) => r.source !== src);
    const test = all.filter((r) => r.source === src);
    const trainParams = buildParams(train);
    // Parameters the training rows cannot inform keep their priors (the class defaults).
    const init = trainParams.map((p) => full.values[params.findIndex((q) => q.key === p.key)] ?? p.prior);
    const f = fit(train, trainParams, init, { sweeps: opts.foldSweeps ?? 2 });
    oof.push(...predictAll(test, trainParams, f.values));
  });
  opts.onProgress?.("folds", sources.length, sources.length);
  const outOfFold = statsByMetric(oof);
  const outOfFoldBySource: Record<string, Record<string, ErrorStats>> = {};
  for (const src of sources) outOfFoldBySource[src] = statsByMetric(oof.filter((p) => p.row.source === src));

  // Intervals: quantiles of measured/predicted out of fold, per class and metric (pooled and widened when sparse).
  const intervals: Record<string, Record<string, Interval>> = {};
  const ratiosOf = (f: (p: { row: FitRow }) => boolean) => oof.filter(f).map(intervalRatio).sort((a, b) => a - b);
  for (const cls of ARCHITECTURE_CLASSES) {
    intervals[cls] = {};
    for (const m of INTERVAL_METRICS) {
      const own = ratiosOf((p) => p.row.hardwareClass === cls && intervalGroup(p.row.metric) === m);
      intervals[cls]![m] =
        own.length >= MIN_INTERVAL_ROWS
          ? { p10: quantileSorted(own, 0.1), p90: quantileSorted(own, 0.9), n: own.length }
          : pooledInterval(
              ratiosOf((p) => intervalGroup(p.row.metric) === m),
              own,
            );
    }
  }
  return {
    params: params.map((p, i) => ({ key: p.key, level: p.level, scopes: p.scopes, name: p.name, prior: p.prior, value: full.values[i]! })),
    fit: tablesFor(params, full.values).fit,
    rows: rows.length,
    inSample,
    outOfFold,
    outOfFoldBySource,
    intervals,
    oofPredictions: oof.map((p) => ({ id: p.row.id, metric: p.row.metric, source: p.row.source, hardwareClass: p.row.hardwareClass, measured: p.row.measured, predicted: p.predicted })),
  };
}
