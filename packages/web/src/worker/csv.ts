/**
 * CSV export in the worker, with the core's `toCsv` (the same quoting and null handling as the
 * CLI's `--csv`).
 * @module
 */
import { toCsv, type Cell } from "@infersim/core";
import type { CoreApi } from "./protocol";

/** Rows → CSV text; `columns` picks and orders the columns (default: the first row's keys). */
export function csv(p: CoreApi["csv"]["req"]): string {
  const rows = p.rows.map((r) => {
    const out: Record<string, Cell> = {};
    for (const [k, v] of Object.entries(r)) out[k] = toCell(v);
    return out;
  });
  return toCsv(rows, p.columns);
}

function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map((x) => (typeof x === "string" ? x : JSON.stringify(x)));
  return JSON.stringify(v);
}
