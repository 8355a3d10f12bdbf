import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "./random.js";

const draw = (r: Rng, n: number) => Array.from({ length: n }, () => r.next());

describe("Rng", () => {
  it("gives the same sequence for the same seed, and another for another seed", () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (seed) => {
        expect(draw(new Rng(seed), 20)).toEqual(draw(new Rng(seed), 20));
        // The neighbouring seed, staying a safe integer at the top of the range.
        const other = seed === Number.MAX_SAFE_INTEGER ? seed - 1 : seed + 1;
        expect(draw(new Rng(seed), 20)).not.toEqual(draw(new Rng(other), 20));
      }),
      { numRuns: 50, examples: [[Number.MAX_SAFE_INTEGER], [Number.MIN_SAFE_INTEGER], [0]] },
    );
  });

  it("draws uniformly in [0, 1)", () => {
    const r = new Rng(7);
    const xs = draw(r, 100_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean).toBeCloseTo(0.5, 2);
    const bins = new Array<number>(10).fill(0);
    for (const x of xs) bins[Math.floor(x * 10)]!++;
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(500); // ~5σ
  });

  it("forks deterministic substreams that do not depend on the parent's draws", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    draw(b, 1000);
    expect(draw(a.fork("arrivals"), 10)).toEqual(draw(b.fork("arrivals"), 10));
    expect(draw(a.fork(3), 10)).toEqual(draw(b.fork(3), 10));
    expect(draw(a.fork(3), 10)).not.toEqual(draw(a.fork("3"), 10));
    expect(draw(a.fork("x").fork("y"), 10)).not.toEqual(draw(a.fork("y").fork("x"), 10));
  });

  it("gives distinct streams to many numbered forks (sessions)", () => {
    const root = new Rng(1).fork("sessions");
    const firsts = new Set<number>();
    for (let i = 0; i < 20_000; i++) firsts.add(root.fork(i).next());
    expect(firsts.size).toBe(20_000);
  });

  it("rejects a seed that is not a safe integer", () => {
    expect(() => new Rng(1.5)).toThrow(/safe integer/);
  });
});
