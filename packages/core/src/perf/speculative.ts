/**
 * Speculative decoding: a cheap drafter proposes `length` tokens, the target verifies them in one
 * step, and an i.i.d. acceptance rate α gives E[tokens per step] = (1 − α^(k+1)) / (1 − α)
 * (Leviathan et al., ICML 2023, "Fast Inference from Transformers via Speculative Decoding").
 * @module
 */
import type { Model } from "../model/model.js";

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
