/**
 * The planner's search: for a model, workload (its measured statistics), demand rate and SLO,
 * every candidate configuration on every hardware is evaluated analytically — SLO-bounded capacity
 * per replica, replicas for the demand, chips, power and cost — giving each hardware's cheapest
 * SLO-meeting option and Pareto frontiers (tokens/s per chip vs per user; $/Mtok vs latency).
 * Pure and deterministic.
 * @module
 */
import type { Hardware } from "../hardware/hardware.js";
import type { Model } from "../model/model.js";
import { mixedCycle } from "../perf/continuous.js";
import type { Engine } from "../perf/efficiency.js";
import { memoryPlan } from "../perf/memory-plan.js";
import { stepPower } from "../perf/power.js";
import { decodeSpecFor, type SpeculativeSpec } from "../perf/speculative.js";
import { costModel } from "../perf/step-cost.js";
import { costPerHour, type CostBasis } from "./cost.js";
import { candidatesFor, type Candidate } from "./candidates.js";
import { replicaCapacity, type PlanSlo } from "./capacity.js";
import { paretoFront } from "./pareto.js";
import type { WorkloadStats } from "./workload-stats.js";
import type { Dtype } from "../dtype.js";

export interface PlanRequest {
  readonly model: Model;
  readonly workload: WorkloadStats;
  /** Demand, LLM requests per second (peak). */
  readonly rate: number;
  readonly slo: PlanSlo;
  readonly hardware: readonly Hardware[];
  readonly cost?: CostBasis;
  readonly engine?: Engine;
  readonly precisions?: readonly Dtype[];
  readonly speculative?: SpeculativeSpec;
  /** Largest share of a replica's SLO-bounded capacity to plan on (default 0.9). */
  readonly utilisation?: number;
}

export interface PlanConfig {
  readonly tp: number;
  readonly pp: number;
  readonly ep: number;
  readonly attention_dp: boolean;
  readonly weight_precision: string;
  readonly kv_precision: string;
  /** Requests in flight per replica at the operating point (the engine's batch limit). */
  readonly max_batch: number;
  readonly speculative: string | null;
}

export interface PlanOption {
  readonly hardware: string;
  readonly hardware_class: string;
  /** Chips per replica. */
  readonly chips: number;
  readonly replicas: number;
  readonly chips_total: number;
  readonly config: PlanConfig;
  readonly meets_slo: boolean;
  readonly reason: string | null;
  readonly ttft_ms_p99: number;
  readonly tpot_ms_p99: number;
  readonly e2e_ms_p99: number;
  readonly tokens_per_s_per_user: number;
  readonly output_tokens_per_s_per_chip: number;
  readonly requests_per_s_per_replica: number;
  readonly cost_usd_per_hour: number | null;
  readonly cost_usd_per_mtok: number | null;
  readonly cost_basis: string;
  readonly power_kw: number;
  readonly capex_usd: number | null;
  /** Simulator check of this option (set by `confirmOptions`). */
  readonly confirmed?: { readonly meets_slo: boolean; readonly ttft_ms_p99: number; readonly tpot_ms_p99: number; readonly slo_attainment: number; readonly replicas: number };
}

export interface FrontPoint {
  readonly hardware: string;
  readonly x: number;
  readonly y: number;
  readonly label: string;
}

export interface PlanResult {
  readonly options: readonly PlanOption[];
  /** Cheapest SLO-meeting option per hardware (hardware with none are absent). */
  readonly best: readonly PlanOption[];
  readonly cheapest: PlanOption | null;
  /** Output tokens/s per chip (y) vs tokens/s per user (x), per hardware, over batch sizes. */
  readonly throughputFrontier: readonly FrontPoint[];
  /** $/Mtok (y) vs TPOT p99 ms (x) over the options. */
  readonly costFrontier: readonly FrontPoint[];
  readonly evaluated: number;
  /** Hardware with no cheapest option, and why (no price on this basis, or the closest miss). */
  readonly failures: readonly PlanFailure[];
}

