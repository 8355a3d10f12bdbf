/**
 * Latency CDFs from the report's `cdf` (values at percentiles 1…99 and 99.9): percentile (y)
 * against milliseconds (x, log) for TTFT, TPOT and end-to-end, with the preset's SLO targets as
 * dashed rules in the metric's colour.
 * @module
 */
import * as Plot from "@observablehq/plot";
import { useCallback, useMemo } from "react";
import { Chart } from "../../components/Chart";
import type { SimResult } from "../../worker/protocol-serving";

type Report = SimResult["report"];

const METRICS = [
  ["TTFT", "ttft_ms"],
  ["TPOT", "tpot_ms"],
  ["E2E", "e2e_ms"],
] as const;
const COLORS = ["#4c78a8", "#f58518", "#54a24b"];

interface CdfPoint {
  readonly metric: string;
  readonly ms: number;
  readonly percentile: number;
}

/** The CDF points (positive values only: the axis is logarithmic). */
function cdfPoints(r: Report): CdfPoint[] {
  return METRICS.flatMap(([metric, key]) => r.cdf[key].map((ms, i) => ({ metric, ms, percentile: r.cdf.percentiles[i] ?? 0 })).filter((p) => p.ms > 0));
}

/** A p99 in words (null: no request measured). */
const p99 = (ms: number | null) => (ms === null ? "not measured" : `${ms.toFixed(1)} ms`);

/** The chart. */
export function CdfChart({ report, title }: { report: Report; title: string }) {
  const points = useMemo(() => cdfPoints(report), [report]);
  const targets = useMemo(
    () => report.slo_checks.map((c) => ({ metric: METRICS.find(([, k]) => k === c.metric)?.[0] ?? c.metric, ms: c.target_ms, label: `${c.percentile} ≤ ${c.target_ms} ms` })).filter((t) => t.ms > 0),
    [report],
  );
  const plot = useCallback(
    (width: number) =>
      Plot.plot({
        width,
        height: Math.min(380, Math.max(260, width * 0.45)),
        marginRight: 20,
        grid: true,
        x: { type: "log", label: "latency (ms) →" },
        y: { domain: [0, 100], label: "↑ percentile of requests" },
        color: { domain: METRICS.map(([m]) => m), range: COLORS, legend: true },
        marks: [
          Plot.ruleX(targets, { x: "ms", stroke: "metric", strokeDasharray: "4 3", strokeOpacity: 0.8 }),
          Plot.text(targets, { x: "ms", y: 100, text: "label", fill: "metric", dy: -6, dx: 3, textAnchor: "start", fontSize: 10 }),
          Plot.line(points, { x: "ms", y: "percentile", stroke: "metric", strokeWidth: 2 }),
          Plot.tip(points, Plot.pointer({ x: "ms", y: "percentile", stroke: "metric", title: (d: CdfPoint) => `${d.metric} p${d.percentile}: ${d.ms.toFixed(2)} ms` })),
        ],
      }),
    [points, targets],
  );
  return (
    <Chart
      title={title}
      filename="simulate-latency-cdf"
      description={`Cumulative distributions of time to first token, time per output token and end-to-end latency in milliseconds (log scale), with the workload's SLO targets as dashed lines. TTFT p99 ${p99(report.ttft_ms.p99)}, TPOT p99 ${p99(report.tpot_ms.p99)}, end-to-end p99 ${p99(report.e2e_ms.p99)}.`}
      plot={plot}
    />
  );
}
