/**
 * The built-in workload presets (catalog/workloads/*.json, workloads.md §5) and
 * {@link buildWorkload}, which turns a preset plus options (seed, rate, stop, pool sizes) into a
 * streaming {@link WorkloadSource}.
 * @module
 */
import { z } from "zod";
import { WORKLOAD_FILES } from "../../catalog/workloads/index.js";
import { Registry } from "../catalog/registry.js";
import { fail, formatIssue, issue, ok, type Result } from "../errors.js";
import { zodIssues } from "../io/zod-issues.js";
import { stopSchema, type ArrivalSpec } from "./arrivals.js";
import type { Dist } from "./distributions.js";
import { OpenLoopSource } from "./open-loop.js";
import { workloadPresetSchema, type RequestPreset, type SessionPreset, type WorkloadPreset } from "./preset-schema.js";
import { Rng } from "./random.js";
import type { WorkloadSource } from "./request.js";
import { SessionSource } from "./sessions.js";

/** Options of {@link buildWorkload}. Every field but `seed` is optional and replaces the preset's value. */
export interface BuildOptions {
  /** Random seed (a safe integer). Same preset, options and seed ⇒ the same stream. */
  readonly seed: number;
  /**
   * Mean open-loop rate, per second: requests, or session starts for agent presets. Replaces the
   * preset's mean rate; the hourly profile (mean 1) still modulates it.
   */
  readonly rate?: number | undefined;
  /** Stop after this many requests (LLM calls). Given with or without `duration`, replaces the preset's stop. */
  readonly requests?: number | undefined;
  /** Stop at this many seconds. Given with or without `requests`, replaces the preset's stop. */
  readonly duration?: number | undefined;
  /** User pool size of a `requests` preset. Default: the preset's `users.count`, else round(rate × users.meanGapS). */
  readonly users?: number | undefined;
  /** Closed-loop sessions kept running (batch-eval). Default: the preset's `concurrency`. */
  readonly concurrency?: number | undefined;
  /** Maximum sessions started (agent presets). Default: the preset's `stop.sessions`, else unbounded. */
  readonly sessions?: number | undefined;
  /** Index into the hourly profile at time 0. Default: the preset's `profile.startHour`, else 0. */
  readonly startHour?: number | undefined;
  /** Apply the preset's hourly profile. Default true; false gives a constant mean rate. */
  readonly diurnal?: boolean | undefined;
  /**
   * Azure-style random cancellation: probability that a request is abandoned. Cancel time from the
   * preset's `cancel.after`, else uniform over [0, the E2E p99 SLO (or 1 s)]. Default: the preset's `cancel.p`, else 0.
   */
  readonly cancel?: number | undefined;
  /**
   * The serving model's context window, tokens: agent sessions compact within it (window capped,
   * compaction target scaled); request presets are unchanged (the simulator rejects what exceeds it).
   */
  readonly contextWindow?: number | undefined;
}

const count = z.number().int().positive().optional();
const optionsSchema = z.strictObject({
  seed: z.number().int().refine(Number.isSafeInteger, { message: "seed must be a safe integer" }),
  rate: z.number().positive().optional(),
  ...stopSchema.shape,
  users: count,
  concurrency: count,
  sessions: count,
  startHour: z.number().int().nonnegative().optional(),
  diurnal: z.boolean().optional(),
  cancel: z.number().min(0).max(1).optional(),
  contextWindow: z.number().int().min(1).optional(),
});

/** Validate a preset file's content (already decoded from JSON/YAML). Every problem is reported with its path. */
export function parseWorkloadPreset(input: unknown, path = ""): Result<WorkloadPreset> {
  const r = workloadPresetSchema.safeParse(input);
  return r.success ? ok(r.data) : fail(...zodIssues(r.error, input, path));
}

let registry: Registry<WorkloadPreset> | undefined;

/** Every built-in workload preset, looked up by id or alias. */
export function workloadCatalog(): Registry<WorkloadPreset> {
  registry ??= new Registry(
    "workload",
    WORKLOAD_FILES.map((f, i) => {
      const r = parseWorkloadPreset(f, (f as { id?: string }).id ?? `#${i}`);
      if (!r.ok) throw new Error(`built-in workload preset is invalid:\n${r.issues.map(formatIssue).join("\n")}`);
      return r.value;
    }),
  );
  return registry;
}

