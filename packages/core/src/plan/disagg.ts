/**
 * Heterogeneous disaggregation in the planner: prefill on one architecture, decode on another.
 * Each pool is sized on its own part of the SLO — the prefill pool for TTFT (its p99 prompt alone
 * plus queueing at a bounded utilisation, plus the KV transfer over the link), the decode pool for
 * TPOT with its KV capacity (SRAM!) capping concurrency — and every pairing of the listed hardware
 * is priced, next to the best single-architecture option at the same SLO.
 * @module
 */
import { round } from "../format.js";
import type { Hardware } from "../hardware/hardware.js";
import { mixedCycle, type MixedStep } from "../perf/continuous.js";
import { stepTokenBudget, type Deployment } from "../perf/deployment.js";
import { kvBytesForContext, maxConcurrency } from "../perf/memory-plan.js";
import { prefillTime } from "../perf/operating-point.js";
import { stepPower } from "../perf/power.js";
import { decodeSpecFor } from "../perf/speculative.js";
import { costModel } from "../perf/step-cost.js";
import { defaultKvLink } from "../sim/setup.js";
import type { KvLink } from "../sim/simulate.js";
import { requestedCandidates } from "./candidates.js";
import { largestFeasible, meetsSlo, replicasFor, TPOT_TAIL, type PlanSlo } from "./capacity.js";
import { costPerHour, costPerMillionTokens } from "./cost.js";
import { plan, summarizePlan, type PlanOption, type PlanRequest, type PlanResult } from "./search.js";
import { cachedPrompt, computedPrompt, decodeContext, requestContext, tailComputedPrompt } from "./workload-stats.js";

/**
 * Highest utilisation planned for the prefill pool (estimate). Queueing model: TTFT p99 ≈ the
 * p99 prompt's own prefill S plus the mean time in system of an M/M/1 queue of such prefills,
 * S / (1 − ρ) — at ρ = 0.7 about 3.3 prefills of waiting, so TTFT p99 ≈ 4.3 S before the KV
 * transfer. An estimate of the tail, not an M/M/1 percentile (`infersim simulate --prefill-hardware
 * … --decode-hardware …` checks a pairing under load).
 */
export const PREFILL_UTILISATION = 0.7;
/** Decode pools draw power as at this many requests in flight (estimate: their concurrency depends on the TPOT each pairing leaves). */
const DECODE_POWER_BATCH = 8;

export interface PoolChoice {
  readonly hardware: string;
  readonly chips: number;
  readonly replicas: number;
  readonly tp: number;
  readonly pp: number;
  readonly ep: number;
  readonly weight_precision: string;
  readonly cost_usd_per_hour: number;
  readonly power_kw: number;
  /** Requests/s one replica serves (prefill: at full load; decode: at the TPOT the SLO leaves), before the planning utilisation. */
  readonly requests_per_s_per_replica: number;
}

export interface PairingOption {
  readonly prefill: PoolChoice;
  readonly decode: PoolChoice;
  readonly meets_slo: boolean;
  readonly reason: string | null;
  readonly kv_transfer_ms: number;
  readonly ttft_ms_p99: number;
  readonly tpot_ms_p99: number;
  readonly tokens_per_s_per_user: number;
  readonly chips_total: number;
  readonly cost_usd_per_hour: number | null;
  readonly cost_usd_per_mtok: number | null;
  readonly power_kw: number;
}

export interface PairingPlan {
  readonly pairings: readonly PairingOption[];
  readonly best: PairingOption | null;
  /** Best single-architecture (aggregated) option over the union of the hardware. */
  readonly bestSingle: PlanOption | null;
  /** The cheapest pairing of two different architectures, if any meets the SLO. */
  readonly bestMixed: PairingOption | null;
  readonly mixedBeatsSingle: boolean | null;
  /** Prefill × decode hardware with no pairing at all, and why (no layout fits, no price, chips asked for). */
  readonly unpaired: readonly { readonly prefill: string; readonly decode: string; readonly reason: string }[];
}

