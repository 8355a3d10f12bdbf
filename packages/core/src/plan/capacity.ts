/**
 * How much a replica can serve within an SLO (analytical): the largest number of requests in
 * flight whose continuous-batching cycle keeps estimated TPOT and TTFT tails inside the bounds and
 * whose KV fits; its request rate is then the replica's capacity. Tails are estimated from means
 * with fixed factors (below); the simulator confirms the chosen candidates.
 * @module
 */
import { mixedCycle, PLAIN_DECODE, type DecodeSpec } from "../perf/continuous.js";
import { memoryPlan } from "../perf/memory-plan.js";
import { prefillTime } from "../perf/operating-point.js";
import type { CostModel, StepCost } from "../perf/step-cost.js";
import type { WorkloadStats } from "./workload-stats.js";

/** Latency bounds, seconds (p99 unless named otherwise). */
export interface PlanSlo {
  readonly ttftP99?: number;
  readonly tpotP99?: number;
  readonly e2eP99?: number;
  readonly minTokensPerSecondPerUser?: number;
}

/** p99 TPOT ≈ mean × 1.25: steps that carry a prompt chunk are slower than pure decode steps (estimate; the simulator checks). */
export const TPOT_TAIL = 1.25;
/** Waiting for the running step and for prompts ahead: p99 TTFT ≈ the prompt's own prefill + 2 mixed steps (estimate). */
export const TTFT_WAIT_STEPS = 2;

export interface ReplicaCapacity {
  readonly feasible: boolean;
  readonly reason?: string;
  /** Requests in flight per replica at the chosen point. */
  readonly concurrency: number;
  readonly requestsPerSecond: number;
  readonly outputTokensPerSecond: number;
  readonly ttftP99: number;
  readonly tpot: number;
  readonly tpotP99: number;
  readonly e2eP99: number;
  /** Decode step at the point (for power). */
  readonly step: StepCost;
}

export function replicaCapacity(cm: CostModel, w: WorkloadStats, slo: PlanSlo, spec: DecodeSpec = PLAIN_DECODE): ReplicaCapacity {
  const d = cm.deployment;
  const computed = Math.max(1, w.meanInput * (1 - w.cachedFraction));
  const tailPrompt = Math.max(1, w.p99Computed);
  const ctx = w.meanInput + w.meanOutput / 2;
  const kvMax = Math.max(0, Math.min(d.maxBatch, memoryPlan(d, { batch: 1, context: Math.round(w.meanInput + w.meanOutput) }, cm.shard).maxSequences));
  const alone = prefillTime(cm, 1, tailPrompt, w.p99ComputedCached).time;
  const at = (n: number) => {
    const c = mixedCycle(cm, n, computed, w.meanOutput, spec, ctx);
    const tpotP99 = c.tpot * TPOT_TAIL;
    const ttftP99 = alone + TTFT_WAIT_STEPS * c.step + Math.max(0, Math.ceil(tailPrompt / c.prefillRoom) - 1) * c.step;
    return { c, tpotP99, ttftP99, e2eP99: ttftP99 + (w.p99Output - 1) * tpotP99 };
  };
  const ok = (x: ReturnType<typeof at>) =>
    (slo.tpotP99 === undefined || x.tpotP99 <= slo.tpotP99) &&
    (slo.ttftP99 === undefined || x.ttftP99 <= slo.ttftP99) &&
    (slo.e2eP99 === undefined || x.e2eP99 <= slo.e2eP99) &&
    (slo.minTokensPerSecondPerUser === undefined || 1 / x.c.tpot >= slo.minTokensPerSecondPerUser);
  const stepOf = () => cm.step({ prefill: [], decode: [{ count: 1, context: ctx }] });
  if (kvMax < 1) return { feasible: false, reason: "KV for one request does not fit", concurrency: 0, requestsPerSecond: 0, outputTokensPerSecond: 0, ttftP99: Infinity, tpot: Infinity, tpotP99: Infinity, e2eP99: Infinity, step: stepOf() };
  const one = at(1);
  if (!ok(one)) {
    const ms = (x: number, d: number) => `${(x * 1e3).toFixed(d)} ms`;
    const missed = [
      slo.ttftP99 !== undefined && one.ttftP99 > slo.ttftP99 ? `TTFT p99 ≈ ${ms(one.ttftP99, 0)} > ${ms(slo.ttftP99, 0)}` : "",
      slo.tpotP99 !== undefined && one.tpotP99 > slo.tpotP99 ? `TPOT p99 ≈ ${ms(one.tpotP99, 1)} > ${ms(slo.tpotP99, 1)}` : "",
      slo.e2eP99 !== undefined && one.e2eP99 > slo.e2eP99 ? `E2E p99 ≈ ${ms(one.e2eP99, 0)} > ${ms(slo.e2eP99, 0)}` : "",
      slo.minTokensPerSecondPerUser !== undefined && 1 / one.c.tpot < slo.minTokensPerSecondPerUser ? `${(1 / one.c.tpot).toFixed(0)} tok/s/user < ${slo.minTokensPerSecondPerUser}` : "",
    ].filter(Boolean);
    const why = `${missed.join(", ")} even alone`;
    return { feasible: false, reason: `misses the SLO at one request in flight (${why})`, concurrency: 1, requestsPerSecond: 0, outputTokensPerSecond: 0, ttftP99: one.ttftP99, tpot: one.c.tpot, tpotP99: one.tpotP99, e2eP99: one.e2eP99, step: stepOf() };
  }
  // Largest n meeting the SLO (latency grows with n): exponential then binary search.
  let lo = 1;
  let hi = 1;
  while (hi < kvMax && ok(at(Math.min(kvMax, hi * 2)))) {
    lo = Math.min(kvMax, hi * 2);
    hi = lo;
  }
  let top = Math.min(kvMax, hi * 2);
  if (top > lo) {
    while (top - lo > Math.max(1, lo * 0.02)) {
      const mid = Math.floor((lo + top) / 2);
      if (ok(at(mid))) lo = mid;
      else top = mid;
    }
  }
  const x = at(lo);
  const out = x.c.outputTokensPerSecond;
  return {
    feasible: true,
    concurrency: lo,
    requestsPerSecond: out / w.meanOutput,
    outputTokensPerSecond: out,
    ttftP99: x.ttftP99,
    tpot: x.c.tpot,
    tpotP99: x.tpotP99,
    e2eP99: x.e2eP99,
    step: cm.step({ prefill: [], decode: [{ count: lo, context: ctx }] }),
  };
}
