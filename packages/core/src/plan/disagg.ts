/**
 * Heterogeneous disaggregation in the planner: prefill on one architecture, decode on another.
 * Each pool is sized on its own part of the SLO — the prefill pool for TTFT (its p99 prompt alone
 * plus queueing at a bounded utilisation, plus the KV transfer over the link), the decode pool for
 * TPOT with its KV capacity (SRAM!) capping concurrency — and every pairing of the listed hardware
 * is priced, next to the best single-architecture option at the same SLO.
 * @module
 */
import type { Hardware } from "../hardware/hardware.js";
import { PLAIN_DECODE } from "../perf/continuous.js";
import type { Deployment } from "../perf/deployment.js";
import { kvBytesForContext, memoryPlan } from "../perf/memory-plan.js";
import { prefillTime } from "../perf/operating-point.js";
import { stepPower } from "../perf/power.js";
import { decodeSpecFor } from "../perf/speculative.js";
import { costModel, type CostModel } from "../perf/step-cost.js";
import { defaultKvLink } from "../sim/setup.js";
import type { KvLink } from "../sim/simulate.js";
import { candidatesFor } from "./candidates.js";
import { TPOT_TAIL } from "./capacity.js";
import { costPerHour } from "./cost.js";
import { plan, type PlanOption, type PlanRequest } from "./search.js";

/** Highest utilisation planned for the prefill pool (queueing keeps p99 waits ≈ 2 prefills below it; estimate). */
export const PREFILL_UTILISATION = 0.7;

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

export interface PairingRequest extends PlanRequest {
  readonly prefillHardware: readonly Hardware[];
  readonly decodeHardware: readonly Hardware[];
  /** Chips per prefill replica (default: every layout the planner tries). */
  readonly prefillChips?: number;
  /** Chips per decode replica (default: every layout; on SRAM machines from the fewest that hold the model). */
  readonly decodeChips?: number;
}

interface PoolEval {
  d: Deployment;
  cm: CostModel;
  rps: number;
  /** Prefill: p99 prompt alone (s). Decode: p99 TPOT (s) and tokens/s per user. */
  latency: number;
  speed: number;
  power: number;
  costPerReplica: number;
}

function prefillPools(hw: Hardware, req: PlanRequest, context: number, chips: number | undefined): PoolEval[] {
  const w = req.workload;
  const computed = Math.max(1, w.meanInput * (1 - w.cachedFraction));
  const tail = Math.max(1, w.p99Computed);
  const out: PoolEval[] = [];
  for (const c of candidatesFor(hw, req.model, { context, chips, ...(req.engine ? { engine: req.engine } : {}) })) {
    if (c.speculative) continue;
    const cm = costModel(c.deployment);
    const budget = c.deployment.maxTokensPerStep;
    const perStep = Math.max(1, Math.floor(budget / computed));
    const full = cm.step({ prefill: [{ tokens: computed, context: 0, count: perStep }], decode: [] });
    const rps = (PREFILL_UTILISATION * perStep) / full.time;
    const chips = c.deployment.tp * c.deployment.pp;
    const power = stepPower(hw, full);
    const cost = costPerHour(hw, chips, power, req.cost).usdPerHour;
    if (cost === undefined) continue;
    out.push({ d: c.deployment, cm, rps, latency: prefillTime(cm, 1, tail, w.p99ComputedCached).time, speed: 0, power, costPerReplica: cost });
  }
  return out;
}

/** The TPOT p99 a decode pool must hold behind a prefill pool of TTFT p99 `ttft`: the SLO's, and what the end-to-end bound leaves for a p99-length output. */
export function decodeTpotBound(req: PlanRequest, ttft: number): number | undefined {
  const s = req.slo;
  if (s.e2eP99 === undefined) return s.tpotP99;
  const fromE2e = (s.e2eP99 - ttft) / Math.max(1, req.workload.p99Output - 1);
  return s.tpotP99 === undefined ? fromE2e : Math.min(s.tpotP99, fromE2e);
}