export interface PairingRequest extends Omit<PlanRequest, "hardware"> {
  readonly prefillHardware: readonly Hardware[];
  readonly decodeHardware: readonly Hardware[];
  /** Chips per prefill replica (default: every layout the planner tries). */
  readonly prefillChips?: number;
  /** Chips per decode replica (default: every layout; on SRAM machines from the fewest that hold the model). */
  readonly decodeChips?: number;
  /**
   * A plan of the same request (model, workload, rate, SLO, costs) already made, e.g. a fleet's
   * per-class plan: its options over the pairing hardware give the best single architecture
   * (hardware it lacks are planned here). Default: planned here.
   */
  readonly single?: PlanResult;
}

interface PrefillPool {
  readonly d: Deployment;
  /** Requests/s one replica prefills at full load: mean prompts packed to the step budget, on their cached prefix. */
  readonly rps: number;
  /** The p99 prompt's prefill alone, s. */
  readonly latency: number;
  readonly power: number;
  readonly costPerReplica: number;
  /** KV bytes of a p99 and of a mean prompt: what moves to the decode pool. */
  readonly kvP99: number;
  readonly kvMean: number;
}

interface DecodePool {
  readonly d: Deployment;
  readonly power: number;
  readonly costPerReplica: number;
  /** Largest concurrency whose p99 TPOT stays within `bound` (and the speed bound): capacity and latency there. */
  sizeFor(bound: number | undefined): { rps: number; latency: number; speed: number } | undefined;
}

/** A side's pools on one hardware, or why it has none. */
interface Pools<P> {
  readonly pools: P[];
  readonly reason?: string;
}

/** Why a hardware has no pool for a side: nothing fits, or no price on the cost basis. */
function noPool(hw: Hardware, req: PairingRequest, side: string, chips: number | undefined, anyFit: boolean): string {
  if (anyFit) return `${hw.id} has no price on this cost basis (${side})`;
  return chips === undefined ? `${req.model.id} does not fit any layout tried on ${hw.id} (${side})` : `${req.model.id} does not fit ${chips} × ${hw.id} per ${side} replica`;
}

function prefillPools(hw: Hardware, req: PairingRequest): Pools<PrefillPool> {
  const w = req.workload;
  const computed = computedPrompt(w);
  const cached = cachedPrompt(w);
  const tail = tailComputedPrompt(w);
  const cands = requestedCandidates(hw, req, { chips: req.prefillChips, speculative: false });
  const pools: PrefillPool[] = [];
  for (const c of cands) {
    const d = c.deployment;
    const cm = costModel(d);
    // Full load: as many mean prompts per step as the budget holds (a longer prompt is chunked).
    const batch = Math.max(1, stepTokenBudget(d) / computed);
    const full = prefillTime(cm, batch, computed, cached);
    const power = stepPower(hw, full.step);
    const cost = costPerHour(hw, d.tp * d.pp, power, req.cost).usdPerHour;
    if (cost === undefined) continue;
    pools.push({ d, rps: batch / full.time, latency: prefillTime(cm, 1, tail, w.p99ComputedCached).time, power, costPerReplica: cost, kvP99: kvBytesForContext(cm.shard, w.p99Input), kvMean: kvBytesForContext(cm.shard, w.meanInput) });
  }
  return pools.length ? { pools } : { pools, reason: noPool(hw, req, "prefill", req.prefillChips, cands.length > 0) };
}

/** The TPOT p99 a decode pool must hold behind a prefill pool of TTFT p99 `ttft`: the SLO's, and what the end-to-end bound leaves for a p99-length output. */
export function decodeTpotBound(req: Pick<PlanRequest, "slo" | "workload">, ttft: number): number | undefined {
  const s = req.slo;
  if (s.e2eP99 === undefined) return s.tpotP99;
  const fromE2e = (s.e2eP99 - ttft) / Math.max(1, req.workload.p99Output - 1);
  return s.tpotP99 === undefined ? fromE2e : Math.min(s.tpotP99, fromE2e);
}

