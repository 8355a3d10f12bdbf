import { describe, expect, it } from "vitest";
import { pooledInterval, POOLED_WIDENING } from "./calibrate.js";

describe("pooled prediction intervals", () => {
  // Out-of-fold measured ÷ predicted of every class, sorted: a model that under-predicts by ~2×.
  const pool = Array.from({ length: 101 }, (_, i) => 2 * Math.exp((i - 50) / 250));
  it("widen about the pooled median, so they always contain the pooled 10th–90th percentile band", () => {
    const r = pooledInterval(pool, []);
    const [q10, q50, q90] = [pool[10]!, pool[50]!, pool[90]!];
    expect(r.p10).toBeLessThan(q10);
    expect(r.p90).toBeGreaterThan(q90);
    expect(Math.log(r.p10 / q50)).toBeCloseTo(POOLED_WIDENING * Math.log(q10 / q50), 9);
    expect(Math.log(r.p90 / q50)).toBeCloseTo(POOLED_WIDENING * Math.log(q90 / q50), 9);
  });
  it("stretch to the class's own ratios, and fall back to ×0.5–×2 with nothing pooled", () => {
    expect(pooledInterval(pool, [0.3, 9])).toMatchObject({ p10: 0.3, p90: 9, n: 2 });
    expect(pooledInterval([], [])).toEqual({ p10: 0.5, p90: 2, n: 0 });
  });
});
