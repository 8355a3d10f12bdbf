/**
 * Seeded randomness for the simulator: a thin wrapper over pure-rand's xoroshiro128+ generator
 * (its in-place "unsafe" API, for speed) with `fork(label)` for independent, deterministic
 * substreams. A fork depends only on the parent's seed path and the label, never on how many
 * numbers the parent has drawn, so e.g. agent session 17 draws the same numbers whatever order a
 * simulator interleaves sessions in. Nothing in the core uses `Math.random`.
 * @module
 */
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import { assert } from "../errors.js";

/** MurmurHash3's 32-bit finaliser: a bijective avalanche mix. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over the label's UTF-16 code units, with a seed so that two independent hashes can be taken. */
function hashLabel(label: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Expand a 64-bit key (two words) into a non-zero 128-bit xoroshiro state, SplitMix-style. */
function stateFromKey(k0: number, k1: number): number[] {
  const s: number[] = [];
  let x = k0 ^ fmix32(k1 + 0x9e3779b9);
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    s.push(fmix32(x ^ fmix32(k1 + i * 0x632be5ab)) | 0);
  }
  if (!s.some((w) => w !== 0)) s[0] = 1; // xoroshiro's all-zero state is a fixed point
  return s;
}

/**
 * A seeded uniform random source. Same seed ⇒ same sequence, on every platform.
 *
 * ```ts
 * const rng = new Rng(42);
 * rng.next();            // uniform in [0, 1)
 * rng.fork("arrivals");  // independent substream, the same for every Rng(42)
 * ```
 */
export class Rng {
  private gen: RandomGenerator;
  private k0: number;
  private k1: number;

  /** @param seed any safe integer (negative and > 2³² allowed). */
  constructor(seed: number) {
    assert(Number.isSafeInteger(seed), () => `Rng seed must be a safe integer, got ${seed}`);
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 0x100000000) >>> 0;
    this.k0 = fmix32(lo ^ 0x5bd1e995);
    this.k1 = fmix32(hi ^ fmix32(lo + 0x27d4eb2f));
    this.gen = xoroshiro128plusFromState(stateFromKey(this.k0, this.k1));
  }

  /** Uniform number in [0, 1) with 53 random bits. */
  next(): number {
    return uniformFloat64(this.gen);
  }

  /** Uniform integer in [0, n) (n ≥ 1). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  /**
   * An independent substream named by `label`. Deterministic: `new Rng(s).fork("x")` always yields
   * the same sequence, whatever the parent drew before; different labels give unrelated streams.
   */
  fork(label: string | number): Rng {
    const text = typeof label === "number" ? `\u0001${label}` : label; // 3 and "3" differ
    const child = new Rng(0);
    child.k0 = fmix32(this.k0 ^ hashLabel(text, this.k0) ^ 0x3c6ef372);
    child.k1 = fmix32(this.k1 ^ hashLabel(text, this.k1 ^ 0xa5a5a5a5) ^ (child.k0 + 0x9e3779b9));
    child.gen = xoroshiro128plusFromState(stateFromKey(child.k0, child.k1));
    return child;
  }
}