function decodePools(hw: Hardware, req: PairingRequest): Pools<DecodePool> {
  const w = req.workload;
  const ctx = decodeContext(w);
  const speedBound = req.slo.minTokensPerSecondPerUser;
  const cands = requestedCandidates(hw, req, { chips: req.decodeChips });
  const pools: DecodePool[] = [];
  let kvFits = 0;
  for (const c of cands) {
    const d = c.deployment;
    const cm = costModel(d);
    const kv = maxConcurrency(d, cm.shard, requestContext(w));
    if (kv < 1) continue;
    kvFits++;
    const spec = decodeSpecFor(cm, undefined, c.speculative, ctx);
    const power = stepPower(hw, cm.step({ prefill: [], decode: [{ count: Math.min(kv, DECODE_POWER_BATCH), context: ctx }] }));
    const cost = costPerHour(hw, d.tp * d.pp, power, req.cost).usdPerHour;
    if (cost === undefined) continue;
    // Decode-only cycles (prompts are prefilled in the other pool): the step budget caps decodes per step.
    const memo = new Map<number, MixedStep>();
    const cycleAt = (n: number) => {
      let x = memo.get(n);
      if (!x) memo.set(n, (x = mixedCycle(cm, n, 0, w.meanOutput, { spec, context: ctx })));
      return x;
    };
    const sizeFor = (bound: number | undefined) => {
      const slo: PlanSlo = { ...(bound !== undefined ? { tpotP99: bound } : {}), ...(speedBound !== undefined ? { minTokensPerSecondPerUser: speedBound } : {}) };
      // Only the TPOT and speed bounds apply to the pool (TTFT and end-to-end are the pairing's).
      const ok = (n: number) => meetsSlo(slo, { tpot: cycleAt(n).tpot * TPOT_TAIL, speed: 1 / cycleAt(n).tpot });
      if (!ok(1)) return undefined;
      const c = cycleAt(largestFeasible(kv, ok));
      return { rps: c.outputTokensPerSecond / w.meanOutput, latency: c.tpot * TPOT_TAIL, speed: 1 / c.tpot };
    };
    pools.push({ d, power, costPerReplica: cost, sizeFor });
  }
  if (pools.length) return { pools };
  return { pools, reason: cands.length && !kvFits ? `KV for one mean request does not fit any layout on ${hw.id} (decode)` : noPool(hw, req, "decode", req.decodeChips, cands.length > 0) };
}

const choice = (p: { d: Deployment; costPerReplica: number; power: number }, replicas: number, rps: number): PoolChoice => ({
  hardware: p.d.hardware.id,
  chips: p.d.tp * p.d.pp,
  replicas,
  tp: p.d.tp,
  pp: p.d.pp,
  ep: p.d.ep,
  weight_precision: p.d.weightDtype,
  cost_usd_per_hour: round(p.costPerReplica * replicas, 3),
  power_kw: round((p.power * p.d.tp * p.d.pp * replicas) / 1000, 3),
  requests_per_s_per_replica: Number.isFinite(rps) ? round(rps, 3) : 0,
});

/** Time to move `bytes` of KV over a link, s. */
const kvTransferTime = (bytes: number, link: KvLink) => link.latency + link.overhead + bytes / link.bandwidth;

/** The cheapest single-architecture option over `hardware`: from the request's precomputed plan where it covers them. */
function bestSingle(req: PairingRequest, hardware: readonly Hardware[]): PlanOption | null {
  const ids = new Set(hardware.map((h) => h.id));
  const have = req.single?.options.filter((o) => ids.has(o.hardware)) ?? [];
  const missing = hardware.filter((h) => !have.some((o) => o.hardware === h.id));
  const extra = missing.length ? plan({ ...req, hardware: missing }).options : [];
  return summarizePlan([...have, ...extra], []).cheapest;
}

