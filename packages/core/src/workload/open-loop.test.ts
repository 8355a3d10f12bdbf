import { describe, expect, it } from "vitest";
import { OpenLoopSource, outputSchema } from "./open-loop.js";
import { Rng } from "./random.js";

describe("open-loop output lengths", () => {
  it("an input-fraction clip must be [lo, hi] with lo ≤ hi, like a distribution's", () => {
    const bad = outputSchema.safeParse({ type: "input-fraction", fraction: 0.9, clip: [100, 10] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.message).join("; ")).toMatch(/lo ≤ hi/);
    expect(outputSchema.safeParse({ type: "input-fraction", fraction: 0.9, clip: [10, 100] }).success).toBe(true);
  });
  it("input-fraction outputs are the fraction of the prompt, clipped, and at least 1", () => {
    const src = (clip?: readonly [number, number]) =>
      new OpenLoopSource({ name: "t", input: { type: "uniform", lo: 1, hi: 400 }, output: { type: "input-fraction", fraction: 0.5, clip }, arrival: { type: "poisson", rate: 1 }, stop: { requests: 300 } }, new Rng(1));
    for (let s = src([20, 100]), r = s.nextArrival(); r; r = s.nextArrival()) expect(r.output).toBe(Math.min(100, Math.max(20, Math.round(r.input / 2))));
    for (let s = src(), r = s.nextArrival(); r; r = s.nextArrival()) expect(r.output).toBe(Math.max(1, Math.round(r.input / 2)));
  });
});
