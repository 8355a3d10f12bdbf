/**
 * CSV for tables of records (CLI `--csv`, web exports). Arrays join with "; ", null is empty.
 * @module
 */
import { stringify } from "csv-stringify/browser/esm/sync";

export type Cell = string | number | boolean | null | undefined | readonly string[];

/** Rows of records → CSV text with a header of `columns` (default: keys of the first row). */
export function toCsv(rows: readonly Record<string, Cell>[], columns?: readonly string[]): string {
  const cols = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
  const body = rows.map((r) =>
    cols.map((c) => {
      const v = r[c];
      if (v === null || v === undefined) return "";
      if (Array.isArray(v)) return v.join("; ");
      return v as string | number | boolean;
    }),
  );
  return stringify([cols as string[], ...body]);
}