interface DecodePool {
  d: Deployment;
  cm: CostModel;
  power: number;
  costPerReplica: number;
  /** Largest concurrency whose p99 TPOT stays within `bound` (and the speed bound): capacity and latency there. */
  sizeFor(bound: number | undefined): { rps: number; latency: number; speed: number } | undefined;
}

function decodePools(hw: Hardware, req: PlanRequest, context: number, chips: number | undefined): DecodePool[] {
  const w = req.workload;
  const ctx = w.meanInput + w.meanOutput / 2;
  const out: DecodePool[] = [];
  for (const c of candidatesFor(hw, req.model, { context, chips, ...(req.engine ? { engine: req.engine } : {}), ...(req.speculative ? { speculative: req.speculative } : {}) })) {
    const cm = costModel(c.deployment);
    const spec = c.speculative ? decodeSpecFor(cm, undefined, c.speculative, ctx) : PLAIN_DECODE;
    const kv = Math.min(c.deployment.maxBatch, memoryPlan(c.deployment, { batch: 1, context: Math.round(w.meanInput + w.meanOutput) }, cm.shard).maxSequences);
    if (kv < 1) continue;
    const memo = new Map<number, number>();
    const tpotAt = (n: number) => {
      let t = memo.get(n);
      if (t === undefined) memo.set(n, (t = (cm.step({ prefill: [], decode: [{ count: n, context: ctx }], tokensPerDecode: spec.verify }).time + spec.draft(n)) / spec.emitted));
      return t;
    };
    const chips = c.deployment.tp * c.deployment.pp;
    const step = cm.step({ prefill: [], decode: [{ count: Math.min(kv, 8), context: ctx }] });
    const power = stepPower(hw, step);
    const cost = costPerHour(hw, chips, power, req.cost).usdPerHour;
    if (cost === undefined) continue;
    const sizeFor = (bound: number | undefined) => {
      const ok = (n: number) => {
        const t = tpotAt(n);
        return (bound === undefined || t * TPOT_TAIL <= bound) && (req.slo.minTokensPerSecondPerUser === undefined || 1 / t >= req.slo.minTokensPerSecondPerUser);
      };
      if (!ok(1)) return undefined;
      let n = 1;
      while (n * 2 <= kv && ok(n * 2)) n *= 2;
      let hi = Math.min(kv, n * 2);
      while (hi - n > Math.max(1, n * 0.02)) {
        const mid = Math.floor((n + hi) / 2);
        if (ok(mid)) n = mid;
        else hi = mid;
      }
      const t = tpotAt(n);
      return { rps: n / t / w.meanOutput, latency: t * TPOT_TAIL, speed: 1 / t };
    };
    out.push({ d: c.deployment, cm, power, costPerReplica: cost, sizeFor });
  }
  return out;
}

const choice = (p: { d: Deployment; costPerReplica: number; power: number }, replicas: number): PoolChoice => ({
  hardware: p.d.hardware.id,
  chips: p.d.tp * p.d.pp,
  replicas,
  tp: p.d.tp,
  pp: p.d.pp,
  ep: p.d.ep,
  weight_precision: p.d.weightDtype,
  cost_usd_per_hour: Math.round(p.costPerReplica * replicas * 1000) / 1000,
  power_kw: Math.round(((p.power * p.d.tp * p.d.pp * replicas) / 1000) * 1000) / 1000,
});

/** The KV transfer of a mean prompt from a prefill replica to a decode replica, s. */
export function transferTime(prefill: Deployment, decode: Deployment, promptTokens: number, link: KvLink = defaultKvLink(prefill, decode)): number {
  const bytes = kvBytesForContext(costModel(prefill).shard, promptTokens);
  return link.latency + link.overhead + bytes / link.bandwidth;
}

/** Why a hardware has no pool for a side: nothing fits, no price, or no layout of the chips asked for. */
function noPool(hw: Hardware, req: PlanRequest, side: string, chips: number | undefined, context: number): string {
  const fit = candidatesFor(hw, req.model, { context, chips, ...(req.engine ? { engine: req.engine } : {}) });
  if (fit.length) return `${hw.id} has no price on this cost basis (${side})`;
  return chips === undefined ? `${req.model.id} does not fit any layout tried on ${hw.id} (${side})` : `${req.model.id} does not fit ${chips} × ${hw.id} per ${side} replica`;
}

