/**
 * Speculative decoding inside the simulator: the step's verify width and drafting cost come from
 * the same `decodeSpecFor` as the analytical model; accepted drafts are sampled per sequence.
 * @module
 */
import { decodeSpecFor, draftCostModel, type SpeculativeSpec } from "../perf/speculative.js";
import type { CostModel } from "../perf/step-cost.js";
import type { Speculation } from "./replica.js";

/** Decode context assumed when pricing draft steps (the draft's KV reads are a small part). */
const DRAFT_CONTEXT = 2048;

export function speculationFor(cm: CostModel, sp: SpeculativeSpec | undefined): Speculation | undefined {
  if (!sp) return undefined;
  const draft = draftCostModel(cm.deployment, sp);
  const ds = decodeSpecFor(cm, draft.ok ? draft.value : undefined, sp, DRAFT_CONTEXT);
  return { ...ds, acceptance: sp.acceptance, length: sp.length };
}
