/**
 * The configurations the planner tries on one hardware: tensor × pipeline parallel layouts inside
 * the scale-up domain (HBM machines) or multiples of the fewest chips that hold the model (SRAM
 * machines), expert parallel with attention data-parallel for MoE, the weight formats the chip
 * computes in, and speculative decoding on or off.
 * @module
 */
import { isFp4, type Dtype } from "../dtype.js";
import { isSram, type Hardware } from "../hardware/hardware.js";
import { isMoe, type Model } from "../model/model.js";
import type { Engine } from "../perf/efficiency.js";
import { resolveDeployment, type Deployment } from "../perf/deployment.js";
import { autoSize, memoryPlan } from "../perf/memory-plan.js";
import type { SpeculativeSpec } from "../perf/speculative.js";
import { sizingContext, type WorkloadStats } from "./workload-stats.js";

/**
 * HBM machines: replicas of up to max(scale-up domain, 8) chips — TP inside the domain, pipeline
 * stages beyond it, so that machines with small domains (PCIe cards) can still hold large models
 * over up to 8 stages (a search bound, not a measured limit).
 */
const HBM_MIN_CHIP_CAP = 8;
/**
 * SRAM machines: replicas of about these multiples of the fewest chips that hold the model. Chips
 * beyond the minimum leave SRAM for KV (more requests in flight) and put fewer layers on each chip;
 * the multiples are a coarse grid up to 8× (a search choice, not a fitted value).
 */
const SRAM_SCALES = [1, 1.25, 1.5, 2, 3, 4, 6, 8] as const;
/**
 * From each scaled count, the next chip counts are tried until one resolves and fits: the layout
 * follows the count's factorisation (stages × chips per stage), and an awkward one occasionally
 * does not fit (e.g. Llama-3.1-405B on 1.25× the fewest LPUs: five counts skipped). The scan stops
 * this many chips above the target (a search bound).
 */
const SRAM_SCAN = 64;

export interface CandidateOptions {
  readonly engine?: Engine;
  /** Weight formats to try (default: the release format, plus fp8 and fp4 where the chip computes them). */
  readonly precisions?: readonly Dtype[];
  /** Speculative decoding to try besides none (n-gram/MTP hints from the workload preset). */
  readonly speculative?: SpeculativeSpec;
  /** Context a replica must hold at least one sequence of (tokens). */
  readonly context: number;
  /** Exactly this many chips per replica: every TP × PP layout of it (HBM), or that chip count (SRAM). */
  readonly chips?: number | undefined;
}

export interface Candidate {
  readonly deployment: Deployment;
  readonly speculative?: SpeculativeSpec;
}

function precisionsFor(hw: Hardware, model: Model, asked?: readonly Dtype[]): Dtype[] {
  if (asked?.length) return [...new Set(asked)];
  const out: Dtype[] = [model.defaultWeightDtype];
  if (hw.peak.fp8 !== undefined && !out.includes("fp8") && !isFp4(model.defaultWeightDtype)) out.push("fp8");
  if (hw.peak.fp4 !== undefined && !out.some(isFp4)) out.push("fp4");
  return out;
}

export function candidatesFor(hw: Hardware, model: Model, o: CandidateOptions): Candidate[] {
  const out: Deployment[] = [];
  const base = { hardware: hw, model, engine: o.engine ?? "generic" } as const;
  const fits = (d: Deployment) => memoryPlan(d, { batch: 1, context: o.context }).fits;
  for (const weightDtype of precisionsFor(hw, model, o.precisions)) {
    if (o.chips !== undefined) {
      out.push(...layoutsOf(hw, model, { ...base, weightDtype }, o.chips).filter(fits));
      continue;
    }
    if (isSram(hw)) {
      const min = autoSize({ ...base, weightDtype }, { batch: 1, context: o.context });
      if (!min.ok || !min.value.plan.fits) continue;
      const n0 = min.value.deployment.chips;
      const cap = n0 * SRAM_SCALES[SRAM_SCALES.length - 1]!;
      for (const k of SRAM_SCALES) {
        // The first count from n0 × k with a layout that resolves and fits.
        for (let n = Math.ceil(n0 * k); n <= Math.min(cap, Math.ceil(n0 * k) + SRAM_SCAN); n++) {
          const r = resolveDeployment({ ...base, weightDtype, chips: n });
          if (r.ok && fits(r.value)) {
            out.push(r.value);
            break;
          }
        }
      }
      continue;
    }
    const domain = hw.scaleUp.domainSize;
    const maxChips = Math.max(domain, HBM_MIN_CHIP_CAP);
    let smallestFit = Infinity;
    for (let tp = 1; tp <= domain; tp *= 2) {
      for (const pp of [1, 2, 4, 8]) {
        if (tp * pp > maxChips || tp * pp > smallestFit * 2) continue;
        for (const d of hbmLayoutsAt({ ...base, weightDtype }, model, tp, pp)) {
          if (!fits(d)) continue;
          smallestFit = Math.min(smallestFit, tp * pp);
          out.push(d);
        }
        if (pp > 1 && smallestFit <= tp * pp) break;
      }
    }
  }
  const withSpec: Candidate[] = [];
  for (const d of out) {
    withSpec.push({ deployment: d });
    if (o.speculative && o.speculative.method !== "draft") withSpec.push({ deployment: d, speculative: o.speculative });
  }
  return withSpec;
}

/** What a plan request asks the candidates for: the model, the engine, weight formats and speculative decoding to try. */
export interface CandidateRequest {
  readonly model: Model;
  readonly workload: WorkloadStats;
  readonly engine?: Engine;
  readonly precisions?: readonly Dtype[];
  readonly speculative?: SpeculativeSpec;
}

/**
 * The candidates a plan request asks for on one hardware, each holding one sequence of the
 * workload's sizing context (a p99 prompt with a mean output); `chips` fixes the replica size and
 * `speculative: false` leaves speculative decoding out (prefill pools).
 */
export function requestedCandidates(hw: Hardware, req: CandidateRequest, o: { readonly chips?: number | undefined; readonly speculative?: boolean } = {}): Candidate[] {
  return candidatesFor(hw, req.model, {
    context: sizingContext(req.workload),
    chips: o.chips,
    ...(req.engine ? { engine: req.engine } : {}),
    ...(req.precisions ? { precisions: req.precisions } : {}),
    ...(req.speculative && o.speculative !== false ? { speculative: req.speculative } : {}),
  });
}

/** Every layout of exactly `chips` chips: SRAM machines place the model themselves; HBM machines split TP (powers of two in the scale-up domain) × PP. */
function layoutsOf(hw: Hardware, model: Model, base: Parameters<typeof resolveDeployment>[0], chips: number): Deployment[] {
  if (isSram(hw)) {
    const r = resolveDeployment({ ...base, chips });
    return r.ok ? [r.value] : [];
  }
  const out: Deployment[] = [];
  for (let tp = 1; tp <= Math.min(hw.scaleUp.domainSize, chips); tp *= 2) if (chips % tp === 0) out.push(...hbmLayoutsAt(base, model, tp, chips / tp));
  return out;
}

/** The HBM layouts at tp × pp that resolve: experts split with the TP group, and for MoE models also expert-parallel across it (with attention DP). */
function hbmLayoutsAt(base: Parameters<typeof resolveDeployment>[0], model: Model, tp: number, pp: number): Deployment[] {
  const out: Deployment[] = [];
  for (const ep of isMoe(model) && tp > 1 ? [1, tp] : [1]) {
    const r = resolveDeployment({ ...base, tp, pp, ep, attentionDp: ep > 1 });
    if (r.ok) out.push(r.value);
  }
  return out;
}
