import { describe, expect, it } from "vitest";
import type { Sampler } from "./distributions.js";
import { UserContexts } from "./prefix.js";
import { Rng } from "./random.js";
import { BlockIds } from "./request.js";

const lengths = (...ls: number[]): Sampler => {
  let i = 0;
  return () => ls[i++ % ls.length]!;
};
const common = (a: readonly number[], b: readonly number[]) => {
  let k = 0;
  while (k < a.length && a[k] === b[k]) k++;
  return k;
};

describe("per-user prefix reuse", () => {
  it("sameLength: follow-ups keep the length and share floor(share × len / blockTokens) blocks", () => {
    const uc = new UserContexts({ blockTokens: 16, shareFraction: 0.9, newContextProbability: 0, sameLength: true }, new BlockIds(), new Rng(1));
    const rng = new Rng(2);
    const a = uc.prompt(0, lengths(1000, 50), rng);
    const b = uc.prompt(0, lengths(1000, 50), rng);
    expect([a.input, b.input, a.blocks.length]).toEqual([1000, 1000, 63]);
    expect(common(a.blocks, b.blocks)).toBe(Math.floor((0.9 * 1000) / 16));
    expect(a.context).toBe(b.context);
    const other = uc.prompt(1, lengths(1000), rng);
    expect(common(a.blocks, other.blocks)).toBe(0);
    expect(new Set([...a.blocks, ...b.blocks, ...other.blocks]).size).toBe(63 + (63 - 56) + 63);
  });

  it("a new context starts over with all-new hashes", () => {
    const uc = new UserContexts({ shareFraction: 0.9, newContextProbability: 1 }, new BlockIds(), new Rng(1));
    const rng = new Rng(2);
    const a = uc.prompt(0, lengths(800), rng);
    const b = uc.prompt(0, lengths(800), rng);
    expect(b.context).not.toBe(a.context);
    expect(common(a.blocks, b.blocks)).toBe(0);
  });

  it("independent lengths: a shorter prompt never rewrites the context's shared prefix", () => {
    const uc = new UserContexts({ blockTokens: 10, shareFraction: 0.5, newContextProbability: 0 }, new BlockIds(), new Rng(1));
    const rng = new Rng(2);
    const len = lengths(1000, 100, 1000);
    const a = uc.prompt(0, len, rng); // shares 50 blocks from now on
    const b = uc.prompt(0, len, rng); // 10 blocks, 5 shared
    const c = uc.prompt(0, len, rng);
    expect(common(a.blocks, b.blocks)).toBe(5);
    expect(common(a.blocks, c.blocks)).toBe(50);
    expect(common(b.blocks, c.blocks)).toBe(5);
  });
});
