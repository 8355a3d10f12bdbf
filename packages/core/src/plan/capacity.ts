/**
 * How much a replica can serve within an SLO (analytical): the largest number of requests in
 * flight whose continuous-batching cycle keeps estimated TPOT and TTFT tails inside the bounds and
 * whose KV fits; its request rate is then the replica's capacity. Tails are estimated from means
 * with fixed factors (below); the simulator confirms the chosen candidates.
 * @module
 */
import { assert } from "../errors.js";
import { mixedCycle, PLAIN_DECODE, type DecodeSpec, type MixedStep } from "../perf/continuous.js";
import { maxConcurrency } from "../perf/memory-plan.js";
import { prefillTime } from "../perf/operating-point.js";
import type { CostModel, StepCost } from "../perf/step-cost.js";
import { cachedPrompt, computedPrompt, decodeContext, requestContext, tailComputedPrompt, type WorkloadStats } from "./workload-stats.js";

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
/**
 * Largest share of a replica's SLO-bounded capacity that replicas are planned at (estimate): the
 * headroom absorbs bursts above the mean rate; the simulator confirms the cheapest options.
 */
export const PLAN_UTILISATION = 0.9;
/** Capacity searches stop when the bracket is within this share of the concurrency found (finer steps move capacity less than the model's accuracy; estimate). */
const SEARCH_TOLERANCE = 0.02;

/** A point to check against an SLO: p99 TTFT, TPOT and end-to-end latency (s) and decode speed (tokens/s per user). */
export interface SloPoint {
  readonly ttft: number;
  readonly tpot: number;
  readonly e2e: number;
  readonly speed: number;
}

/** The SLO bounds a point misses, in words (`TTFT p99 ≈ 529 ms > 250 ms`); empty when it meets them all. */
/** Each SLO bound: which point value it limits, whether the value meets it, and how a miss reads. */
const ms = (v: number, digits: number) => `${(v * 1e3).toFixed(digits)} ms`;
const SLO_CHECKS: readonly { bound: (s: PlanSlo) => number | undefined; value: keyof SloPoint; meets: (v: number, b: number) => boolean; miss: (v: number, b: number) => string }[] = [
  { bound: (s) => s.ttftP99, value: "ttft", meets: (v, b) => v <= b, miss: (v, b) => `TTFT p99 ≈ ${ms(v, 0)} > ${ms(b, 0)}` },
  { bound: (s) => s.tpotP99, value: "tpot", meets: (v, b) => v <= b, miss: (v, b) => `TPOT p99 ≈ ${ms(v, 1)} > ${ms(b, 1)}` },
  { bound: (s) => s.e2eP99, value: "e2e", meets: (v, b) => v <= b, miss: (v, b) => `E2E p99 ≈ ${ms(v, 0)} > ${ms(b, 0)}` },
  { bound: (s) => s.minTokensPerSecondPerUser, value: "speed", meets: (v, b) => v >= b, miss: (v, b) => `${v.toFixed(0)} tok/s/user < ${b}` },
];

/** Does the point meet every bound of the SLO? Values the point leaves out are not checked (a pool checks only its own). */
export function meetsSlo(slo: PlanSlo, x: Partial<SloPoint>): boolean {
  for (const c of SLO_CHECKS) {
    const b = c.bound(slo);
    const v = x[c.value];
    if (b !== undefined && v !== undefined && !c.meets(v, b)) return false;
  }
  return true;
}

/** The bounds the point misses, as readable lines (empty when it meets the SLO); values it leaves out are not checked, as in {@link meetsSlo}. */
export function sloMisses(slo: PlanSlo, x: Partial<SloPoint>): string[] {
  const out: string[] = [];
  for (const c of SLO_CHECKS) {
    const b = c.bound(slo);
    const v = x[c.value];
    if (b !== undefined && v !== undefined && !c.meets(v, b)) out.push(c.miss(v, b));
  }
  return out;
}

/** Replicas for `rate` requests/s when one serves at most `rps`, each run at ≤ `utilisation` of that (at least one replica). */
export function replicasFor(rate: number, rps: number, utilisation = PLAN_UTILISATION): number {
  return Math.max(1, Math.ceil(rate / (rps * utilisation)));
}

/**
 * The largest n in 1…`max` (to within 2%) for which `ok` holds, given that ok(1) holds and that
 * once false it stays false as n grows (latency grows with concurrency): doubling from 1, then
 * bisection between the last n that held and the first that did not.
 */
