/**
 * Predict one planned measurement row: resolve the layout, run the matching model (static batch,
 * continuous batching, open-rate serving point, or a burst), and read off the row's metric.
 * Never reads the measured value.
 * @module
 */
import { fail, issue, ok, type Result } from "../errors.js";
import { mixedCycle, servingPoint } from "../perf/continuous.js";
import { resolveDeployment, type Deployment } from "../perf/deployment.js";
import type { EfficiencyTables } from "../perf/efficiency.js";
import { autoSize, memoryPlan } from "../perf/memory-plan.js";
import { operatingPoint, prefillTime } from "../perf/operating-point.js";
import { costModel } from "../perf/step-cost.js";
import type { RowPlan } from "./row-plan.js";

/** Sequences a replica's KV must hold for "smallest TP that fits" (MLPerf-style replicas; judgement). */
const REPLICA_MIN_SEQUENCES = 64;

export interface RowPrediction {
  readonly value: number;
  readonly deployment: Deployment;
}

function layout(plan: RowPlan, tables?: EfficiencyTables): Result<Deployment> {
  const spec = tables ? { ...plan.spec, efficiencyTables: tables } : plan.spec;
  const w = plan.workload;
  const ctx = w.input + w.output;
  if (plan.layout.kind === "given") return resolveDeployment(spec);
  if (plan.layout.kind === "min") {
    const batch = w.kind === "static" ? w.batch : w.kind === "closed" && w.batch !== "max" ? w.batch : 1;
    const r = autoSize(spec, { batch, context: ctx });
    return r.ok ? ok(r.value.deployment) : r;
  }
  const chips = plan.layout.chips;
  const hw = spec.hardware;
  let last: Deployment | undefined;
  for (let tp = 1; tp <= Math.min(chips, hw.scaleUp.domainSize); tp *= 2) {
    if (chips % tp !== 0) continue;
    const r = resolveDeployment({ ...spec, tp, pp: 1, dp: chips / tp });
    if (!r.ok) continue;
    last = r.value;
    const m = memoryPlan(r.value, { batch: REPLICA_MIN_SEQUENCES, context: ctx });
    if (m.fits) return ok(r.value);
  }
  return last ? ok(last) : fail(issue("layout", `no tensor-parallel size divides ${chips} chips for ${spec.model.id}`));
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
  let e2e: number;
  let throughput: number; // output tokens/s, whole deployment
  if (w.kind === "static" || w.kind === "closed") {
    const r = operatingPoint(d, { batch: w.batch, input: w.input, output: w.output, mode: w.kind === "static" ? "static" : "continuous" }, cm);
    if (!r.ok) return r;
    ({ ttft, tpot, e2e } = r.value);
    throughput = r.value.outputTokensPerSecond;
  } else if (w.kind === "rate") {
    const s = servingPoint(cm, { rate: w.rate / d.dp, input: w.input, output: w.output });
    ttft = s.ttft;
    tpot = s.tpot;
    e2e = ttft + (w.output - 1) * tpot;
    throughput = s.outputTokensPerSecond * d.dp;
  } else {
    // Burst: requests split over replicas; each replica admits as many as fit and refills in waves.
    const perReplica = Math.ceil(w.requests / d.dp);
    const cap = Math.max(1, Math.min(d.maxBatch, memoryPlan(d, { batch: 1, context: w.input + w.output }, cm.shard).maxSequences));
    let start = 0;
    let ttftSum = 0;
    let tpotSum = 0;
    let left = perReplica;
    while (left > 0) {
      const c = Math.min(cap, left);
      const pre = prefillTime(cm, c, w.input, 0).time;
      const first = prefillTime(cm, 1, w.input, 0).time;
      const dec = mixedCycle(cm, c, 0, w.output).tpot;
      ttftSum += c * (start + (pre + first) / 2);
      tpotSum += c * dec;
      start += pre + (w.output - 1) * dec;
      left -= c;
    }
    ttft = ttftSum / perReplica;
    tpot = tpotSum / perReplica;
    e2e = ttft + (w.output - 1) * tpot;
    throughput = (perReplica * w.output * d.dp) / start;
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
    case "itl_ms":
      value = tpot * 1e3;
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
  if (!Number.isFinite(value) || value <= 0) return fail(issue(plan.row.id, `prediction is not a positive number (${value})`));
  return ok({ value, deployment: d });
}
