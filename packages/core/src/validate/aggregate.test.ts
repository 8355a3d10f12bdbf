import { describe, expect, it } from "vitest";
import { errorStats, groupStats, quantileSorted } from "../index.js";

describe("error aggregation", () => {
  it("APE statistics and signed bias on a hand-checked set", () => {
    // APEs: 0, 0.1, 0.2, 0.5, 1.0; biases: 0, -0.1, +0.2, -0.5, +1.0
    const s = errorStats([
      { measured: 10, predicted: 10 },
      { measured: 10, predicted: 9 },
      { measured: 10, predicted: 12 },
      { measured: 10, predicted: 5 },
      { measured: 10, predicted: 20 },
    ]);
    expect(s.count).toBe(5);
    expect(s.medianApe).toBeCloseTo(0.2, 12);
    expect(s.meanApe).toBeCloseTo(0.36, 12);
    expect(s.p90Ape).toBeCloseTo(0.8, 12); // linear interpolation between 0.5 and 1.0 at rank 3.6
    expect(s.medianBias).toBeCloseTo(0, 12);
  });
  it("quantiles interpolate linearly", () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
  });
  it("groups by key, sorted, each with its own stats", () => {
    const g = groupStats(
      [
        { k: "b", measured: 1, predicted: 2 },
        { k: "a", measured: 1, predicted: 1 },
        { k: "b", measured: 1, predicted: 1 },
      ],
      (r) => r.k,
    );
    expect(Object.keys(g)).toEqual(["a", "b"]);
    expect(g.a!.medianApe).toBe(0);
    expect(g.b!.count).toBe(2);
    expect(g.b!.meanApe).toBeCloseTo(0.5, 12);
  });
  it("empty groups report zero counts, not NaN", () => {
    const s = errorStats([]);
    expect(s.count).toBe(0);
    expect(Number.isNaN(s.medianApe)).toBe(false);
  });
});
