/**
 * Compare: one model and workload shape on several hardware, each a core `predict` turned into
 * the core's `predictionRecord` (TTFT, TPOT, speeds and their p10–p90 intervals, $/Mtok, J/token,
 * fits/reason, the decode step's compute/memory/communication/overhead), with ratios to a
 * baseline. Hardware that cannot be predicted is reported and left out; the rest still compare.
 * @module
 */
import { formatIssue, predict, predictionRecord, type PredictionRecord } from "@infersim/core";
import { contextFor, pickedHardware } from "./context";
import type { CompareResult, CompareRow, CoreApi } from "./protocol";
import { parseShape } from "./shape";

const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 ? Math.round((a / b) * 1000) / 1000 : null);

/** Predict every hardware; ratios against `baseline` (default: the first that predicted). */
export function compare(p: CoreApi["compare"]["req"]): CompareResult {
  const ctx = contextFor(p.custom);
  const shape = parseShape(p.shape, ctx.models);
  const { hardware, problems } = pickedHardware(ctx, p.hardware);
  const records: PredictionRecord[] = [];
  for (const hw of hardware) {
    const r = predict({ ...shape, hardware: hw });
    if (!r.ok) problems.push(...r.issues.map((i) => `${hw.id}: ${formatIssue(i)}`));
    else records.push(predictionRecord(r.value, shape.input, shape.output));
  }
  const base = records.find((r) => r.hardware === p.baseline) ?? records[0];
  const rows: CompareRow[] = records.map((r) => ({
    ...r,
    user_speed_ratio: base ? ratio(r.tokens_per_s_per_user, base.tokens_per_s_per_user) : null,
    per_chip_ratio: base ? ratio(r.output_tokens_per_s_per_chip, base.output_tokens_per_s_per_chip) : null,
    cost_ratio: base ? ratio(r.cost_usd_per_mtok, base.cost_usd_per_mtok) : null,
  }));
  return { baseline: base?.hardware ?? "", rows, problems };
}
