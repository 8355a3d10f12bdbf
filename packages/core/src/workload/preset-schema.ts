/**
 * The workload preset file format (`catalog/workloads/<id>.json`, or a user's file): lengths,
 * arrivals, prefix reuse, cancellation, speculative-decoding hints, SLOs and the sources behind
 * every number. Two kinds:
 * - `requests`: independent open-loop requests (autocomplete, next-edit, apply, chat);
 * - `sessions`: closed-loop agent sessions, started open-loop (`arrival`) or kept at a fixed
 *   `concurrency` (batch evaluation).
 * @module
 */
import { z } from "zod";
import { arrivalSchema, stopSchema } from "./arrivals.js";
import { distSchema } from "./distributions.js";
import { cancelSchema, outputSchema } from "./open-loop.js";
import { prefixReuseSchema } from "./prefix.js";
import { sessionSchema } from "./sessions.js";

const pos = z.number().positive();

/** Latency percentiles, milliseconds. */
export interface SloPercentiles {
  readonly p50?: number | undefined;
  readonly p90?: number | undefined;
  readonly p99?: number | undefined;
}

/**
 * Service-level objectives of a preset: server-side percentile bounds (client RTT excluded).
 * Goodput = share of requests meeting every bound given.
 */
export interface Slo {
  /** Time to first token, ms. */
  readonly ttftMs?: SloPercentiles | undefined;
  /** Time per output token after the first (mean per request), ms. */
  readonly tpotMs?: SloPercentiles | undefined;
  /** Arrival to last token, ms. */
  readonly e2eMs?: SloPercentiles | undefined;
  /** Decode speed each request must see, output tokens per second. */
  readonly minTokensPerSecondPerUser?: number | undefined;
}

const percentiles = z.strictObject({ p50: pos.optional(), p90: pos.optional(), p99: pos.optional() });

export const sloSchema = z.strictObject({
  ttftMs: percentiles.optional(),
  tpotMs: percentiles.optional(),
  e2eMs: percentiles.optional(),
  minTokensPerSecondPerUser: pos.optional(),
});

/** A speculative-decoding hint, in the shape of `SpeculativeSpec` (perf/speculative.ts) minus the draft model. */
export const speculativeHintSchema = z.strictObject({
  method: z.enum(["draft", "ngram", "mtp"]),
  /** Named technique, e.g. "speculative-edits", "prompt-lookup", "suffix-decoding". */
  variant: z.string().min(1).optional(),
  /** Per-token acceptance probability α in [0, 1). */
  acceptance: z.number().min(0).lt(1),
  /** Draft tokens per step. */
  length: z.number().int().positive(),
});

const common = {
  /** Slug used on the command line, e.g. `ide-autocomplete`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "id must be a lowercase slug (a-z, 0-9, '.', '-')"),
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  description: z.string().min(1),
  slo: sloSchema,
  speculative: speculativeHintSchema.optional(),
  /** URLs, files (with the JSON path of copied tables) and documents behind the numbers. */
  sources: z.array(z.string().min(1)).min(1),
  /** Which numbers are assumptions or inferences, and why. */
  notes: z.string().min(1),
};

const requestPreset = z.strictObject({
  ...common,
  kind: z.literal("requests"),
  /** Prompt tokens. */
  input: distSchema,
  /** Output tokens. */
  output: outputSchema,
  arrival: arrivalSchema,
  /** Default stop (a `requests` or `duration` option replaces it). */
  stop: stopSchema,
  /** User pool: `count` users, or sized so a user's requests are `meanGapS` seconds apart on average. */
  users: z
    .strictObject({ count: z.number().int().positive().optional(), meanGapS: pos.optional() })
    .refine((u) => u.count !== undefined || u.meanGapS !== undefined, { message: "users needs count or meanGapS" })
    .optional(),
  prefix: prefixReuseSchema.optional(),
  supersede: z.boolean().optional(),
  cancel: cancelSchema.optional(),
});

const sessionPreset = z
  .strictObject({
    ...common,
    kind: z.literal("sessions"),
    session: sessionSchema,
    /** Session starts (open loop); exclusive with `concurrency`. */
    arrival: arrivalSchema.optional(),
    /** Sessions kept running (closed loop); exclusive with `arrival`. */
    concurrency: z.number().int().positive().optional(),
    stop: stopSchema.extend({ sessions: z.number().int().positive().optional() }),
  })
  .refine((p) => (p.arrival === undefined) !== (p.concurrency === undefined), {
    message: "a sessions preset needs exactly one of arrival (open loop) or concurrency (closed loop)",
    path: ["arrival"],
  });

/** Zod schema of a workload preset file. */
export const workloadPresetSchema = z.discriminatedUnion("kind", [requestPreset, sessionPreset]);

/** A validated workload preset. */
export type WorkloadPreset = z.output<typeof workloadPresetSchema>;
/** A validated `requests` preset. */
export type RequestPreset = Extract<WorkloadPreset, { kind: "requests" }>;
/** A validated `sessions` preset. */
export type SessionPreset = Extract<WorkloadPreset, { kind: "sessions" }>;
