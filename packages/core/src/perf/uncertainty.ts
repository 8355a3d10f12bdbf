/**
 * Prediction intervals: each metric's prediction times the 10th/90th percentile of measured ÷
 * predicted over the out-of-fold calibration residuals of its hardware class (docs/validation.md).
 * Classes with few measurements get pooled, widened intervals and say so.
 * @module
 */
import type { ArchitectureClass } from "../hardware/schema.js";
import { BUILTIN_CALIBRATION, type CalibrationMeta, type IntervalSpec } from "./efficiency.js";

export interface Uncertainty {
  readonly ttft: IntervalSpec;
  readonly tpot: IntervalSpec;
  readonly e2e: IntervalSpec;
  readonly throughput: IntervalSpec;
  /** Plain words on how much data backs the intervals. */
  readonly note: string;
}

/**
 * Fewer out-of-fold rows than this for the class's TPOT: the note says the prediction rests on few
 * data points (estimate: under 30 rows each of the 10th and 90th percentiles rests on 3 rows or fewer).
 */
const FEW = 30;
/**
 * Interval when a class has no calibration rows for a metric (estimate): a factor of two either
 * way, about the widest out-of-fold spread of a well-covered class (gpu-hbm TPOT: ×0.8–×3.0).
 */
export const WIDE: IntervalSpec = { p10: 0.5, p90: 2, n: 0 };

export function uncertaintyFor(cls: ArchitectureClass, meta: CalibrationMeta = BUILTIN_CALIBRATION): Uncertainty {
  const m = meta.intervals[cls] ?? {};
  const get = (k: string) => m[k] ?? WIDE;
  const tpot = get("tpot_ms");
  const n = tpot.n + get("output_tokens_per_s_total").n + get("ttft_ms").n;
  const note =
    n === 0
      ? `no calibration data for ${cls}: intervals are a wide default (×0.5–×2)`
      : tpot.n < FEW
        ? `${cls} predictions rest on few published data points (${n} out-of-fold rows): treat them as estimates`
        : `intervals from ${n} out-of-fold calibration rows of ${cls} hardware`;
  return { ttft: get("ttft_ms"), tpot, e2e: get("e2e_latency_ms"), throughput: get("output_tokens_per_s_total"), note };
}
