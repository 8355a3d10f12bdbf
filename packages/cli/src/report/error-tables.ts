/**
 * Error statistics as tables, declared once: aligned text (`validate`, `calibrate`) and markdown
 * (docs/validation.md) with the same columns.
 * @module
 */
import type { ErrorStats } from "@infersim/core";
import { markdownTable, table, type Column } from "../output.js";

/** A fraction as a percentage with one decimal: 0.123 → "12.3%". */
export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
/** The same with its sign: 0.05 → "+5.0%". */
const signedPct = (x: number) => (x >= 0 ? "+" : "") + pct(x);

type Row = ErrorStats & { readonly k: string };

const columns = (label: string): Column<Row>[] => [
  { header: label, value: (r) => r.k, right: false },
  { header: "n", value: (r) => String(r.count) },
  { header: "median APE", value: (r) => pct(r.medianApe) },
  { header: "mean APE", value: (r) => pct(r.meanApe) },
  { header: "p90 APE", value: (r) => pct(r.p90Ape) },
  { header: "median bias", value: (r) => signedPct(r.medianBias) },
];

const rows = (groups: Record<string, ErrorStats>): Row[] => Object.entries(groups).map(([k, s]) => ({ k, ...s }));

/** An aligned text table, one row per group. */
export function statsTable(groups: Record<string, ErrorStats>, label: string): string {
  return table(rows(groups), columns(label));
}

/** A markdown table, one row per group. */
export function statsMarkdown(groups: Record<string, ErrorStats>, label: string): string {
  return markdownTable(rows(groups), columns(label));
}
