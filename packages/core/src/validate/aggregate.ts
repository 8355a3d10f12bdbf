/**
 * Error statistics: absolute percentage error |pred − meas| / meas per row; per group the count,
 * median, mean and p90 APE, and the signed median bias (pred − meas) / meas.
 * @module
 */

export interface ErrorStats {
  readonly count: number;
  readonly medianApe: number;
  readonly meanApe: number;
  readonly p90Ape: number;
  /** Median of (pred − meas) / meas: positive = over-prediction. */
  readonly medianBias: number;
}

/** Linear-interpolated quantile of sorted values (q in [0, 1]). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function errorStats(pairs: readonly { measured: number; predicted: number }[]): ErrorStats {
  const apes = pairs.map((p) => Math.abs(p.predicted - p.measured) / p.measured).sort((a, b) => a - b);
  const bias = pairs.map((p) => (p.predicted - p.measured) / p.measured).sort((a, b) => a - b);
  const n = apes.length;
  return {
    count: n,
    medianApe: n ? quantileSorted(apes, 0.5) : 0,
    meanApe: n ? apes.reduce((s, x) => s + x, 0) / n : 0,
    p90Ape: n ? quantileSorted(apes, 0.9) : 0,
    medianBias: n ? quantileSorted(bias, 0.5) : 0,
  };
}

/** Stats per value of `key`, plus `all`. */
export function groupStats<T extends { measured: number; predicted: number }>(rows: readonly T[], key: (r: T) => string): Record<string, ErrorStats> {
  const by = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = by.get(k);
    if (list) list.push(r);
    else by.set(k, [r]);
  }
  const out: Record<string, ErrorStats> = {};
  for (const k of [...by.keys()].sort()) out[k] = errorStats(by.get(k)!);
  return out;
}
