/**
 * The published-measurement CSV schema (19 columns; data/measurements/README.md): one measured
 * number per row with the hardware, model, precision, framework, parallelism, workload shape,
 * metric, scenario and notes. Parsing collects every bad cell with its line number.
 * @module
 */
import { fail, issue, ok, type Issue, type Result } from "../errors.js";
import { readCsvTable } from "../io/csv-table.js";

export const MEASUREMENT_COLUMNS = [
  "id", "source_title", "source_url_or_repo_path", "source_date", "hardware", "num_chips", "model", "precision",
  "framework", "tp", "pp", "ep", "batch_or_concurrency", "input_len", "output_len", "metric", "value", "scenario", "notes",
] as const;

export const METRICS = [
  "output_tokens_per_s_total", "output_tokens_per_s_per_chip", "tokens_per_s_per_user", "ttft_ms", "tpot_ms", "itl_ms", "e2e_latency_ms", "prefill_tokens_per_s",
] as const;
export type Metric = (typeof METRICS)[number];

export const SCENARIOS = ["offline", "server", "interactive", "single-stream"] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface MeasurementRow {
  /** 1-based line in the file (header = line 1). */
  readonly line: number;
  readonly id: string;
  readonly sourceTitle: string;
  readonly source: string;
  readonly sourceDate: string;
  readonly hardware: string;
  readonly numChips?: number;
  readonly model: string;
  readonly precision: string;
  readonly framework: string;
  readonly tp?: number;
  readonly pp?: number;
  readonly ep?: number;
  readonly batch?: number;
  readonly input?: number;
  readonly output?: number;
  readonly metric: Metric;
  /** The measured number. Predictions never read it. */
  readonly value: number;
  readonly scenario: Scenario;
  readonly notes: string;
}

/** Id prefix naming the source group: `TRT-v0.14-online-0003` → `TRT-v0.14-online`. */
export const sourceGroup = (id: string) => id.replace(/-\d+$/, "");

/** Rows whose notes flag them as outliers or known-bad (the collector's flags; data/measurements/README.md lists any added in this copy). */
export const isFlagged = (r: MeasurementRow) => /ANOMALY|CAVEAT/.test(r.notes);

export interface ParsedMeasurements {
  readonly rows: readonly MeasurementRow[];
}

/** Parse measurement CSV text. `name` labels issues (`calibration.csv:17`). */
export function parseMeasurements(text: string, name = "measurements.csv"): Result<ParsedMeasurements> {
  const table = readCsvTable(text, name, MEASUREMENT_COLUMNS);
  if (!table.ok) return table;
  const issues: Issue[] = [];
  const rows: MeasurementRow[] = [];
  const ids = new Set<string>();
  for (const rec of table.value) {
    if (rec.issue) {
      issues.push(rec.issue);
      continue;
    }
    const { line, get } = rec;
    const at = (c: string) => `${name}:${line}.${c}`;
    const optInt = (c: (typeof MEASUREMENT_COLUMNS)[number]): number | undefined => {
      const v = get(c);
      if (v === "") return undefined;
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) {
        issues.push(issue(at(c), `${c} must be a positive number or empty, got ${JSON.stringify(v)}`));
        return undefined;
      }
      return n;
    };
    const id = get("id");
    if (!id) issues.push(issue(at("id"), "id is empty"));
    else if (ids.has(id)) issues.push(issue(at("id"), `duplicate id ${JSON.stringify(id)}`));
    ids.add(id);
    const metric = get("metric");
    if (!(METRICS as readonly string[]).includes(metric)) issues.push(issue(at("metric"), `metric must be one of ${METRICS.join(", ")}, got ${JSON.stringify(metric)}`));
    const scenario = get("scenario");
    if (!(SCENARIOS as readonly string[]).includes(scenario)) issues.push(issue(at("scenario"), `scenario must be one of ${SCENARIOS.join(", ")}, got ${JSON.stringify(scenario)}`));
    const valueText = get("value");
    const value = Number(valueText);
    if (valueText === "" || !Number.isFinite(value) || value <= 0) issues.push(issue(at("value"), `value must be a positive number, got ${JSON.stringify(valueText)}`));
    for (const c of ["hardware", "model"] as const) if (!get(c)) issues.push(issue(at(c), `${c} is empty`));
    const num = {
      numChips: optInt("num_chips"),
      tp: optInt("tp"),
      pp: optInt("pp"),
      ep: optInt("ep"),
      batch: optInt("batch_or_concurrency"),
      input: optInt("input_len"),
      output: optInt("output_len"),
    };
    const row: MeasurementRow = {
      line,
      id,
      sourceTitle: get("source_title"),
      source: get("source_url_or_repo_path"),
      sourceDate: get("source_date"),
      hardware: get("hardware"),
      model: get("model"),
      precision: get("precision"),
      framework: get("framework"),
      metric: metric as Metric,
      value,
      scenario: scenario as Scenario,
      notes: get("notes"),
      ...Object.fromEntries(Object.entries(num).filter(([, v]) => v !== undefined)),
    };
    rows.push(row);
  }
  if (issues.length) return fail(...issues);
  return ok({ rows });
}
