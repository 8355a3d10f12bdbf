import { describe, expect, it } from "vitest";
import { lognormalFromMeanAndMax } from "./distributions.js";
import { fixedWorkload } from "./fixed.js";
import type { RequestSpec } from "./request.js";

function all(src: ReturnType<typeof fixedWorkload>): RequestSpec[] {
  const out: RequestSpec[] = [];
  for (let r = src.nextArrival(); r; r = src.nextArrival()) out.push(r);
  return out;
}

describe("fixedWorkload", () => {
  const base = { input: 202, output: 214, rate: 5, requests: 2000, seed: 3 };
  const lengths = { input: lognormalFromMeanAndMax(202, 933, 500, [4, 1024])!, output: lognormalFromMeanAndMax(214, 806, 500, [4, 2044])! };

  it("sends every request with the stated lengths, Poisson at the rate", () => {
    const reqs = all(fixedWorkload(base));
    expect(reqs).toHaveLength(2000);
    expect(reqs.every((r) => r.input === 202 && r.output === 214)).toBe(true);
    const span = reqs.at(-1)!.arrival - reqs[0]!.arrival;
    expect(1999 / span).toBeGreaterThan(4.5);
    expect(1999 / span).toBeLessThan(5.5);
  });

  it("draws lengths from a dataset's distributions without moving the arrivals", () => {
    const fixed = all(fixedWorkload(base));
    const drawn = all(fixedWorkload({ ...base, lengths }));
    expect(drawn.map((r) => r.arrival)).toEqual(fixed.map((r) => r.arrival));
    const avg = (k: "input" | "output") => drawn.reduce((a, r) => a + r[k], 0) / drawn.length;
    expect(avg("input")).toBeGreaterThan(202 * 0.95);
    expect(avg("input")).toBeLessThan(202 * 1.05);
    expect(avg("output")).toBeGreaterThan(214 * 0.95);
    expect(avg("output")).toBeLessThan(214 * 1.05);
    expect(new Set(drawn.map((r) => r.output)).size).toBeGreaterThan(100);
    expect(Math.max(...drawn.map((r) => r.input))).toBeLessThanOrEqual(1024);
    expect(Math.min(...drawn.map((r) => r.input))).toBeGreaterThanOrEqual(4);
  });

  it("is deterministic for a seed", () => {
    expect(all(fixedWorkload({ ...base, lengths }))).toEqual(all(fixedWorkload({ ...base, lengths })));
  });
});
