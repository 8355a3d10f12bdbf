/**
 * `validate`: every measurement row becomes a prediction (or an unsupported entry with its
 * reason); errors are aggregated overall and per metric, hardware, source and model. Rows whose
 * notes carry a flag (ANOMALY, CAVEAT) are predicted and listed but kept out of the aggregates.
 * @module
 */
import type { EfficiencyTables } from "../perf/efficiency.js";
import { errorStats, groupStats, type ErrorStats } from "./aggregate.js";
import { isFlagged, sourceGroup, type MeasurementRow } from "./measurements.js";
import { predictRow } from "./predict-row.js";
import { planRow } from "./row-plan.js";

export interface ValidationPrediction {
  readonly id: string;
  readonly metric: string;
  readonly measured: number;
  readonly predicted: number;
  /** |predicted − measured| / measured. */
  readonly ape: number;
  readonly hardware: string;
  readonly hardwareClass: string;
  readonly family: string;
  readonly source: string;
  readonly model: string;
  readonly engine: string;
  readonly scenario: string;
  readonly chips: number;
  readonly flagged: boolean;
  readonly assumptions: readonly string[];
}

export type GroupBy = "metric" | "hardware" | "source" | "model";
export const GROUP_BYS: readonly GroupBy[] = ["metric", "hardware", "source", "model"];

export interface ValidationReport {
  readonly rows: number;
  readonly predicted: number;
  readonly unsupported: readonly { id: string; reason: string }[];
  /** Flagged rows kept out of the aggregates. */
  readonly excluded: readonly { id: string; reason: string }[];
  readonly predictions: readonly ValidationPrediction[];
  readonly overall: ErrorStats;
  readonly groups: Readonly<Record<GroupBy, Record<string, ErrorStats>>>;
}

export interface ValidateOptions {
  /** Candidate efficiency tables (calibration); default: the catalog's. */
  readonly tables?: EfficiencyTables;
}

/** Rows of the same experiment: same source group, hardware, chips, model, precision and scenario. */
export function experimentKey(r: MeasurementRow): string {
  return [sourceGroup(r.id), r.hardware, r.numChips ?? "", r.model, r.precision, r.scenario, r.input ?? "", r.output ?? ""].join("|");
}

export function siblingIndex(rows: readonly MeasurementRow[]): Map<string, MeasurementRow[]> {
  const m = new Map<string, MeasurementRow[]>();
  for (const r of rows) {
    const k = experimentKey(r);
    const l = m.get(k);
    if (l) l.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** Predict one row, or say why not. */
export function predictMeasurement(row: MeasurementRow, opts: ValidateOptions = {}, siblings: readonly MeasurementRow[] = []): { ok: true; prediction: ValidationPrediction } | { ok: false; reason: string } {
  const planned = planRow(row, siblings.filter((s) => s !== row));
  if (!planned.ok) return planned;
  const r = predictRow(planned.plan, opts.tables);
  if (!r.ok) return { ok: false, reason: r.issues.map((i) => i.message).join("; ") };
  const d = r.value.deployment;
  const predicted = r.value.value;
  return {
    ok: true,
    prediction: {
      id: row.id,
      metric: row.metric,
      measured: row.value,
      predicted,
      ape: Math.abs(predicted - row.value) / row.value,
      hardware: d.hardware.id,
      hardwareClass: d.hardware.class,
      family: d.hardware.family,
      source: sourceGroup(row.id),
      model: d.model.id,
      engine: d.engine,
      scenario: row.scenario,
      chips: d.chips,
      flagged: isFlagged(row),
      assumptions: [...planned.plan.assumptions, ...r.value.notes],
    },
  };
}

const METRIC_GROUP: Readonly<Record<string, string>> = { itl_ms: "tpot_ms", output_tokens_per_s_per_chip: "output_tokens_per_s_total" };
/** Metric family for grouping: ITL counts as TPOT, per-chip throughput as throughput. */
export const metricGroup = (m: string) => METRIC_GROUP[m] ?? m;

export function summarize(predictions: readonly ValidationPrediction[]): { overall: ErrorStats; groups: Record<GroupBy, Record<string, ErrorStats>> } {
  const kept = predictions.filter((p) => !p.flagged);
  return {
    overall: errorStats(kept),
    groups: {
      metric: groupStats(kept, (p) => metricGroup(p.metric)),
      hardware: groupStats(kept, (p) => p.hardware),
      source: groupStats(kept, (p) => p.source),
      model: groupStats(kept, (p) => p.model),
    },
  };
}

export function validate(rows: readonly MeasurementRow[], opts: ValidateOptions = {}): ValidationReport {
  const predictions: ValidationPrediction[] = [];
  const unsupported: { id: string; reason: string }[] = [];
  const excluded: { id: string; reason: string }[] = [];
  const sib = siblingIndex(rows);
  for (const row of rows) {
    const r = predictMeasurement(row, opts, sib.get(experimentKey(row)));
    if (!r.ok) unsupported.push({ id: row.id, reason: r.reason });
    else {
      predictions.push(r.prediction);
      if (r.prediction.flagged) excluded.push({ id: row.id, reason: `flagged ${/ANOMALY/.test(row.notes) ? "ANOMALY" : "CAVEAT"} in its notes` });
    }
  }
  return { rows: rows.length, predicted: predictions.length, unsupported, excluded, predictions, ...summarize(predictions) };
}
