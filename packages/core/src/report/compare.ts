/**
 * Side-by-side comparison of prediction records (CLI `compare` and `headline`, the web app's
 * Compare view, docs/claims.md): ratios to a baseline, and the "one node" deployment the headline
 * comparisons use for HBM machines.
 * @module
 */
import type { Result } from "../errors.js";
import { round } from "../format.js";
import { isSram } from "../hardware/hardware.js";
import type { OperatingPoint } from "../perf/operating-point.js";
import { predict, type PredictInput } from "../perf/predict.js";
import type { PredictionRecord } from "./record.js";

/** A prediction record plus its ratios to the baseline's (null where either side is unknown or the baseline's is 0). */
export interface CompareRow extends PredictionRecord {
  /** Tokens/s per user ÷ the baseline's. */
  readonly user_speed_ratio: number | null;
  /** Output tokens/s per chip ÷ the baseline's. */
  readonly per_chip_ratio: number | null;
  /** $/Mtok ÷ the baseline's. */
  readonly cost_ratio: number | null;
}

/** a ÷ b rounded to `digits` decimals; null when either is unknown or b is not positive. */
const ratio = (a: number | null, b: number | null, digits = 3): number | null => (a !== null && b !== null && b > 0 ? round(a / b, digits) : null);

/**
 * Every record with its ratios to `baseline` (one of them, or any record of the same shape),
 * rounded to `digits` decimals (default 3; a table showing two passes 2, so it never rounds twice).
 */
export function withRatios(records: readonly PredictionRecord[], baseline: PredictionRecord, digits = 3): CompareRow[] {
  return records.map((r) => ({
    ...r,
    user_speed_ratio: ratio(r.tokens_per_s_per_user, baseline.tokens_per_s_per_user, digits),
    per_chip_ratio: ratio(r.output_tokens_per_s_per_chip, baseline.output_tokens_per_s_per_chip, digits),
    cost_ratio: ratio(r.cost_usd_per_mtok, baseline.cost_usd_per_mtok, digits),
  }));
}

/**
 * Predict on at least one node: HBM machines are widened to their node's chips (`chipsPerNode`,
 * TP across it: latency-oriented serving) when the fewest that fit are fewer, and more if the model
 * needs it; SRAM machines keep the fewest chips that hold weights and KV. When the widened layout
 * cannot be built (e.g. TP that does not divide the heads), the fewest chips stand.
 */
export function predictOnNode(input: PredictInput): Result<OperatingPoint> {
  const r = predict(input);
  if (!r.ok || isSram(input.hardware) || input.chips !== undefined) return r;
  const node = input.hardware.chipsPerNode;
  if (r.value.deployment.chips >= node) return r;
  const wide = predict({ ...input, chips: node });
  return wide.ok ? wide : r;
}