export interface PlanFailure {
  readonly hardware: string;
  /** The hardware meets the SLO but the catalog (or the request) gives no price on the cost basis. */
  readonly unpriced: boolean;
  readonly reason: string;
}

/** Called before each hardware is searched. */
export type PlanProgress = (done: number, total: number, hardware: string) => void;

const r3 = (x: number) => Math.round(x * 1000) / 1000;

function evaluate(c: Candidate, req: PlanRequest): { option: PlanOption; curve: FrontPoint[] } {
  const d = c.deployment;
  const hw = d.hardware;
  const cm = costModel(d);
  const w = req.workload;
  const ctx = w.meanInput + w.meanOutput / 2;
  const spec = decodeSpecFor(cm, undefined, c.speculative, ctx);
  const cap = replicaCapacity(cm, w, req.slo, spec);
  const util = req.utilisation ?? 0.9;
  const chips = d.tp * d.pp;
  const replicas = cap.feasible ? Math.max(1, Math.ceil(req.rate / (cap.requestsPerSecond * util))) : 0;
  const total = replicas * chips;
  const power = stepPower(hw, cap.step);
  const cost = cap.feasible ? costPerHour(hw, total, power, req.cost) : { usdPerHour: undefined, basis: "n/a" };
  const perMtok = cost.usdPerHour !== undefined && cap.feasible ? (cost.usdPerHour / (req.rate * w.meanOutput * 3600)) * 1e6 : undefined;
  const option: PlanOption = {
    hardware: hw.id,
    hardware_class: hw.class,
    chips,
    replicas,
    chips_total: total,
    config: {
      tp: d.tp,
      pp: d.pp,
      ep: d.ep,
      attention_dp: d.attentionDp,
      weight_precision: d.weightDtype,
      kv_precision: d.kvDtype,
      max_batch: cap.concurrency,
      speculative: c.speculative ? `${c.speculative.method} α=${c.speculative.acceptance} k=${c.speculative.length}` : null,
    },
    meets_slo: cap.feasible,
    reason: cap.feasible ? null : (cap.reason ?? "misses the SLO"),
    ttft_ms_p99: r3(cap.ttftP99 * 1e3),
    tpot_ms_p99: r3(cap.tpotP99 * 1e3),
    e2e_ms_p99: r3(cap.e2eP99 * 1e3),
    tokens_per_s_per_user: r3(1 / cap.tpot),
    output_tokens_per_s_per_chip: r3(cap.outputTokensPerSecond / chips),
    requests_per_s_per_replica: r3(cap.requestsPerSecond),
    cost_usd_per_hour: cost.usdPerHour !== undefined ? r3(cost.usdPerHour) : null,
    cost_usd_per_mtok: perMtok !== undefined ? r3(perMtok) : null,
    cost_basis: cost.basis,
    power_kw: r3((power * total) / 1000),
    capex_usd: hw.price.purchase ? Math.round(hw.price.purchase.value * total) : null,
  };
  // Throughput frontier points: the cycle at powers-of-two concurrency up to the KV limit.
  const curve: FrontPoint[] = [];
  const kv = Math.min(d.maxBatch, memoryPlan(d, { batch: 1, context: Math.round(w.meanInput + w.meanOutput) }, cm.shard).maxSequences);
  for (let n = 1; n <= Math.max(1, kv); n *= 2) {
    const cyc = mixedCycle(cm, n, Math.max(1, w.meanInput * (1 - w.cachedFraction)), w.meanOutput, spec, ctx);
    curve.push({ hardware: hw.id, x: r3(1 / cyc.tpot), y: r3(cyc.outputTokensPerSecond / chips), label: `${hw.id} tp${d.tp} pp${d.pp}${d.ep > 1 ? ` ep${d.ep}` : ""} ${d.weightDtype}${c.speculative ? " spec" : ""} n=${n}` });
  }
  return { option, curve };
}

/** Cheaper first; among equals, fewer chips, then the faster per user. */
const byCost = (a: PlanOption, b: PlanOption) =>
  (a.cost_usd_per_hour ?? Infinity) - (b.cost_usd_per_hour ?? Infinity) || a.chips_total - b.chips_total || b.tokens_per_s_per_user - a.tokens_per_s_per_user;

