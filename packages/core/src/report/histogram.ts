/**
 * Streaming latency statistics: an HDR histogram (3 significant digits, 32-bit counts, ~100 KB) in
 * microseconds, so memory stays constant however many requests finish; mean from an exact running sum.
 * @module
 */
import * as hdr from "hdr-histogram-js";

/** Latency figures of a non-empty sample, milliseconds. */
export interface Filled {
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

/**
 * Latency figures in milliseconds and the number of values behind them. With no value recorded
 * (no request measured, or no request with a second token for TPOT) the figures are null, never 0.
 */
export type Summary = { readonly count: number } & { readonly [K in keyof Filled]: number | null };

/** Seconds → milliseconds, rounded to the microsecond (how reports print latencies). */
export const toMs = (s: number): number => Math.round(s * 1e6) / 1e3;

/** Values are recorded in seconds and reported in milliseconds. */
export class LatencyHistogram {
  readonly #h = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 1e12, numberOfSignificantValueDigits: 3, bitBucketSize: 32 });
  #sum = 0;
  #n = 0;

  record(seconds: number): void {
    this.recordN(seconds, 1);
  }

  /** Record `n` equal values at once. */
  recordN(seconds: number, n: number): void {
    if (!(seconds >= 0) || !Number.isFinite(seconds) || n <= 0) return;
    this.#h.recordValueWithCount(Math.max(1, Math.round(seconds * 1e6)), n);
    this.#sum += seconds * n;
    this.#n += n;
  }

  get count(): number {
    return this.#n;
  }

  /** Percentile in seconds (0 when empty). */
  percentile(p: number): number {
    return this.#n ? this.#h.getValueAtPercentile(p) / 1e6 : 0;
  }

  /** {mean, p50, p90, p99} in milliseconds, rounded to µs; undefined when nothing was recorded. */
  filled(): Filled | undefined {
    if (!this.#n) return undefined;
    return { mean: toMs(this.#sum / this.#n), p50: toMs(this.percentile(50)), p90: toMs(this.percentile(90)), p99: toMs(this.percentile(99)) };
  }

  /** {count, mean, p50, p90, p99}: the figures are null when nothing was recorded. */
  summary(): Summary {
    const f = this.filled();
    return { count: this.#n, mean: f?.mean ?? null, p50: f?.p50 ?? null, p90: f?.p90 ?? null, p99: f?.p99 ?? null };
  }
}
