/**
 * Rendering at the edge: aligned text tables, key/value blocks, JSON and CSV on stdout.
 * @module
 */
import { formatInt, toCsv, type Cell } from "@infersim/core";

export interface Column<R> {
  readonly header: string;
  readonly value: (r: R) => string;
  /** Right-align (numbers). Default true. */
  readonly right?: boolean;
}

/** An aligned table with a header rule. */
export function table<R>(rows: readonly R[], cols: readonly Column<R>[]): string {
  const cells = rows.map((r) => cols.map((c) => c.value(r)));
  const widths = cols.map((c, i) => Math.max(c.header.length, ...cells.map((row) => (row[i] ?? "").length)));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => ((cols[i]?.right ?? true) ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(cols.map((c) => c.header)), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

/** A markdown table: a header row, an alignment row (numbers right), one row per record. */
export function markdownTable<R>(rows: readonly R[], cols: readonly Column<R>[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(cols.map((c) => c.header)), `|${cols.map((c) => ((c.right ?? true) ? "---:" : "---")).join("|")}|`, ...rows.map((r) => line(cols.map((c) => c.value(r))))].join("\n");
}

/** "key  value" lines, keys padded. */
export function keyValues(pairs: readonly [string, string][]): string {
  const w = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n");
}

export function printJson(x: unknown): void {
  process.stdout.write(JSON.stringify(x, null, 2) + "\n");
}

export function printCsv(rows: readonly Record<string, Cell>[], columns?: readonly string[]): void {
  process.stdout.write(toCsv(rows, columns));
}

/** Fixed decimals for table cells; "—" for missing. */
export const fix = (x: number | null | undefined, d = 1) => (x === null || x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(d));
/** Thousands-separated integer (core `formatInt`); "—" for missing. */
export const int = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? "—" : formatInt(x));