/** Every candidate on one hardware: options and throughput-frontier points (a sweep's unit of work). */
export function evaluateHardware(req: PlanRequest, hw: Hardware): { options: PlanOption[]; curves: FrontPoint[] } {
  const context = Math.max(1, Math.round(req.workload.p99Input + req.workload.meanOutput));
  const cands = candidatesFor(hw, req.model, { context, ...(req.engine ? { engine: req.engine } : {}), ...(req.precisions ? { precisions: req.precisions } : {}), ...(req.speculative ? { speculative: req.speculative } : {}) });
  if (!cands.length) return { options: [infeasible(hw, `${req.model.id} does not fit any layout tried on ${hw.id}`)], curves: [] };
  const options: PlanOption[] = [];
  const curves: FrontPoint[] = [];
  for (const c of cands) {
    const e = evaluate(c, req);
    options.push(e.option);
    curves.push(...e.curve);
  }
  return { options, curves };
}

/** Best per hardware, cheapest overall and frontiers from evaluated options (also merges shards). */
export function summarizePlan(options: readonly PlanOption[], curves: readonly FrontPoint[]): PlanResult {
  const ids = [...new Set(options.map((o) => o.hardware))];
  const best: PlanOption[] = [];
  for (const id of ids) {
    const ok = options.filter((o) => o.hardware === id && o.meets_slo && o.cost_usd_per_hour !== null).sort(byCost);
    if (ok[0]) best.push(ok[0]);
  }
  best.sort(byCost);
  const throughputFrontier = ids.flatMap((id) => paretoFront(curves.filter((p) => p.hardware === id), "max", "max"));
  const costFrontier = paretoFront(
    options.filter((o) => o.meets_slo && o.cost_usd_per_mtok !== null).map((o) => ({ hardware: o.hardware, x: o.tpot_ms_p99, y: o.cost_usd_per_mtok!, label: `${o.hardware} ×${o.chips_total} ${o.config.weight_precision}` })),
    "min",
    "min",
  );
  const failures = ids.filter((id) => !best.some((b) => b.hardware === id)).map((id) => failureOf(options.filter((o) => o.hardware === id), id));
  return { options: [...options], best, cheapest: best[0] ?? null, throughputFrontier, costFrontier, evaluated: options.length, failures };
}

function failureOf(mine: readonly PlanOption[], id: string): PlanFailure {
  if (mine.some((o) => o.meets_slo && o.cost_usd_per_hour === null)) return { hardware: id, unpriced: true, reason: "meets the SLO, but has no price on this cost basis" };
  const closest = mine.find((o) => o.reason)?.reason;
  return { hardware: id, unpriced: false, reason: closest ? `no option meets the SLO (e.g. ${closest})` : "no option meets the SLO" };
}

export function plan(req: PlanRequest, onProgress?: PlanProgress): PlanResult {
  const options: PlanOption[] = [];
  const curves: FrontPoint[] = [];
  for (const [i, hw] of req.hardware.entries()) {
    onProgress?.(i, req.hardware.length, hw.id);
    const e = evaluateHardware(req, hw);
    options.push(...e.options);
    curves.push(...e.curves);
  }
  return summarizePlan(options, curves);
}

function infeasible(hw: Hardware, reason: string): PlanOption {
  return {
    hardware: hw.id,
    hardware_class: hw.class,
    chips: 0,
    replicas: 0,
    chips_total: 0,
    config: { tp: 0, pp: 0, ep: 0, attention_dp: false, weight_precision: "", kv_precision: "", max_batch: 0, speculative: null },
    meets_slo: false,
    reason,
    ttft_ms_p99: Infinity,
    tpot_ms_p99: Infinity,
    e2e_ms_p99: Infinity,
    tokens_per_s_per_user: 0,
    output_tokens_per_s_per_chip: 0,
    requests_per_s_per_replica: 0,
    cost_usd_per_hour: null,
    cost_usd_per_mtok: null,
    cost_basis: "n/a",
    power_kw: 0,
    capex_usd: null,
  };
}
