/**
 * The calibration's out-of-fold predictions (`data/calibration/out-of-fold.csv`, written by
 * `infersim calibrate --write` through {@link toCsv}): one row per measurement, predicted by a fit
 * that never saw its source. Parsed as real CSV (quoted fields with commas or quotes included).
 * @module
 */
import { parse } from "csv-parse/browser/esm/sync";
import { fail, issue, ok, type Issue, type Result } from "../errors.js";

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
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
  } catch (e) {
    return fail(issue(name, `is not valid CSV: ${e instanceof Error ? e.message : String(e)}`));
  }
  const header = records[0];
  if (!header) return fail(issue(name, "is empty"));
  const missing = OUT_OF_FOLD_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) return fail(issue(`${name}:1`, `header lacks column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`));
  const col = (c: (typeof OUT_OF_FOLD_COLUMNS)[number]) => header.indexOf(c);
  const issues: Issue[] = [];
  const rows: OutOfFoldRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const rec = records[i]!;
    const line = i + 1;
    if (rec.length !== header.length) {
      issues.push(issue(`${name}:${line}`, `has ${rec.length} fields, the header has ${header.length}`));
      continue;
    }
    const get = (c: (typeof OUT_OF_FOLD_COLUMNS)[number]) => rec[col(c)] ?? "";
    const number = (c: "measured" | "predicted", positive: boolean) => {
      const raw = get(c);
      const n = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(n) || (positive && n <= 0)) {
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
