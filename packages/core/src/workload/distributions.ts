/**
 * Length and time distributions as plain data (the JSON form of a preset) plus their samplers.
 * Units belong to the field holding the distribution (tokens for lengths, seconds for waits).
 * - `fixed {value}`, `uniform {lo, hi}`
 * - `lognormal {median, sigma, clip?}`: exp(ln median + sigma·Z)
 * - `empirical {quantiles, clip?}`: inverse CDF, linear between equally spaced quantiles
 * - `geometric {mean}`: trials up to the first success, support 1, 2, 3, …
 * - `gamma {mean, cv}`: shape 1/cv², Marsaglia–Tsang (2000); cv = 1 is exponential
 *
 * `clip: [lo, hi]` censors a sample into the range (values outside land on the bound, as a hard
 * prompt cap does). Token counts come from {@link compileCount}: rounded, clipped and ≥ 1.
 * {@link mean} and {@link quantile} are exact (closed form) for the continuous shapes; the rounding
 * of counts shifts a mean by < 0.5.
 * @module
 */
import { z } from "zod";
import { normalCdf, normalQuantile, standardNormal } from "./normal.js";
import type { Rng } from "./random.js";

/** `[lo, hi]`, inclusive. */
export type Clip = readonly [number, number];

/** A distribution, in the same shape as its JSON form. */
export type Dist =
  | { readonly type: "fixed"; readonly value: number }
  | { readonly type: "uniform"; readonly lo: number; readonly hi: number }
  | {
      readonly type: "lognormal";
      /** Median (= e^μ), in the unit of the field (tokens, seconds). */
      readonly median: number;
      /** Standard deviation of ln X (dimensionless). */
      readonly sigma: number;
      readonly clip?: Clip | undefined;
    }
  | {
      readonly type: "empirical";
      /**
       * Values at equally spaced probabilities p = i / (K − 1), i = 0 … K − 1, so the first is the
       * minimum and the last the maximum (101 values for a 1 % table). Non-decreasing.
       */
      readonly quantiles: readonly number[];
      readonly clip?: Clip | undefined;
      /** Where the table comes from, e.g. `trace_stats.json#azure_2023_code.input_tokens`. */
      readonly source?: string | undefined;
    }
  | { readonly type: "geometric"; /** Mean ≥ 1 (p = 1 / mean). */ readonly mean: number }
  | { readonly type: "gamma"; readonly mean: number; /** Coefficient of variation, > 0. */ readonly cv: number };

/** Draws one value using the given random source. */
export type Sampler = (rng: Rng) => number;

const num = z.number();
const pos = z.number().positive();
/** Zod schema of a {@link Clip}: two non-negative bounds, lo ≤ hi. */
export const clipSchema = z
  .tuple([z.number().nonnegative(), z.number().nonnegative()])
  .refine(([lo, hi]) => lo <= hi, { message: "clip must be [lo, hi] with lo ≤ hi" });

/** Zod schema of a {@link Dist}'s JSON form, e.g. `{type: "lognormal", median: 1469, sigma: 1.1, clip: [32, 7437]}`. */
export const distSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("fixed"), value: num }),
  z.strictObject({ type: z.literal("uniform"), lo: num, hi: num }).refine((d) => d.lo <= d.hi, { message: "uniform needs lo ≤ hi", path: ["hi"] }),
  z.strictObject({ type: z.literal("lognormal"), median: pos, sigma: z.number().nonnegative(), clip: clipSchema.optional() }),
  z.strictObject({
    type: z.literal("empirical"),
    quantiles: z
      .array(z.number().nonnegative())
      .min(2)
      .refine((q) => q.every((v, i) => i === 0 || v >= (q[i - 1] as number)), { message: "quantiles must be non-decreasing" }),
    clip: clipSchema.optional(),
    source: z.string().min(1).optional(),
  }),
  z.strictObject({ type: z.literal("geometric"), mean: z.number().min(1) }),
  z.strictObject({ type: z.literal("gamma"), mean: pos, cv: pos }),
]);

/** `x` censored into `c` (values outside land on the bound); unchanged without a clip. */
export const clamp = (x: number, c: Clip | undefined): number => (c === undefined ? x : x < c[0] ? c[0] : x > c[1] ? c[1] : x);

/** Inverse CDF of an empirical table at p ∈ [0, 1], linear between knots (no clip). */
export function empiricalAt(q: readonly number[], p: number): number {
  const x = Math.min(Math.max(p, 0), 1) * (q.length - 1);
  const i = Math.min(Math.floor(x), q.length - 2);
  const a = q[i] as number;
  return a + ((q[i + 1] as number) - a) * (x - i);
}

/** Gamma(shape k, scale 1) by Marsaglia & Tsang, "A simple method for generating gamma variables" (2000). */
function gammaSampler(k: number): Sampler {
  const boost = k < 1; // Gamma(k) = Gamma(k + 1) · U^(1/k)
  const d = (boost ? k + 1 : k) - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  return (rng) => {
    for (;;) {
      const x = standardNormal(rng.next());
      let v = 1 + c * x;
      if (v <= 0) continue;
      v = v * v * v;
      const u = rng.next();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
        const g = d * v;
        return boost ? g * Math.pow(1 - rng.next(), 1 / k) : g;
      }
    }
  };
}

