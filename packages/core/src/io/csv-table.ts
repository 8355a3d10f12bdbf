/**
 * Reading a CSV file that has a header row with required columns, for the parsers of the project's
 * CSV files (measurements, out-of-fold predictions): real CSV (quoted fields with commas or quotes
 * included), issues labelled `name:line`.
 * @module
 */
import { parse } from "csv-parse/browser/esm/sync";
import { fail, issue, ok, type Issue, type Result } from "../errors.js";

/**
 * One data record, in file order: its line (1-based) and its fields by column name (trimmed), or
 * the issue that its field count differs from the header's.
 */
export type CsvRecord<C extends string> = { readonly line: number; get(column: C): string; readonly issue?: undefined } | { readonly line: number; readonly issue: Issue };

/**
 * The data records of `text`, whose header has every one of `columns`. Invalid CSV, an empty file
 * or a missing column fails the whole read.
 */
export function readCsvTable<C extends string>(text: string, name: string, columns: readonly C[]): Result<CsvRecord<C>[]> {
  let rows: string[][];
  try {
    rows = parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
  } catch (e) {
    return fail(issue(name, `is not valid CSV: ${e instanceof Error ? e.message : String(e)}`));
  }
  const header = rows[0];
  if (!header) return fail(issue(name, "is empty"));
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length) return fail(issue(`${name}:1`, `header lacks column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`));
  const col = new Map(columns.map((c) => [c, header.indexOf(c)]));
  const records: CsvRecord<C>[] = [];
  for (let i = 1; i < rows.length; i++) {
    const rec = rows[i]!;
    const line = i + 1;
    records.push(rec.length === header.length ? { line, get: (c) => (rec[col.get(c)!] ?? "").trim() } : { line, issue: issue(`${name}:${line}`, `has ${rec.length} fields, the header has ${header.length}`) });
  }
  return ok(records);
}
