/**
 * Validation: the core's `validate` on the published measurements (data/measurements/
 * calibration.csv, bundled with `?raw` and loaded on first use), and the calibration's
 * out-of-fold predictions (data/calibration/out-of-fold.csv: each row predicted by a fit that
 * never saw its source). Computed once per worker (seconds: some rows are simulated), then cached.
 * @module
 */
import { InputError, errorStats, groupStats, metricGroup, parseMeasurements, parseOutOfFold, validate } from "@infersim/core";
import type { ValidationDataset, ValidationPoint, ValidationResult } from "./protocol";

let cached: Promise<ValidationResult> | undefined;

/** Both datasets, computed on first call. */
export function validation(): Promise<ValidationResult> {
  cached ??= build().catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

async function build(): Promise<ValidationResult> {
  const [cal, oof] = await Promise.all([import("../../../../data/measurements/calibration.csv?raw"), import("../../../../data/calibration/out-of-fold.csv?raw")]);
  return { calibration: calibrationSet(cal.default), outOfFold: outOfFoldSet(oof.default) };
}

function calibrationSet(text: string): ValidationDataset {
  const parsed = parseMeasurements(text, "calibration.csv");
  if (!parsed.ok) throw new InputError(parsed.issues);
  const rep = validate(parsed.value.rows);
  const points: ValidationPoint[] = rep.predictions.map((p) => ({
    id: p.id,
    metric: p.metric,
    measured: p.measured,
    predicted: p.predicted,
    ape: p.ape,
    group: { metric: metricGroup(p.metric), hardware: p.hardware, source: p.source, model: p.model },
    flagged: p.flagged,
  }));
  return {
    label: "published measurements (data/measurements/calibration.csv)",
    rows: rep.rows,
    points,
    groupBys: ["metric", "hardware", "source", "model"],
    overall: rep.overall,
    groups: rep.groups,
    notes: [`${rep.predicted} of ${rep.rows} rows predicted; ${rep.unsupported.length} unsupported; ${rep.excluded.length} flagged rows kept out of the aggregates.`],
  };
}

/** The out-of-fold CSV (core `parseOutOfFold`, as the CLI's validation report reads it) as points. */
function outOfFoldSet(text: string): ValidationDataset {
  const parsed = parseOutOfFold(text, "out-of-fold.csv");
  if (!parsed.ok) throw new InputError(parsed.issues);
  const points: ValidationPoint[] = parsed.value.map((r) => ({
    id: r.id,
    metric: r.metric,
    measured: r.measured,
    predicted: r.predicted,
    ape: Math.abs(r.predicted - r.measured) / r.measured,
    group: { metric: metricGroup(r.metric), source: r.source, hardwareClass: r.hardwareClass },
    flagged: false,
  }));
  const by = (k: string) => groupStats(points, (p) => p.group[k] ?? "");
  return {
    label: "out-of-fold (data/calibration/out-of-fold.csv)",
    rows: parsed.value.length,
    points,
    groupBys: ["metric", "source", "hardwareClass"],
    overall: errorStats(points),
    groups: { metric: by("metric"), source: by("source"), hardwareClass: by("hardwareClass") },
    notes: [`${points.length} rows, each predicted by a fit that left its source out.`],
  };
}