/** Turn a distribution into a fast sampler (parameters derived once). Values are real numbers. */
export function compile(dist: Dist): Sampler {
  switch (dist.type) {
    case "fixed": {
      const v = dist.value;
      return () => v;
    }
    case "uniform": {
      const { lo, hi } = dist;
      return (rng) => lo + (hi - lo) * rng.next();
    }
    case "lognormal": {
      const mu = Math.log(dist.median);
      const { sigma, clip: c } = dist;
      return (rng) => clamp(Math.exp(mu + sigma * standardNormal(rng.next())), c);
    }
    case "empirical": {
      const q = dist.quantiles;
      const c = dist.clip;
      return (rng) => clamp(empiricalAt(q, rng.next()), c);
    }
    case "geometric": {
      const lq = Math.log1p(-1 / dist.mean); // ln(1 − p); −∞ when mean = 1
      return (rng) => Math.max(1, Math.ceil(Math.log1p(-rng.next()) / lq));
    }
    case "gamma": {
      const m = dist.mean;
      if (dist.cv === 1) return (rng) => -m * Math.log1p(-rng.next()); // exponential by inversion
      const k = 1 / (dist.cv * dist.cv);
      const g = gammaSampler(k);
      const scale = m / k;
      return (rng) => g(rng) * scale;
    }
  }
}

/** Draw one value. For loops, {@link compile} once and call the sampler. */
export function sample(dist: Dist, rng: Rng): number {
  return compile(dist)(rng);
}

/** The clip range of a distribution, if it has one. */
export const clipOf = (d: Dist): Clip | undefined => (d.type === "lognormal" || d.type === "empirical" ? d.clip : undefined);

/** A sampler of integer counts (tokens, turns): rounded to nearest, clipped, and at least `min` (default 1). */
export function compileCount(dist: Dist, min = 1): Sampler {
  const s = compile(dist);
  const hi = clipOf(dist)?.[1] ?? Infinity;
  return (rng) => Math.max(min, Math.min(hi, Math.round(s(rng))));
}

/** Mean of a piecewise-linear segment v0 → v1 after clamping into `c`, exactly. */
function clampedSegmentMean(v0: number, v1: number, c: Clip): number {
  const cuts = [0, 1];
  if (v1 !== v0) for (const b of c) { const s = (b - v0) / (v1 - v0); if (s > 0 && s < 1) cuts.push(s); }
  cuts.sort((a, b) => a - b);
  let m = 0;
  for (let i = 1; i < cuts.length; i++) {
    const a = cuts[i - 1] as number, b = cuts[i] as number;
    m += (b - a) * clamp(v0 + ((v1 - v0) * (a + b)) / 2, c);
  }
  return m;
}

/**
 * Exact mean of the (clipped) distribution, before integer rounding. Lognormal with clip [a, b]:
 * a·Φ(α) + e^(μ+σ²/2)·[Φ(β−σ) − Φ(α−σ)] + b·(1 − Φ(β)), α = (ln a − μ)/σ, β = (ln b − μ)/σ.
 */
export function mean(dist: Dist): number {
  switch (dist.type) {
    case "fixed": return dist.value;
    case "uniform": return (dist.lo + dist.hi) / 2;
    case "geometric": return dist.mean;
    case "gamma": return dist.mean;
    case "lognormal": {
      const { median, sigma, clip: c } = dist;
      const mu = Math.log(median);
      const m = Math.exp(mu + (sigma * sigma) / 2);
      if (c === undefined) return m;
      if (sigma === 0) return clamp(median, c);
      const alpha = c[0] > 0 ? (Math.log(c[0]) - mu) / sigma : -Infinity;
      const beta = (Math.log(c[1]) - mu) / sigma;
      return c[0] * normalCdf(alpha) + m * (normalCdf(beta - sigma) - normalCdf(alpha - sigma)) + c[1] * (1 - normalCdf(beta));
    }
    case "empirical": {
      const q = dist.quantiles;
      let m = 0;
      for (let i = 1; i < q.length; i++) {
        const a = q[i - 1] as number, b = q[i] as number;
        m += dist.clip === undefined ? (a + b) / 2 : clampedSegmentMean(a, b, dist.clip);
      }
      return m / (q.length - 1);
    }
  }
}

/**
 * The p-quantile (p ∈ [0, 1]) of the (clipped) distribution, or `undefined` where no closed form
 * exists (gamma).
 */
export function quantile(dist: Dist, p: number): number | undefined {
  switch (dist.type) {
    case "fixed": return dist.value;
    case "uniform": return dist.lo + (dist.hi - dist.lo) * p;
    case "lognormal": return clamp(dist.median * Math.exp(dist.sigma * normalQuantile(p)), dist.clip);
    case "empirical": return clamp(empiricalAt(dist.quantiles, p), dist.clip);
    case "geometric": {
      if (dist.mean === 1 || p <= 0) return 1;
      return Math.max(1, Math.ceil(Math.log1p(-p) / Math.log1p(-1 / dist.mean)));
    }
    case "gamma": return undefined;
  }
}

/**
 * The lognormal a sample summary implies when it gives only a mean and the largest of `n` draws
 * (benchmark tools print both): mean m = e^(μ+σ²/2), and the largest of n draws sits at its median,
 * the quantile 0.5^(1/n), z = Φ⁻¹(0.5^(1/n)); so ln(max/m) = zσ − σ²/2, whose smaller root is
 * σ = z − √(z² − 2 ln(max/m)). An estimate: it assumes the lognormal shape, and one maximum is a
 * noisy reading of the tail. Undefined unless 1 < max/m ≤ e^(z²/2) (no lognormal fits otherwise).
 */
export function lognormalFromMeanAndMax(m: number, max: number, n: number, clip?: Clip): Extract<Dist, { type: "lognormal" }> | undefined {
  if (!(m > 0) || !(max > m) || !(n >= 2)) return undefined;
  const z = normalQuantile(Math.pow(0.5, 1 / n));
  const disc = z * z - 2 * Math.log(max / m);
  if (disc < 0) return undefined;
  const sigma = z - Math.sqrt(disc);
  return { type: "lognormal", median: m * Math.exp((-sigma * sigma) / 2), sigma, ...(clip ? { clip } : {}) };
}