export function planPairings(req: PairingRequest): PairingPlan {
  const w = req.workload;
  const pairings: PairingOption[] = [];
  const unpaired: { prefill: string; decode: string; reason: string }[] = [];
  const pre = new Map(req.prefillHardware.map((h) => [h.id, prefillPools(h, req)]));
  const dec = new Map(req.decodeHardware.map((h) => [h.id, decodePools(h, req)]));
  for (const ph of req.prefillHardware) {
    for (const dh of req.decodeHardware) {
      const ps = pre.get(ph.id)!;
      const ds = dec.get(dh.id)!;
      if (!ps.pools.length || !ds.pools.length) {
        unpaired.push({ prefill: ph.id, decode: dh.id, reason: (ps.pools.length ? ds.reason : ps.reason) ?? "no pool" });
        continue;
      }
      let best: PairingOption | null = null;
      for (const p of ps.pools) {
        for (const pool of ds.pools) {
          const link = defaultKvLink(p.d, pool.d);
          const xfer = kvTransferTime(p.kvP99, link);
          const ttft = p.latency * (1 + 1 / (1 - PREFILL_UTILISATION)) + xfer;
          const dcd = pool.sizeFor(decodeTpotBound(req, ttft));
          const meets = dcd !== undefined && (req.slo.ttftP99 === undefined || ttft <= req.slo.ttftP99);
          const size = dcd ?? { rps: Infinity, latency: Infinity, speed: 0 };
          // Both pools planned at bounded utilisation: prefill for its queueing, decode as single-architecture replicas are.
          const rp = replicasFor(req.rate, p.rps, PREFILL_UTILISATION);
          const rd = dcd ? replicasFor(req.rate, dcd.rps) : 0;
          const cost = p.costPerReplica * rp + pool.costPerReplica * rd;
          const prefill = choice(p, rp, p.rps);
          const decode = choice(pool, rd, dcd?.rps ?? 0);
          const o: PairingOption = {
            prefill,
            decode,
            meets_slo: meets,
            reason: meets ? null : dcd ? `TTFT p99 ≈ ${(ttft * 1e3).toFixed(0)} ms (prefill + queueing + ${(xfer * 1e3).toFixed(1)} ms KV transfer)` : `the decode pool cannot hold the TPOT the SLO leaves after a ${(ttft * 1e3).toFixed(0)} ms TTFT`,
            kv_transfer_ms: round(kvTransferTime(p.kvMean, link) * 1e3, 3),
            ttft_ms_p99: round(ttft * 1e3, 3),
            tpot_ms_p99: Number.isFinite(size.latency) ? round(size.latency * 1e3, 3) : Infinity,
            tokens_per_s_per_user: round(size.speed, 1),
            chips_total: rp * p.d.tp * p.d.pp + rd * pool.d.tp * pool.d.pp,
            cost_usd_per_hour: round(cost, 3),
            cost_usd_per_mtok: round(costPerMillionTokens(cost, req.rate * w.meanOutput), 3),
            power_kw: round(prefill.power_kw + decode.power_kw, 3),
          };
          const better = !best || (o.meets_slo && !best.meets_slo) || (o.meets_slo === best.meets_slo && (o.cost_usd_per_hour ?? Infinity) < (best.cost_usd_per_hour ?? Infinity));
          if (better) best = o;
        }
      }
      if (best) pairings.push(best);
    }
  }
  const ok = pairings.filter((p) => p.meets_slo).sort((a, b) => (a.cost_usd_per_hour ?? Infinity) - (b.cost_usd_per_hour ?? Infinity));
  const single = bestSingle(req, [...new Map([...req.prefillHardware, ...req.decodeHardware].map((h) => [h.id, h])).values()]);
  const mixed = ok.find((p) => p.prefill.hardware !== p.decode.hardware) ?? null;
  return {
    pairings,
    best: ok[0] ?? null,
    bestSingle: single,
    bestMixed: mixed,
    mixedBeatsSingle: mixed && single && single.cost_usd_per_hour !== null ? (mixed.cost_usd_per_hour ?? Infinity) < single.cost_usd_per_hour : mixed ? true : null,
    unpaired,
  };
}
