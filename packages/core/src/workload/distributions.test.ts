import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, compileCount, distSchema, lognormalFromMeanAndMax, mean, quantile, sample, type Dist } from "./distributions.js";
import { normalCdf } from "./normal.js";
import { Rng } from "./random.js";

const N = 40_000;
function draws(d: Dist, seed = 1, n = N): number[] {
  const s = compile(d);
  const r = new Rng(seed);
  return Array.from({ length: n }, () => s(r)).sort((a, b) => a - b);
}
const at = (xs: readonly number[], p: number) => xs[Math.min(xs.length - 1, Math.max(0, Math.ceil(p * xs.length) - 1))]!;
const avg = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const cvOf = (xs: readonly number[]) => {
  const m = avg(xs);
  return Math.sqrt(avg(xs.map((x) => (x - m) ** 2))) / m;
};

const stats = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "../../catalog/workloads/ide-autocomplete.json"), "utf8")) as { input: Dist; output: Dist };

describe("distribution JSON", () => {
  it("parses the documented forms", () => {
    for (const d of [
      { type: "fixed", value: 3 },
      { type: "uniform", lo: 12000, hi: 30000 },
      { type: "lognormal", median: 1469, sigma: 1.1, clip: [32, 7437] },
      { type: "empirical", quantiles: [1, 2, 4], clip: [1, 3] },
      { type: "geometric", mean: 8.8 },
      { type: "gamma", mean: 0.5, cv: 3 },
    ]) expect(distSchema.safeParse(d).success, JSON.stringify(d)).toBe(true);
  });
  it("rejects bad parameters", () => {
    for (const d of [
      { type: "uniform", lo: 3, hi: 1 },
      { type: "lognormal", median: -1, sigma: 1 },
      { type: "lognormal", median: 1, sigma: 1, clip: [9, 2] },
      { type: "empirical", quantiles: [3, 2] },
      { type: "geometric", mean: 0.5 },
      { type: "gamma", mean: 1, cv: 0 },
      { type: "poisson", mean: 1 },
      { type: "fixed", value: 1, extra: true },
    ]) expect(distSchema.safeParse(d).success, JSON.stringify(d)).toBe(false);
  });
});

describe("samplers match their closed-form medians and means", () => {
  it("lognormal (property: any median and sigma)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e5, noNaN: true }), fc.double({ min: 0.05, max: 1.5, noNaN: true }), fc.nat(), (median, sigma, seed) => {
        const d: Dist = { type: "lognormal", median, sigma };
        const xs = draws(d, seed, 20_000);
        expect(Math.abs(at(xs, 0.5) / median - 1)).toBeLessThan(0.05 * Math.max(1, sigma));
        expect(Math.abs(avg(xs) / mean(d) - 1)).toBeLessThan(0.06 * Math.exp(sigma * sigma)); // heavy tail: looser
      }),
      { numRuns: 20 },
    );
  });
  it("clipped lognormal: exact censored mean and quantiles", () => {
    const d: Dist = { type: "lognormal", median: 1470, sigma: 1.1, clip: [32, 7437] };
    const xs = draws(d);
    expect(xs[0]).toBeGreaterThanOrEqual(32);
    expect(xs.at(-1)).toBeLessThanOrEqual(7437);
    expect(avg(xs) / mean(d)).toBeCloseTo(1, 1);
    expect(at(xs, 0.9) / quantile(d, 0.9)!).toBeCloseTo(1, 1);
  });
  it("uniform, fixed, geometric and gamma", () => {
    const u: Dist = { type: "uniform", lo: 12000, hi: 30000 };
    expect(avg(draws(u)) / mean(u)).toBeCloseTo(1, 2);
    expect(draws({ type: "fixed", value: 4 }, 1, 10)).toEqual(new Array(10).fill(4));
    const g: Dist = { type: "geometric", mean: 8.8 };
    const gs = draws(g);
    expect(gs[0]).toBeGreaterThanOrEqual(1);
    expect(gs.every(Number.isInteger)).toBe(true);
    expect(avg(gs) / 8.8).toBeCloseTo(1, 1);
    expect(at(gs, 0.5)).toBe(quantile(g, 0.5));
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 100, noNaN: true }), fc.double({ min: 0.3, max: 3, noNaN: true }), fc.nat(), (m, cv, seed) => {
        const xs = draws({ type: "gamma", mean: m, cv }, seed, 50_000);
        expect(Math.abs(avg(xs) / m - 1)).toBeLessThan(0.05 * cv);
        expect(Math.abs(cvOf(xs) / cv - 1)).toBeLessThan(0.08 * Math.max(1, cv));
      }),
      { numRuns: 15 },
    );
  });
  it("empirical sampler reproduces the Azure 2023 code p50 1469 / p90 5194 within 3% (trace_stats.json)", () => {
    const xs = draws(stats.input, 3, 100_000);
    expect(Math.abs(at(xs, 0.5) / 1469 - 1)).toBeLessThan(0.03);
    expect(Math.abs(at(xs, 0.9) / 5194 - 1)).toBeLessThan(0.03);
    expect(quantile(stats.input, 0.5)).toBe(1469);
    expect(quantile(stats.input, 0.9)).toBe(5194);
    const out = draws(stats.output, 4, 100_000);
    expect(at(out, 0.5)).toBeCloseTo(13, 0);
    expect(avg(out) / mean(stats.output)).toBeCloseTo(1, 1);
  });
  it("counts are rounded integers within the clip and ≥ 1", () => {
    const s = compileCount({ type: "lognormal", median: 3, sigma: 2, clip: [0, 50] });
    const r = new Rng(9);
    for (let i = 0; i < 10_000; i++) {
      const x = s(r);
      expect(Number.isInteger(x) && x >= 1 && x <= 50).toBe(true);
    }
    expect(sample({ type: "fixed", value: 2.5 }, r)).toBe(2.5);
  });
});

describe("lognormalFromMeanAndMax", () => {
  it("returns a lognormal with the given mean whose largest of n draws has the given median", () => {
    const d = lognormalFromMeanAndMax(201.8, 933, 500)!;
    expect(d.type).toBe("lognormal");
    expect(mean(d)).toBeCloseTo(201.8, 6);
    // The median of the largest of 500 draws: P(max ≤ x) = F(x)^500 = 1/2 at x = 933.
    const z = (Math.log(933) - Math.log(d.median)) / d.sigma;
    expect(Math.pow(normalCdf(z), 500)).toBeCloseTo(0.5, 6);
    // Checked by drawing: the median over 400 samples of 500 of each sample's largest value.
    const s = compile(d);
    const r = new Rng(7);
    const maxima = Array.from({ length: 400 }, () => Math.max(...Array.from({ length: 500 }, () => s(r)))).sort((a, b) => a - b);
    expect(at(maxima, 0.5) / 933).toBeGreaterThan(0.93);
    expect(at(maxima, 0.5) / 933).toBeLessThan(1.07);
  });
  it("has no answer when the maximum is not above the mean or too far above it", () => {
    expect(lognormalFromMeanAndMax(200, 150, 500)).toBeUndefined();
    expect(lognormalFromMeanAndMax(200, 200, 500)).toBeUndefined();
    expect(lognormalFromMeanAndMax(200, 1e9, 500)).toBeUndefined();
    expect(lognormalFromMeanAndMax(200, 400, 1)).toBeUndefined();
  });
  it("keeps a clip when given one", () => {
    expect(lognormalFromMeanAndMax(202, 933, 500, [4, 1024])!.clip).toEqual([4, 1024]);
  });
});
