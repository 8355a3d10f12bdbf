import { describe, expect, it } from "vitest";
import { ArrivalProcess, arrivalSchema, profileMultipliers, type ArrivalSpec } from "./arrivals.js";
import { Rng } from "./random.js";

function times(spec: ArrivalSpec, n: number, seed = 1): number[] {
  const p = new ArrivalProcess(spec, { requests: n }, new Rng(seed));
  const out: number[] = [];
  for (let t = p.next(); t !== undefined; t = p.next()) out.push(t);
  return out;
}
function gapStats(ts: readonly number[]): { rate: number; cv: number } {
  const gaps = ts.slice(1).map((t, i) => t - ts[i]!);
  const m = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - m) ** 2, 0) / gaps.length);
  return { rate: 1 / m, cv: sd / m };
}

describe("arrival processes", () => {
  it("Poisson: rate within 2% and CV within 3% of 1 over 100k arrivals", () => {
    const { rate, cv } = gapStats(times({ type: "poisson", rate: 27.9 }, 100_000));
    expect(Math.abs(rate / 27.9 - 1)).toBeLessThan(0.02);
    expect(Math.abs(cv - 1)).toBeLessThan(0.03);
  });

  it("gamma: rate within 3% and CV within 6% of 3 over 100k arrivals", () => {
    const { rate, cv } = gapStats(times({ type: "gamma", rate: 10, cv: 3 }, 100_000, 5));
    expect(Math.abs(rate / 10 - 1)).toBeLessThan(0.03);
    expect(Math.abs(cv / 3 - 1)).toBeLessThan(0.06);
  });

  it("arrival times never go back and the same seed repeats the stream", () => {
    const a = times({ type: "gamma", rate: 5, cv: 2 }, 5000, 11);
    expect(a.every((t, i) => i === 0 || t >= a[i - 1]!)).toBe(true);
    expect(times({ type: "gamma", rate: 5, cv: 2 }, 5000, 11)).toEqual(a);
  });

  it("an hourly profile scales the rate hour by hour (time rescaling), starting at startHour", () => {
    const hourly = [1, 3, 0, 2]; // mean 1.5 → multipliers 2/3, 2, 0, 4/3
    expect(profileMultipliers({ hourly })).toEqual([2 / 3, 2, 0, 4 / 3]);
    const p = new ArrivalProcess({ type: "poisson", rate: 10, profile: { hourly, startHour: 1 } }, { duration: 4 * 3600 }, new Rng(3));
    const perHour = [0, 0, 0, 0];
    for (let t = p.next(); t !== undefined; t = p.next()) perHour[Math.floor(t / 3600)]!++;
    const expected = [2, 0, 4 / 3, 2 / 3].map((m) => m * 10 * 3600);
    perHour.forEach((n, h) => expect(Math.abs(n - expected[h]!)).toBeLessThanOrEqual(5 * Math.sqrt(expected[h]!) + 1));
    expect(perHour[1]).toBe(0);
  });

  it("stops after `requests` or after `duration`, whichever first", () => {
    expect(times({ type: "poisson", rate: 100 }, 250)).toHaveLength(250);
    const p = new ArrivalProcess({ type: "poisson", rate: 100 }, { duration: 10, requests: 1e9 }, new Rng(1));
    let n = 0;
    let last = 0;
    for (let t = p.next(); t !== undefined; t = p.next()) [n, last] = [n + 1, t];
    expect(last).toBeLessThanOrEqual(10);
    expect(Math.abs(n - 1000)).toBeLessThan(5 * Math.sqrt(1000));
    expect(p.next()).toBeUndefined();
  });

  it("validates specs with paths", () => {
    const r = arrivalSchema.safeParse({ type: "gamma", rate: -1, cv: 3, profile: { hourly: [0, 0], startHour: 5 } });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join("."));
    expect(paths).toContain("rate");
  });
});
