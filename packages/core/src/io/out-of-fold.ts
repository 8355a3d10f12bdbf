/**
 * The calibration's out-of-fold predictions (`data/calibration/out-of-fold.csv`, written by
 * `infersim calibrate --write` through {@link toCsv}): one row per measurement, predicted by a fit
 * that never saw its source. Parsed as real CSV (quoted fields with commas or quotes included).
 * @module
 */
import { fail, issue, ok, type Issue, type Result } from "../errors.js";
import { readCsvTable } from "./csv-table.js";

/** One out-of-fold prediction. */
export interface OutOfFoldRow {
  readonly id: string;
  readonly metric: string;
  /** The held-out source. */
  readonly source: string;
  readonly hardwareClass: string;
  /** In the metric's unit (tokens/s, ms). */
  readonly measured: number;
  /** Same unit as `measured`. */
  readonly predicted: number;
}

/** The columns, in the order calibrate writes them. */
const OUT_OF_FOLD_COLUMNS = ["id", "metric", "source", "hardwareClass", "measured", "predicted"] as const;

/** Parse the CSV text; `name` labels issues (`out-of-fold.csv:17.measured`). Every bad row is an issue. */
export function parseOutOfFold(text: string, name = "out-of-fold.csv"): Result<OutOfFoldRow[]> {
  const table = readCsvTable(text, name, OUT_OF_FOLD_COLUMNS);
  if (!table.ok) return table;
  const issues: Issue[] = [];
  const rows: OutOfFoldRow[] = [];
  for (const rec of table.value) {
    if (rec.issue) {
      issues.push(rec.issue);
      continue;
    }
    const { line, get } = rec;
    const number = (c: "measured" | "predicted", positive: boolean) => {
      const raw = get(c);
      const n = Number(raw);
      if (raw === "" || !Number.isFinite(n) || (positive && n <= 0)) {
        issues.push(issue(`${name}:${line}.${c}`, `${c} must be a ${positive ? "positive " : ""}number, got ${JSON.stringify(raw)}`));
        return undefined;
      }
      return n;
    };
    const measured = number("measured", true);
    const predicted = number("predicted", false);
    if (measured === undefined || predicted === undefined) continue;
    rows.push({ id: get("id"), metric: get("metric"), source: get("source"), hardwareClass: get("hardwareClass"), measured, predicted });
  }
  return issues.length ? fail(...issues) : ok(rows);
}
