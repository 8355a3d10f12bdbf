/**
 * Confirm planner options with the serving simulator: one replica is simulated at its share of
 * the demand with the real workload (bursty arrivals, length distributions, prefix reuse), its
 * engine allowed to batch up to twice the planned concurrency; if an SLO bound is missed (a p99,
 * or the mean decode speed per user), replicas are added (20% at a time, up to five times) and
 * the check repeats.
 * @module
 */
import { formatMs, round } from "../format.js";
import { resolveDeployment } from "../perf/deployment.js";
import type { SpeculativeSpec } from "../perf/speculative.js";
import { simulate } from "../sim/simulate.js";
import type { WorkloadSource } from "../workload/request.js";
import { sloMisses } from "./capacity.js";
import { unwrap } from "../errors.js";
import { buildWorkload } from "../workload/presets.js";
import type { WorkloadPreset } from "../workload/preset-schema.js";
import { summarizePlan, type PlanOption, type PlanRequest, type PlanResult } from "./search.js";

export interface ConfirmOptions {
  /** A fresh workload source at a given request rate (the planner's demand share per replica). */
  readonly source: (ratePerReplica: number, seed: number) => WorkloadSource;
  readonly seed?: number;
  /** Extra replicas tried, 20% each (default 5). */
  readonly retries?: number;
}

/**
 * The simulated engine may batch this many times the planned concurrency, and at least
 * BATCH_HEADROOM_MIN more, to absorb bursts at some cost in TPOT, as a production engine's batch
 * limit is set above the steady state (estimates; the minimum matters for small planned batches).
 */
const BATCH_HEADROOM = 2;
const BATCH_HEADROOM_MIN = 4;
/** Each retry adds this share of replicas (estimate: coarse enough to converge within a few simulations). */
const RETRY_GROWTH = 1.2;
/** Simulations after the first before an option is reported as not confirmed (1.2^5 ≈ 2.5× the planned replicas). */
const RETRIES = 5;
/** Requests simulated per check: two minutes of arrivals at the replica's share, at least 400 for stable p99s (estimate). */
const confirmRequests = (rate: number) => Math.max(400, Math.round(rate * 120));

/** Simulate an option; returns it with `confirmed` (and replicas and cost scaled if more were needed). */
export function confirmOption(o: PlanOption, req: PlanRequest, opts: ConfirmOptions): PlanOption {
  const { weight_precision: weightDtype, kv_precision: kvDtype } = o.config;
  if (!o.meets_slo || o.replicas < 1 || !weightDtype || !kvDtype) return o;
  const hw = req.hardware.find((h) => h.id === o.hardware);
  if (!hw) return o;
  const d = resolveDeployment({
    hardware: hw,
    model: req.model,
    tp: o.config.tp,
    pp: o.config.pp,
    ep: o.config.ep,
    attentionDp: o.config.attention_dp,
    weightDtype,
    kvDtype,
    engine: req.engine ?? "generic",
    maxBatch: Math.max(BATCH_HEADROOM * o.config.max_batch, o.config.max_batch + BATCH_HEADROOM_MIN),
  });
  if (!d.ok) return o;
  const spec: SpeculativeSpec | undefined = o.config.speculative && req.speculative ? req.speculative : undefined;
  let replicas = o.replicas;
  let last: NonNullable<PlanOption["confirmed"]> | undefined;
  let missed: string[] = [];
  let completed = 0;
  for (let i = 0; i <= (opts.retries ?? RETRIES); i++) {
    const r = simulate(opts.source(req.rate / replicas, opts.seed ?? 1), { deployment: d.value, replicas: 1, scheduler: "chunked", seed: opts.seed ?? 1, ...(spec ? { speculative: spec } : {}) });
    // Simulated p99s (ms → s) and the mean decode speed per user, as the planner's tokens/s per user.
    // A figure with no measured request (TPOT when every request emits one token) is not checked.
    const { ttft_ms: ttft, tpot_ms: tpot, e2e_ms: e2e } = r;
    missed = sloMisses(req.slo, {
      ...(ttft.p99 !== null ? { ttft: ttft.p99 / 1e3 } : {}),
      ...(tpot.p99 !== null ? { tpot: tpot.p99 / 1e3 } : {}),
      ...(e2e.p99 !== null ? { e2e: e2e.p99 / 1e3 } : {}),
      ...(tpot.mean ? { speed: 1e3 / tpot.mean } : {}),
    });
    completed = r.fits ? r.completed : 0;
    last = { meets_slo: completed > 0 && missed.length === 0, ttft_ms_p99: r.ttft_ms.p99, tpot_ms_p99: r.tpot_ms.p99, slo_attainment: r.slo_attainment, replicas };
    if (last.meets_slo) break;
    replicas = Math.ceil(replicas * RETRY_GROWTH);
  }
  if (!last) return o;
  const scale = last.replicas / o.replicas;
  const why = missed.length ? missed.join(", ") : completed === 0 ? "no request completed" : `TTFT ${formatMs(last.ttft_ms_p99)}, TPOT ${formatMs(last.tpot_ms_p99)}`;
  return {
    ...o,
    replicas: last.replicas,
    chips_total: last.replicas * o.chips,
    cost_usd_per_hour: o.cost_usd_per_hour !== null ? round(o.cost_usd_per_hour * scale, 3) : null,
    cost_usd_per_mtok: o.cost_usd_per_mtok !== null ? round(o.cost_usd_per_mtok * scale, 3) : null,
    power_kw: round(o.power_kw * scale, 3),
    capex_usd: o.capex_usd !== null ? Math.round(o.capex_usd * scale) : null,
    meets_slo: last.meets_slo,
    reason: last.meets_slo ? null : `simulated p99 misses the SLO even with ${last.replicas} replicas (${why})`,
    confirmed: last,
  };
}

export interface ConfirmPlanOptions {
  /** Hardware checked, cheapest first (the CLI's `--confirm k`). */
  readonly hardware: number;
  /** Options checked per hardware, cheapest first (default 2). */
  readonly perHardware?: number;
  readonly seed: number;
  /** Called before each simulation. */
  readonly onProgress?: (done: number, total: number, label: string) => void;
}

/**
 * Confirm a plan with the simulator: the cheapest `hardware` hardware's cheapest options are
 * simulated on the preset's workload at their share of the demand (no diurnal profile: the plan
 * is for the peak); those hardware's unchecked options drop out, and the plan is summarised again.
 */
export function confirmPlan(result: PlanResult, req: PlanRequest, preset: WorkloadPreset, opts: ConfirmPlanOptions): PlanResult {
  const ids = result.best.slice(0, opts.hardware).map((o) => o.hardware);
  if (!ids.length) return result;
  const perSession = req.workload.requestsPerSession;
  const source = (rate: number, seed: number) => unwrap(buildWorkload(preset, { seed, contextWindow: req.model.maxContext, rate: rate / perSession, requests: confirmRequests(rate), diurnal: false }));
  const todo = ids.flatMap((id) =>
    result.options
      .filter((o) => o.hardware === id && o.meets_slo && o.cost_usd_per_hour !== null)
      .sort((a, b) => a.cost_usd_per_hour! - b.cost_usd_per_hour!)
      .slice(0, opts.perHardware ?? 2),
  );
  const confirmed = todo.map((o, i) => {
    opts.onProgress?.(i, todo.length, `simulating ${o.hardware} × ${o.chips_total} (${i + 1} of ${todo.length})`);
    return confirmOption(o, req, { source, seed: opts.seed });
  });
  return summarizePlan([...confirmed, ...result.options.filter((o) => !ids.includes(o.hardware))], result.throughputFrontier);
}
