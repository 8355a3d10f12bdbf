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

export interface CandidateOptions {
  readonly engine?: Engine;
  /** Weight formats to try (default: the release format, plus fp8 and fp4 where the chip computes them). */
  readonly precisions?: readonly Dtype[];
  /** Speculative decoding to try besides none (n-gram/MTP hints from the workload preset). */
  readonly speculative?: SpeculativeSpec;
  /** Largest replica, chips (default: the scale-up domain for HBM machines, 8× the minimum for SRAM). */
  readonly maxChips?: number;
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
      const cap = o.maxChips ?? n0 * 8;
      for (const k of [1, 1.25, 1.5, 2, 3, 4, 6, 8]) {
        // Nearby chip counts with a valid pipeline layout.
        for (let n = Math.ceil(n0 * k); n <= Math.min(cap, Math.ceil(n0 * k) + 64); n++) {
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
    const maxChips = o.maxChips ?? Math.max(domain, 8);
    let smallestFit = Infinity;
    for (let tp = 1; tp <= Math.min(domain, maxChips); tp *= 2) {
      for (const pp of [1, 2, 4, 8]) {
        if (tp * pp > maxChips || tp * pp > smallestFit * 2) continue;
        const eps = isMoe(model) && tp > 1 ? [1, tp] : [1];
        for (const ep of eps) {
          const r = resolveDeployment({ ...base, weightDtype, tp, pp, ep, attentionDp: ep > 1 });
          if (!r.ok || !fits(r.value)) continue;
          smallestFit = Math.min(smallestFit, tp * pp);
          out.push(r.value);
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

/** Every layout of exactly `chips` chips: SRAM machines place the model themselves; HBM machines split TP (powers of two in the scale-up domain) × PP. */
function layoutsOf(hw: Hardware, model: Model, base: Parameters<typeof resolveDeployment>[0], chips: number): Deployment[] {
  if (isSram(hw)) {
    const r = resolveDeployment({ ...base, chips });
    return r.ok ? [r.value] : [];
  }
  const out: Deployment[] = [];
  for (let tp = 1; tp <= Math.min(hw.scaleUp.domainSize, chips); tp *= 2) {
    if (chips % tp !== 0) continue;
    const pp = chips / tp;
    for (const ep of isMoe(model) && tp > 1 ? [1, tp] : [1]) {
      const r = resolveDeployment({ ...base, tp, pp, ep, attentionDp: ep > 1 });
      if (r.ok) out.push(r.value);
    }
  }
  return out;
}
