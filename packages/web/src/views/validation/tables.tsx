/**
 * Validation tables: error statistics per group (count, median/mean/p90 absolute percentage
 * error, median bias) and the rows with the largest errors.
 * @module
 */
import type { ErrorStats } from "@infersim/core";
import { useMemo } from "react";
import { DataTable, type Column } from "../../components/DataTable";
import { fix, pct } from "../../components/cells";
import type { ValidationDataset, ValidationPoint } from "../../worker/protocol";

type StatsRow = ErrorStats & { group: string };

const STATS_COLUMNS = (by: string): Column<StatsRow>[] => [
  { header: by, cell: (r) => (r.group === "all" ? <strong>all</strong> : r.group) },
  { header: "n", cell: (r) => r.count, numeric: true },
  { header: "median APE", cell: (r) => pct(r.medianApe), numeric: true },
  { header: "mean APE", cell: (r) => pct(r.meanApe), numeric: true },
  { header: "p90 APE", cell: (r) => pct(r.p90Ape), numeric: true },
  { header: "median bias", cell: (r) => (r.medianBias >= 0 ? "+" : "") + pct(r.medianBias), numeric: true },
];

/** Error statistics of `set` grouped by `by`, with the overall row first. */
export function StatsTable({ set, by }: { set: ValidationDataset; by: string }) {
  const rows = useMemo<StatsRow[]>(() => [{ group: "all", ...set.overall }, ...Object.entries(set.groups[by] ?? {}).map(([group, s]) => ({ group, ...s }))], [set, by]);
  return <DataTable caption={`Error by ${by}`} filename={`validation-error-by-${by}`} columns={STATS_COLUMNS(by)} rows={rows} rowKey={(r) => r.group} />;
}

const WORST = 25;
const WORST_COLUMNS: Column<ValidationPoint>[] = [
  { header: "id", cell: (p) => p.id },
  { header: "metric", cell: (p) => p.metric },
  { header: "measured", cell: (p) => fix(p.measured, p.measured < 100 ? 2 : 0), numeric: true },
  { header: "predicted", cell: (p) => fix(p.predicted, p.predicted < 100 ? 2 : 0), numeric: true },
  { header: "APE", cell: (p) => pct(p.ape) + (p.flagged ? " (flagged)" : ""), numeric: true },
];

/** The rows with the largest errors; the CSV holds every row. */
export function WorstTable({ set }: { set: ValidationDataset }) {
  const worst = useMemo(() => set.points.filter((p) => !p.flagged).sort((a, b) => b.ape - a.ape).slice(0, WORST), [set]);
  const csvRows = useMemo(() => set.points.map((p) => ({ id: p.id, metric: p.metric, measured: p.measured, predicted: Math.round(p.predicted * 1000) / 1000, ape: Math.round(p.ape * 1e4) / 1e4, ...p.group, flagged: p.flagged })), [set]);
  return (
    <DataTable
      caption={`Largest errors (top ${WORST}; the CSV has all ${set.points.length} rows)`}
      filename="validation-predictions"
      columns={WORST_COLUMNS}
      rows={worst}
      rowKey={(p) => p.id}
      csvRows={csvRows}
    />
  );
}
