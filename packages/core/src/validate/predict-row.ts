/**
 * Predict one planned measurement row: resolve the layout, run the matching model (static batch
 * or continuous batching analytically; an open request rate or a burst with the simulator), and
 * read off the row's metric. Never reads the measured value.
 * @module
 */
import { fail, issue, ok, type Result } from "../errors.js";
import { resolveDeployment, type Deployment } from "../perf/deployment.js";
import type { EfficiencyTables } from "../perf/efficiency.js";
import { autoSize, memoryPlan } from "../perf/memory-plan.js";
import { operatingPoint } from "../perf/operating-point.js";
import { costModel } from "../perf/step-cost.js";
import { simulate } from "../sim/simulate.js";
import { fixedWorkload } from "../workload/fixed.js";
import type { RowPlan, RowWorkload } from "./row-plan.js";

/** Rows measured under load (an arrival rate, or a burst of requests) — predicted by the simulator. */
export const isLoaded = (w: RowWorkload) => w.kind === "rate" || w.kind === "burst";

/**
 * An open-rate row without a stated request count is a long run at that rate: MLPerf Server, whose
 * LoadGen issues queries for at least 600 s (min_duration) and reports the latency of every query
 * it issued. It is simulated for LONG_RUN_S of arrivals, and every request that arrives in them is
 * measured; throughput is the tokens emitted over the arrival span (the drain after the last
 * arrival is left out of the rate). LONG_RUN_MAX_REQUESTS bounds the simulation's cost: above
 * 200 requests/s per replica the span shortens (an estimate of what a validation run can afford).
 */
const LONG_RUN_S = 600;
const LONG_RUN_MAX_REQUESTS = 120_000;
function longRun(rate: number): { requests: number; window: { from: number; to: number } } {
  const span = Math.min(LONG_RUN_S, LONG_RUN_MAX_REQUESTS / rate);
  return { requests: Math.max(1, Math.round(rate * span)), window: { from: 0, to: span } };
}

/** Simulations are shared by the rows of one experiment (its TTFT, ITL and throughput rows): memoised per tables object. */
const simCache = new Map<string, { ttft: number; tpot: number; itl: number; e2e: number; throughput: number; notes: string[] }>();
const tableIds = new WeakMap<object, number>();
let nextTableId = 1;
function tablesKey(t: EfficiencyTables | undefined): number {
  if (!t) return 0;
  let id = tableIds.get(t);
  if (id === undefined) tableIds.set(t, (id = nextTableId++));
  return id;
}

export interface RowPrediction {
  readonly value: number;
  readonly deployment: Deployment;
  /** What the prediction found that a reader of the error should know (e.g. the load exceeds the predicted capacity). */
  readonly notes: readonly string[];
}

/** A long run delivering less than this share of the offered tokens: the load exceeds the predicted capacity (estimate: Poisson noise in 600 s of arrivals stays well within 5%). */
const OVERLOAD_SHARE = 0.95;

function layout(plan: RowPlan, tables?: EfficiencyTables): Result<Deployment> {
  const spec = tables ? { ...plan.spec, efficiencyTables: tables } : plan.spec;
  const w = plan.workload;
  // Sized at the mean lengths, drawn ones included (their means): the rows with drawn lengths state their TP.
  const ctx = w.input + w.output;
  if (plan.layout.kind === "given") return resolveDeployment(spec);
  if (plan.layout.kind === "min" || plan.layout.kind === "node") {
    const batch = w.kind === "static" ? w.batch : w.kind === "closed" && w.batch !== "max" ? w.batch : 1;
    const r = autoSize(spec, { batch, context: ctx });
    if (!r.ok) return r;
    const min = r.value.deployment;
    const node = spec.hardware.chipsPerNode;
    if (plan.layout.kind === "min" || min.chips >= node) return ok(min);
    // One whole node, laid out as `compare` widens a deployment to its node.
    const wide = resolveDeployment({ ...spec, chips: node });
    return wide.ok && memoryPlan(wide.value, { batch, context: ctx }).fits ? wide : ok(min);
  }
  // TP not stated: benchmark submitters tune it; take the TP (power of two in the scale-up domain)
  // whose replicas give the most output tokens/s per chip at the largest batch that fits.
  const chips = plan.layout.chips;
  const hw = spec.hardware;
  let best: { d: Deployment; perChip: number } | undefined;
  for (let tp = 1; tp <= Math.min(chips, hw.scaleUp.domainSize); tp *= 2) {
    if (chips % tp !== 0) continue;
    const r = resolveDeployment({ ...spec, tp, pp: 1, dp: chips / tp });
    if (!r.ok) continue;
    const m = memoryPlan(r.value, { batch: 1, context: ctx });
    if (!m.fits) continue;
    const op = operatingPoint(r.value, { batch: "max", input: w.input, output: w.output });
    const perChip = op.ok ? op.value.outputTokensPerSecondPerChip : 0;
    if (!best || perChip > best.perChip * (1 + 1e-9)) best = { d: r.value, perChip };
  }
  return best ? ok(best.d) : fail(issue("layout", `no tensor-parallel size up to the scale-up domain fits ${spec.model.id} on ${chips} × ${hw.id}`));
}