export function planPairings(req: PairingRequest): PairingPlan {
  const w = req.workload;
  const context = Math.max(1, Math.round(w.p99Input + w.meanOutput));
  const pairings: PairingOption[] = [];
  const unpaired: { prefill: string; decode: string; reason: string }[] = [];
  const pre = new Map(req.prefillHardware.map((h) => [h.id, prefillPools(h, req, context, req.prefillChips)]));
  const dec = new Map(req.decodeHardware.map((h) => [h.id, decodePools(h, req, context, req.decodeChips)]));
  for (const ph of req.prefillHardware) {
    for (const dh of req.decodeHardware) {
      if (!pre.get(ph.id)!.length || !dec.get(dh.id)!.length) {
        const reason = !pre.get(ph.id)!.length ? noPool(ph, req, "prefill", req.prefillChips, context) : noPool(dh, req, "decode", req.decodeChips, context);
        unpaired.push({ prefill: ph.id, decode: dh.id, reason });
        continue;
      }
      let best: PairingOption | null = null;
      for (const p of pre.get(ph.id)!) {
        for (const pool of dec.get(dh.id)!) {
          const xfer = transferTime(p.d, pool.d, w.p99Input);
          const ttft = p.latency * (1 + 1 / (1 - PREFILL_UTILISATION)) + xfer;
          const dcd = pool.sizeFor(decodeTpotBound(req, ttft));
          const meets = dcd !== undefined && (req.slo.ttftP99 === undefined || ttft <= req.slo.ttftP99);
          const size = dcd ?? { rps: Infinity, latency: Infinity, speed: 0 };
          const rp = Math.max(1, Math.ceil(req.rate / p.rps));
          const rd = dcd ? Math.max(1, Math.ceil(req.rate / dcd.rps)) : 0;
          const cost = p.costPerReplica * rp + pool.costPerReplica * rd;
          const o: PairingOption = {
            prefill: choice(p, rp),
            decode: choice(pool, rd),
            meets_slo: meets,
            reason: meets ? null : dcd ? `TTFT p99 ≈ ${(ttft * 1e3).toFixed(0)} ms (prefill + queueing + ${(xfer * 1e3).toFixed(1)} ms KV transfer)` : `the decode pool cannot hold the TPOT the SLO leaves after a ${(ttft * 1e3).toFixed(0)} ms TTFT`,
            kv_transfer_ms: Math.round(transferTime(p.d, pool.d, w.meanInput) * 1e6) / 1e3,
            ttft_ms_p99: Math.round(ttft * 1e6) / 1e3,
            tpot_ms_p99: Number.isFinite(size.latency) ? Math.round(size.latency * 1e6) / 1e3 : Infinity,
            tokens_per_s_per_user: Math.round(size.speed * 10) / 10,
            chips_total: rp * p.d.tp * p.d.pp + rd * pool.d.tp * pool.d.pp,
            cost_usd_per_hour: Math.round(cost * 1000) / 1000,
            cost_usd_per_mtok: Math.round((cost / (req.rate * w.meanOutput * 3600)) * 1e9) / 1e3,
            power_kw: Math.round((choice(p, rp).power_kw + choice(pool, rd).power_kw) * 1000) / 1000,
          };
          const better = !best || (o.meets_slo && !best.meets_slo) || (o.meets_slo === best.meets_slo && (o.cost_usd_per_hour ?? Infinity) < (best.cost_usd_per_hour ?? Infinity));
          if (better) best = o;
        }
      }
      if (best) pairings.push(best);
    }
  }
  const ok = pairings.filter((p) => p.meets_slo).sort((a, b) => (a.cost_usd_per_hour ?? Infinity) - (b.cost_usd_per_hour ?? Infinity));
  const hwAll = [...new Map([...req.prefillHardware, ...req.decodeHardware].map((h) => [h.id, h])).values()];
  const single = plan({ ...req, hardware: hwAll }).cheapest;
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