function arrivalFor(a: ArrivalSpec, o: BuildOptions): Result<ArrivalSpec> {
  const profile = o.diurnal === false ? undefined : a.profile;
  if (profile && o.startHour !== undefined && o.startHour >= profile.hourly.length) {
    return fail(issue("options.startHour", `must be below the profile length ${profile.hourly.length}, got ${o.startHour}`));
  }
  const withHour = profile && o.startHour !== undefined ? { ...profile, startHour: o.startHour } : profile;
  return ok({ ...a, rate: o.rate ?? a.rate, profile: withHour });
}

function buildRequests(p: RequestPreset, o: BuildOptions, rng: Rng): Result<WorkloadSource> {
  const arrival = arrivalFor(p.arrival, o);
  if (!arrival.ok) return arrival;
  const rate = arrival.value.rate;
  const users = o.users ?? p.users?.count ?? (p.users?.meanGapS !== undefined ? Math.max(1, Math.round(rate * p.users.meanGapS)) : undefined);
  const e2e99 = p.slo.e2eMs?.p99 ?? 1000;
  const after: Dist = p.cancel?.after ?? { type: "uniform", lo: 0, hi: e2e99 / 1000 };
  const pCancel = o.cancel ?? p.cancel?.p ?? 0;
  const stop = o.requests !== undefined || o.duration !== undefined ? { requests: o.requests, duration: o.duration } : p.stop;
  return ok(
    new OpenLoopSource(
      {
        name: p.id,
        input: p.input,
        output: p.output,
        arrival: arrival.value,
        stop,
        users,
        prefix: p.prefix,
        supersede: p.supersede,
        cancel: pCancel > 0 ? { p: pCancel, after } : undefined,
      },
      rng,
    ),
  );
}

/**
 * An agent's window shrunk to the model's context: the harness compacts at the same fraction of the
 * smaller window, to the same share of it (compactTo scaled by window ratio).
 */
function sessionWindow(spec: SessionPreset["session"], contextWindow: number | undefined): SessionPreset["session"] {
  if (contextWindow === undefined || contextWindow >= spec.window) return spec;
  return { ...spec, window: contextWindow, compactTo: Math.max(1, Math.floor((spec.compactTo * contextWindow) / spec.window)) };
}

function buildSessions(p: SessionPreset, o: BuildOptions, rng: Rng): Result<WorkloadSource> {
  const session = sessionWindow(p.session, o.contextWindow);
  if (Math.floor(session.compactAt * session.window) - session.compactTo < 1) {
    return fail(issue("options.contextWindow", `${p.id}'s agent sessions compact to ${session.compactTo} tokens at ${session.compactAt} of the window: a ${session.window}-token context window leaves no room for new tokens`));
  }
  const stop =
    o.requests !== undefined || o.duration !== undefined
      ? { requests: o.requests, duration: o.duration, sessions: o.sessions ?? p.stop.sessions }
      : { ...p.stop, sessions: o.sessions ?? p.stop.sessions };
  if (p.arrival) {
    const arrival = arrivalFor(p.arrival, o);
    if (!arrival.ok) return arrival;
    return ok(new SessionSource(p.id, session, { type: "open", arrival: arrival.value }, stop, rng));
  }
  const concurrency = o.concurrency ?? p.concurrency ?? 1;
  return ok(new SessionSource(p.id, session, { type: "closed", concurrency }, stop, rng));
}

/**
 * Build a streaming source from a preset (or a built-in preset's id).
 *
 * ```ts
 * const src = unwrap(buildWorkload("ide-autocomplete", { seed: 1, rate: 50, requests: 10_000 }));
 * for (let r = src.nextArrival(); r; r = src.nextArrival()) simulator.push(r);
 * ```
 */
export function buildWorkload(preset: WorkloadPreset | string, options: BuildOptions): Result<WorkloadSource> {
  const opts = optionsSchema.safeParse(options);
  if (!opts.success) return fail(...zodIssues(opts.error, options, "options"));
  let p: WorkloadPreset;
  if (typeof preset === "string") {
    const found = workloadCatalog().get(preset);
    if (!found.ok) return found;
    p = found.value;
  } else {
    p = preset;
  }
  const rng = new Rng(options.seed);
  return p.kind === "requests" ? buildRequests(p, options, rng) : buildSessions(p, options, rng);
}