export function predictRow(plan: RowPlan, tables?: EfficiencyTables): Result<RowPrediction> {
  const dr = layout(plan, tables);
  if (!dr.ok) return dr;
  const d = dr.value;
  const w = plan.workload;
  const metric = plan.row.metric;
  const cm = costModel(d);
  let ttft: number;
  let tpot: number;
  // Mean inter-token latency over all gaps of all requests, as vLLM's benchmark_serving reports
  // "Mean ITL" (TPOT is the mean over requests): the same with fixed lengths, not with drawn ones.
  let itl: number;
  let e2e: number;
  let throughput: number; // output tokens/s, whole deployment
  let notes: string[] = [];
  if (w.kind === "static" || w.kind === "closed") {
    const mode = w.kind === "static" ? "static" : "continuous";
    let r = operatingPoint(d, { batch: w.batch, input: w.input, output: w.output, mode }, cm);
    if (!r.ok) return r;
    // A run of N requests never has more than its share of them in flight on a replica.
    const cap = w.kind === "closed" && w.requests !== undefined ? Math.max(1, Math.floor(w.requests / d.dp)) : Infinity;
    if (r.value.batch > cap) {
      r = operatingPoint(d, { batch: cap, input: w.input, output: w.output, mode }, cm);
      if (!r.ok) return r;
    }
    ({ ttft, tpot, e2e } = r.value);
    itl = tpot;
    throughput = r.value.outputTokensPerSecond;
  } else {
    // Requests as the benchmark sends them (fixed lengths, or a dataset's drawn ones), Poisson at
    // the rate (or all at once): its stated request count (all measured), or a long run. A long run
    // simulates one replica at its share of the rate, as the planner's confirmation does (a Poisson
    // stream split at random: a little burstier than the engines' routers).
    const long = w.kind === "rate" && w.requests === undefined ? longRun(w.rate / d.dp) : undefined;
    const replicas = long ? 1 : d.dp;
    const scale = d.dp / replicas;
    const n = long ? long.requests : w.requests!;
    // Every resolved deployment field but the catalog objects (named by id) and the efficiency (set by the tables).
    const { hardware, model, efficiency: _efficiency, ...fields } = d;
    const key = `${tablesKey(tables)}|${hardware.id}|${model.id}|${JSON.stringify(fields)}|${JSON.stringify(w)}|${n}`;
    let sim = simCache.get(key);
    if (!sim) {
      const spec = { input: w.input, output: w.output, rate: w.kind === "burst" ? Infinity : w.rate / scale, requests: n, seed: 1, lengths: w.lengths };
      const r = simulate(fixedWorkload(spec), { deployment: d, replicas, scheduler: "chunked", seed: 1, prefixCaching: false, ...(long ? { window: long.window } : {}) });
      const served = r.output_tokens_per_s * scale;
      const offered = (r.offered_output_tokens_per_s ?? 0) * scale;
      const simNotes =
        served < OVERLOAD_SHARE * offered
          ? [`the load exceeds the predicted capacity (${Math.round(served)} of ${Math.round(offered)} offered tokens/s served): the queue grows through the run`]
          : [];
      // A figure no request was measured for (null) makes its metric fail below, never read as 0.
      const sec = (ms: number | null) => (ms === null ? NaN : ms / 1e3);
      sim = { ttft: sec(r.ttft_ms.mean), tpot: sec(r.tpot_ms.mean), itl: sec(r.itl_ms.mean), e2e: sec(r.e2e_ms.mean), throughput: served, notes: simNotes };
      if (simCache.size > 2000) simCache.clear();
      simCache.set(key, sim);
    }
    ({ ttft, tpot, itl, e2e, throughput, notes } = sim);
  }
  let value: number;
  switch (metric) {
    case "output_tokens_per_s_total":
      value = throughput;
      break;
    case "output_tokens_per_s_per_chip":
      value = throughput / d.chips;
      break;
    case "tokens_per_s_per_user":
      value = 1 / tpot;
      break;
    case "ttft_ms":
      value = ttft * 1e3;
      break;
    case "tpot_ms":
      value = tpot * 1e3;
      break;
    case "itl_ms":
      value = itl * 1e3;
      break;
    case "e2e_latency_ms":
      value = e2e * 1e3;
      break;
    case "prefill_tokens_per_s": {
      const batch = w.kind === "static" || (w.kind === "closed" && w.batch !== "max") ? (w.batch as number) : 1;
      value = (batch * w.input) / ttft;
      break;
    }
  }
  if (Number.isNaN(value)) return fail(issue(plan.row.id, `no ${metric} predicted: no request was measured for it`));
  if (!Number.isFinite(value) || value <= 0) return fail(issue(plan.row.id, `prediction is not a positive number (${value})`));
  return ok({ value, deployment: d, notes });
}
