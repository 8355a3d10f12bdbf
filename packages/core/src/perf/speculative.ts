/**
 * Speculative decoding: a cheap drafter proposes `length` tokens, the target verifies them in one
 * step, and an i.i.d. acceptance rate α gives E[tokens per step] = (1 − α^(k+1)) / (1 − α)
 * (Leviathan et al., ICML 2023, "Fast Inference from Transformers via Speculative Decoding").
 * @module
 */
import { ok, type Result } from "../errors.js";
import type { Model } from "../model/model.js";
import { PLAIN_DECODE, type DecodeSpec } from "./continuous.js";
import { resolveDeployment, type Deployment } from "./deployment.js";
import { costModel, type CostModel } from "./step-cost.js";

export interface SpeculativeSpec {
  /** `draft`: a smaller model on the same chips; `ngram`: prompt lookup (no model); `mtp`: a one-layer head (EAGLE/MTP). */
  readonly method: "draft" | "ngram" | "mtp";
  /** Probability each drafted token is accepted, in [0, 1). */
  readonly acceptance: number;
  /** Draft tokens proposed per step (k ≥ 1). */
  readonly length: number;
  /** Draft model for `draft`. */
  readonly draftModel?: Model;
}

/** Expected tokens emitted per verification step (accepted drafts + the target's own token). */
export function expectedTokensPerStep(acceptance: number, length: number): number {
  if (acceptance <= 0) return 1;
  if (acceptance >= 1) return length + 1;
  return (1 - Math.pow(acceptance, length + 1)) / (1 - acceptance);
}

/** Draft cost models per target deployment and draft model: resolved once, reused by every operating point. */
const draftCache = new WeakMap<Deployment, WeakMap<Model, Result<CostModel>>>();

/** The draft model's cost model for `draft` speculation: same hardware, chips and formats as the target (memoised). */
export function draftCostModel(d: Deployment, sp: SpeculativeSpec | undefined): Result<CostModel | undefined> {
  if (sp?.method !== "draft" || !sp.draftModel) return ok(undefined);
  const dm = sp.draftModel;
  let byModel = draftCache.get(d);
  if (!byModel) draftCache.set(d, (byModel = new WeakMap()));
  const hit = byModel.get(dm);
  if (hit) return hit;
  const tp = Math.min(d.tp, dm.attention.numHeads);
  // The draft runs in the same engine on the same requests: the same attention kernel and routing.
  const r = resolveDeployment({ hardware: d.hardware, model: dm, weightDtype: d.weightDtype, kvDtype: d.kvDtype, engine: d.engine, tp, pp: 1, decodeAttention: d.decodeAttention, moeRouting: d.moeRouting });
  const res = r.ok ? ok(costModel(r.value)) : r;
  byModel.set(dm, res);
  return res;
}

/**
 * Speculative decoding as a decode step sees it: k + 1 tokens verified per sequence, E[tokens]
 * emitted, and the drafting time per step — k draft-model steps (`draft`), about 1/L of a target
 * step per drafted token (`mtp`: one extra layer), or nothing (`ngram`, prompt lookup on the host).
 */
export function decodeSpecFor(cm: CostModel, draft: CostModel | undefined, sp: SpeculativeSpec | undefined, ctx: number): DecodeSpec {
  if (!sp) return PLAIN_DECODE;
  const k = sp.length;
  const emitted = expectedTokensPerStep(sp.acceptance, k);
  if (sp.method === "draft" && draft) return { verify: k + 1, emitted, draft: (n) => k * draft.step({ prefill: [], decode: [{ count: n, context: ctx }] }).time };
  if (sp.method === "mtp") {
    const L = cm.deployment.model.numLayers;
    const over = cm.deployment.efficiency.stepOverhead;
    return { verify: k + 1, emitted, draft: (n) => (k * (cm.step({ prefill: [], decode: [{ count: n, context: ctx }] }).time - over)) / L };
  }
  return { verify: k + 1, emitted, draft: () => 0 };
}
