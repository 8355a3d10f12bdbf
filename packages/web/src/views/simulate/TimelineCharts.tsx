/**
 * The run over simulated time, from the report's `timeline` (t, queue, running, kv_utilization):
 * queued and running requests (summed over replicas) and the mean KV-cache use, two charts on
 * the same time axis, with a CSV of the whole timeline.
 * @module
 */
import * as Plot from "@observablehq/plot";
import { useCallback, useMemo } from "react";
import { Chart } from "../../components/Chart";
import { CsvButton } from "../../components/CsvButton";
import type { SimResult } from "../../worker/protocol-serving";

/** One sample of the timeline. */
export interface TimelineRow {
  readonly t_s: number;
  readonly queue: number;
  readonly running: number;
  readonly kv_utilization: number;
}

/** The report's columns as rows. */
function timelineRows(timeline: Readonly<Record<string, readonly number[]>>): TimelineRow[] {
  const t = timeline.t ?? [];
  const col = (k: string, i: number) => timeline[k]?.[i] ?? 0;
  return t.map((ts, i) => ({ t_s: ts, queue: col("queue", i), running: col("running", i), kv_utilization: col("kv_utilization", i) }));
}

const SERIES = ["queued", "running"] as const;

/** Queue and running requests, and KV use, over time. */
export function TimelineCharts({ report }: { report: SimResult["report"] }) {
  const rows = useMemo(() => timelineRows(report.timeline), [report]);
  const counts = useMemo(() => rows.flatMap((r) => [{ t: r.t_s, series: "queued", n: r.queue }, { t: r.t_s, series: "running", n: r.running }]), [rows]);
  const height = (width: number) => Math.min(260, Math.max(180, width * 0.3));
  const countPlot = useCallback(
    (width: number) =>
      Plot.plot({
        width,
        height: height(width),
        grid: true,
        x: { label: "simulated time (s) →" },
        y: { label: "↑ requests", nice: true },
        color: { domain: [...SERIES], range: ["#e45756", "#4c78a8"], legend: true },
        marks: [Plot.lineY(counts, { x: "t", y: "n", stroke: "series", strokeWidth: 1.5 }), Plot.ruleY([0]), Plot.tip(counts, Plot.pointerX({ x: "t", y: "n", stroke: "series" }))],
      }),
    [counts],
  );
  const kvPlot = useCallback(
    (width: number) =>
      Plot.plot({
        width,
        height: height(width),
        grid: true,
        x: { label: "simulated time (s) →" },
        y: { label: "↑ KV cache used (%)", domain: [0, 100] },
        marks: [
          Plot.areaY(rows, { x: "t_s", y: (r: TimelineRow) => r.kv_utilization * 100, fill: "#72b7b2", fillOpacity: 0.35 }),
          Plot.lineY(rows, { x: "t_s", y: (r: TimelineRow) => r.kv_utilization * 100, stroke: "#2f7f7a" }),
          Plot.ruleY([0]),
          Plot.tip(rows, Plot.pointerX({ x: "t_s", y: (r: TimelineRow) => r.kv_utilization * 100 })),
        ],
      }),
    [rows],
  );
  const peak = (k: "queue" | "running") => rows.reduce((m, r) => Math.max(m, r[k]), 0);
  const csv = <CsvButton rows={() => rows as unknown as Record<string, unknown>[]} filename="simulate-timeline" of="the timeline" disabled={!rows.length} />;
  return (
    <div className="two-col even">
      <Chart
        title="Queued and running requests"
        filename="simulate-queue"
        description={`Line chart over ${rows.length} samples of simulated time: requests waiting (peak ${peak("queue")}) and running (peak ${peak("running")}), summed over replicas.`}
        plot={countPlot}
        actions={csv}
      />
      <Chart
        title="KV cache utilisation"
        filename="simulate-kv"
        description={`Area chart of the mean KV-cache use over replicas, percent, over simulated time; mean ${(report.kv_utilization_mean * 100).toFixed(1)}%.`}
        plot={kvPlot}
      />
    </div>
  );
}
