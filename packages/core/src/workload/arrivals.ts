/**
 * Open-loop arrival processes: Poisson, or a gamma renewal process with a given coefficient of
 * variation (CV > 1 is bursty), optionally modulated by an hourly time-of-day profile, stopped
 * after a number of requests and/or a duration.
 *
 * The profile is applied by time rescaling: the renewal process runs in "operational time" at the
 * mean rate, and operational time u maps to wall time t by ∫₀ᵗ m(s) ds = u, where m is the hourly
 * multiplier (profile normalised to mean 1). A Poisson process stays Poisson with rate
 * `rate × m(t)`, and a bursty process keeps its burst shape, compressed at busy hours.
 * @module
 */
import { z } from "zod";
import { compile, type Sampler } from "./distributions.js";
import type { Rng } from "./random.js";

const HOUR = 3600;

/** An hourly time-of-day profile, cycled (24 values for a day, 168 for a week). */
export interface RateProfile {
  /** Relative request rate per hour, any scale (e.g. requests per minute read off a trace); normalised to mean 1. */
  readonly hourly: readonly number[];
  /** Index into `hourly` at time 0. Default 0. */
  readonly startHour?: number | undefined;
  /** Where the series comes from. */
  readonly source?: string | undefined;
}

/** How requests (or agent sessions) arrive. */
export type ArrivalSpec =
  | { readonly type: "poisson"; /** Mean rate, per second. */ readonly rate: number; readonly profile?: RateProfile | undefined }
  | {
      readonly type: "gamma";
      /** Mean rate, per second. */
      readonly rate: number;
      /** Coefficient of variation of inter-arrival times (1 = Poisson). */
      readonly cv: number;
      readonly profile?: RateProfile | undefined;
    };

/** When an open-loop stream ends: whichever limit comes first. Neither set: never. */
export interface StopSpec {
  /** Number of requests (or sessions) to generate. */
  readonly requests?: number | undefined;
  /** Seconds of wall time; arrivals after it are dropped. */
  readonly duration?: number | undefined;
}

const rateProfileSchema = z
  .strictObject({
    hourly: z.array(z.number().nonnegative()).min(1),
    startHour: z.number().int().nonnegative().optional(),
    source: z.string().min(1).optional(),
  })
  .refine((p) => p.hourly.some((h) => h > 0), { message: "hourly profile needs at least one positive hour", path: ["hourly"] })
  .refine((p) => (p.startHour ?? 0) < p.hourly.length, { message: "startHour must index into hourly", path: ["startHour"] });

export const arrivalSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("poisson"), rate: z.number().positive(), profile: rateProfileSchema.optional() }),
  z.strictObject({ type: z.literal("gamma"), rate: z.number().positive(), cv: z.number().positive(), profile: rateProfileSchema.optional() }),
]);

/** Zod schema of a {@link StopSpec} (presets' `stop`, the `requests`/`duration` options of presets and traces). */
export const stopSchema = z.strictObject({
  requests: z.number().int().positive().optional(),
  duration: z.number().positive().optional(),
});

/** Hourly multipliers with mean 1. */
export function profileMultipliers(p: RateProfile): number[] {
  const avg = p.hourly.reduce((a, b) => a + b, 0) / p.hourly.length;
  return p.hourly.map((h) => h / avg);
}

/** A stream of arrival times (seconds, non-decreasing). */
export class ArrivalProcess {
  private readonly gap: Sampler;
  private readonly mult: readonly number[] | undefined;
  private readonly maxCount: number;
  private readonly maxTime: number;
  private u = 0; // operational time
  private hour: number; // profile index of the current hour
  private hourT = 0; // wall time at the start of the current hour
  private hourU = 0; // operational time at the start of the current hour
  private n = 0;
  private done = false;

  constructor(
    spec: ArrivalSpec,
    stop: StopSpec,
    private readonly rng: Rng,
  ) {
    const meanGap = 1 / spec.rate;
    this.gap = compile({ type: "gamma", mean: meanGap, cv: spec.type === "poisson" ? 1 : spec.cv });
    this.mult = spec.profile ? profileMultipliers(spec.profile) : undefined;
    this.hour = spec.profile?.startHour ?? 0;
    this.maxCount = stop.requests ?? Infinity;
    this.maxTime = stop.duration ?? Infinity;
  }

  /** The next arrival time in seconds, or undefined once a stop limit is reached. */
  next(): number | undefined {
    if (this.done || this.n >= this.maxCount) return undefined;
    this.u += this.gap(this.rng);
    const t = this.mult ? this.wallTime(this.u, this.mult) : this.u;
    if (t > this.maxTime) {
      this.done = true;
      return undefined;
    }
    this.n++;
    return t;
  }

  /** Map operational time to wall time through the hourly multipliers (amortised O(1): time only moves forward). */
  private wallTime(u: number, mult: readonly number[]): number {
    for (;;) {
      const m = mult[this.hour] as number;
      const end = this.hourU + m * HOUR;
      if (m > 0 && u <= end) return this.hourT + (u - this.hourU) / m;
      this.hourU = end;
      this.hourT += HOUR;
      this.hour = (this.hour + 1) % mult.length;
    }
  }
}