export function largestFeasible(max: number, ok: (n: number) => boolean): number {
  assert(max >= 1, () => `largestFeasible needs max ≥ 1, got ${max}`);
  let lo = 1;
  let hi = Infinity; // the smallest n known to fail
  while (lo < max && hi === Infinity) {
    const n = Math.min(max, 2 * lo);
    if (ok(n)) lo = n;
    else hi = n;
  }
  if (hi === Infinity) return lo;
  while (hi - lo > Math.max(1, lo * SEARCH_TOLERANCE)) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The continuous-batching cycle at one concurrency (a throughput-frontier point). */
export interface CyclePoint {
  readonly concurrency: number;
  /** Mean time per output token, s. */
  readonly tpot: number;
  /** Output tokens/s per replica. */
  readonly outputTokensPerSecond: number;
}

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
  /** Requests in flight the KV cache holds at a mean request's context, capped by the engine's batch limit. */
  readonly kvMax: number;
  /** The cycle at concurrency 1, 2, 4, … up to `kvMax` (at least one point), whatever the SLO. */
  readonly curve: readonly CyclePoint[];
}

export function replicaCapacity(cm: CostModel, w: WorkloadStats, slo: PlanSlo, spec: DecodeSpec = PLAIN_DECODE): ReplicaCapacity {
  const d = cm.deployment;
  const computed = computedPrompt(w);
  const tailPrompt = tailComputedPrompt(w);
  const ctx = decodeContext(w);
  const kvMax = maxConcurrency(d, cm.shard, requestContext(w));
  const alone = prefillTime(cm, 1, tailPrompt, w.p99ComputedCached).time;
  const memo = new Map<number, { c: MixedStep; tpotP99: number; ttftP99: number; e2eP99: number }>();
  const at = (n: number) => {
    let x = memo.get(n);
    if (!x) {
      const c = mixedCycle(cm, n, computed, w.meanOutput, { spec, context: ctx, cached: cachedPrompt(w) });
      const tpotP99 = c.tpot * TPOT_TAIL;
      const ttftP99 = alone + TTFT_WAIT_STEPS * c.step + Math.max(0, Math.ceil(tailPrompt / c.prefillRoom) - 1) * c.step;
      memo.set(n, (x = { c, tpotP99, ttftP99, e2eP99: ttftP99 + (w.p99Output - 1) * tpotP99 }));
    }
    return x;
  };
  const pointOf = (x: ReturnType<typeof at>): SloPoint => ({ ttft: x.ttftP99, tpot: x.tpotP99, e2e: x.e2eP99, speed: 1 / x.c.tpot });
  const curve: CyclePoint[] = [];
  for (let n = 1; n <= Math.max(1, kvMax); n *= 2) curve.push({ concurrency: n, tpot: at(n).c.tpot, outputTokensPerSecond: at(n).c.outputTokensPerSecond });
  const stepAt = (n: number) => cm.step({ prefill: [], decode: [{ count: n, context: ctx }] });
  const none = { requestsPerSecond: 0, outputTokensPerSecond: 0, kvMax, curve };
  if (kvMax < 1) return { feasible: false, reason: "KV for one request does not fit", concurrency: 0, ttftP99: Infinity, tpot: Infinity, tpotP99: Infinity, e2eP99: Infinity, step: stepAt(1), ...none };
  const one = at(1);
  const missed = sloMisses(slo, pointOf(one));
  if (missed.length) {
    return { feasible: false, reason: `misses the SLO at one request in flight (${missed.join(", ")} even alone)`, concurrency: 1, ttftP99: one.ttftP99, tpot: one.c.tpot, tpotP99: one.tpotP99, e2eP99: one.e2eP99, step: stepAt(1), ...none };
  }
  const n = largestFeasible(kvMax, (k) => meetsSlo(slo, pointOf(at(k))));
  const x = at(n);
  const out = x.c.outputTokensPerSecond;
  return {
    feasible: true,
    concurrency: n,
    requestsPerSecond: out / w.meanOutput,
    outputTokensPerSecond: out,
    ttftP99: x.ttftP99,
    tpot: x.c.tpot,
    tpotP99: x.tpotP99,
    e2eP99: x.e2eP99,
    step: stepAt(n),
    kvMax,
    curve,
  };
}
