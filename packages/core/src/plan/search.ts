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
import type { Engine } from "../perf/efficiency.js";
import { stepPower } from "../perf/power.js";
import { decodeSpecFor, type SpeculativeSpec } from "../perf/speculative.js";
import { costModel } from "../perf/step-cost.js";
import { round } from "../format.js";
import { costPerHour, costPerMillionTokens, type CostBasis } from "./cost.js";
import { requestedCandidates, type Candidate } from "./candidates.js";
import { replicaCapacity, replicasFor, type PlanSlo, type ReplicaCapacity } from "./capacity.js";
import { paretoFront } from "./pareto.js";
import { decodeContext, type WorkloadStats } from "./workload-stats.js";
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
  /** Weight formats to try (default: the release format, plus fp8 and fp4 where the chip computes them). */
  readonly precisions?: readonly Dtype[];
  readonly speculative?: SpeculativeSpec;
}

export interface PlanConfig {
  readonly tp: number;
  readonly pp: number;
  readonly ep: number;
  readonly attention_dp: boolean;
  /** Empty in the placeholder option of hardware where nothing fits. */
  readonly weight_precision: Dtype | "";
  readonly kv_precision: Dtype | "";
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
  /** Null p99s: the simulation measured no request for that figure. */
  readonly confirmed?: { readonly meets_slo: boolean; readonly ttft_ms_p99: number | null; readonly tpot_ms_p99: number | null; readonly slo_attainment: number; readonly replicas: number };
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
  /** Hardware with no cheapest option, and why (no price on this basis, or one of its misses as an example). */
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

/** What sizing a candidate depends on: a plan request without its demand, hardware and prices. */
export type SizingRequest = Omit<PlanRequest, "rate" | "hardware" | "cost">;

/** A candidate sized for a workload and SLO — independent of the demand rate and of prices. */
export interface SizedCandidate {
  readonly candidate: Candidate;
  readonly capacity: ReplicaCapacity;
  /** Chip power at the operating point, W. */
  readonly power: number;
}

/** Every candidate on one hardware sized, with its throughput-frontier points; `reason` when none fits. */
export interface SizedHardware {
  readonly sized: readonly SizedCandidate[];
  readonly curves: readonly FrontPoint[];
  readonly reason?: string;
}

export function sizeHardware(req: SizingRequest, hw: Hardware): SizedHardware {
  const cands = requestedCandidates(hw, req);
  if (!cands.length) return { sized: [], curves: [], reason: `${req.model.id} does not fit any layout tried on ${hw.id}` };
  const sized: SizedCandidate[] = [];
  const curves: FrontPoint[] = [];
  for (const c of cands) {
    const d = c.deployment;
    const cm = costModel(d);
    const spec = decodeSpecFor(cm, undefined, c.speculative, decodeContext(req.workload));
    const capacity = replicaCapacity(cm, req.workload, req.slo, spec);
    sized.push({ candidate: c, capacity, power: stepPower(hw, capacity.step) });
    // Throughput frontier points: the cycle at powers-of-two concurrency up to the KV limit.
    const chips = d.tp * d.pp;
    const label = `${hw.id} tp${d.tp} pp${d.pp}${d.ep > 1 ? ` ep${d.ep}` : ""} ${d.weightDtype}${c.speculative ? " spec" : ""}`;
    for (const p of capacity.curve) curves.push({ hardware: hw.id, x: round(1 / p.tpot, 3), y: round(p.outputTokensPerSecond / chips, 3), label: `${label} n=${p.concurrency}` });
  }
  return { sized, curves };
}

/** Options of sized candidates at a demand (requests/s) and prices; `hw` is the sized hardware, possibly repriced. */
export function priceHardware(s: SizedHardware, hw: Hardware, workload: WorkloadStats, rate: number, basis?: CostBasis): PlanOption[] {
  if (!s.sized.length) return [infeasible(hw, s.reason ?? "no candidate")];
  return s.sized.map((x) => optionOf(x, hw, workload, rate, basis));
}

function optionOf(s: SizedCandidate, hw: Hardware, w: WorkloadStats, rate: number, basis: CostBasis | undefined): PlanOption {
  const d = s.candidate.deployment;
  const cap = s.capacity;
  const chips = d.tp * d.pp;
  const replicas = cap.feasible ? replicasFor(rate, cap.requestsPerSecond) : 0;
  const total = replicas * chips;
  const cost = cap.feasible ? costPerHour(hw, total, s.power, basis) : { usdPerHour: undefined, basis: "n/a" };
  const perMtok = cost.usdPerHour !== undefined ? costPerMillionTokens(cost.usdPerHour, rate * w.meanOutput) : undefined;
  const sp = s.candidate.speculative;
  return {
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
      speculative: sp ? `${sp.method} α=${sp.acceptance} k=${sp.length}` : null,
    },
    meets_slo: cap.feasible,
    reason: cap.feasible ? null : (cap.reason ?? "misses the SLO"),
    ttft_ms_p99: round(cap.ttftP99 * 1e3, 3),
    tpot_ms_p99: round(cap.tpotP99 * 1e3, 3),
    e2e_ms_p99: round(cap.e2eP99 * 1e3, 3),
    tokens_per_s_per_user: round(1 / cap.tpot, 3),
    output_tokens_per_s_per_chip: round(cap.outputTokensPerSecond / chips, 3),
    requests_per_s_per_replica: round(cap.requestsPerSecond, 3),
    cost_usd_per_hour: cost.usdPerHour !== undefined ? round(cost.usdPerHour, 3) : null,
    cost_usd_per_mtok: perMtok !== undefined ? round(perMtok, 3) : null,
    cost_basis: cost.basis,
    power_kw: round((s.power * total) / 1000, 3),
    capex_usd: hw.price.purchase ? Math.round(hw.price.purchase.value * total) : null,
  };
}

/** Cheaper first; among equals, fewer chips, then the faster per user. */
const byCost = (a: PlanOption, b: PlanOption) =>
  (a.cost_usd_per_hour ?? Infinity) - (b.cost_usd_per_hour ?? Infinity) || a.chips_total - b.chips_total || b.tokens_per_s_per_user - a.tokens_per_s_per_user;

/** Every candidate on one hardware: options and throughput-frontier points (a sweep's unit of work). */
export function evaluateHardware(req: Omit<PlanRequest, "hardware">, hw: Hardware): { options: PlanOption[]; curves: FrontPoint[] } {
  const s = sizeHardware(req, hw);
  return { options: priceHardware(s, hw, req.workload, req.rate, req.cost), curves: [...s.curves] };
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
