/**
 * Compare: one model and workload shape on several hardware, each a core `predict` turned into
 * the core's `predictionRecord` (TTFT, TPOT, speeds and their p10–p90 intervals, $/Mtok, J/token,
 * fits/reason, the decode step's compute/memory/communication/overhead), with ratios to a
 * baseline (core `withRatios`, as the CLI's `compare`). Hardware that cannot be predicted is
 * reported and left out; the rest still compare.
 * @module
 */
import { formatIssue, predict, predictionRecord, withRatios, type PredictionRecord } from "@infersim/core";
import { contextFor, pickedHardware } from "./context";
import type { CompareResult, CoreApi } from "./protocol";
import { parseShape } from "./shape";

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
  const rows = base ? withRatios(records, base) : [];
  return { baseline: base?.hardware ?? "", rows, problems };
}
