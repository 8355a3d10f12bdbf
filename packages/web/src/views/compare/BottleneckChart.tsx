/**
 * The decode step of each hardware split into compute, memory, communication and fixed overhead
 * (the parts the core's step cost adds up), as stacked horizontal bars.
 * @module
 */
import * as Plot from "@observablehq/plot";
import { useCallback } from "react";
import { Chart } from "../../components/Chart";
import type { CompareRow } from "../../worker/protocol";

/** Bar segments in stacking order, with the record field holding each. */
const PARTS = [
  ["compute", "decode_compute_ms"],
  ["memory", "decode_memory_ms"],
  ["communication", "decode_communication_ms"],
  ["overhead", "decode_overhead_ms"],
] as const;

const COLORS = ["#e45756", "#4c78a8", "#f58518", "#9d9da1"];

/** Stacked bars of the decode step per hardware. */
export function BottleneckChart({ rows, model }: { rows: readonly CompareRow[]; model: string }) {
  const plot = useCallback(
    (width: number) => {
      const data = rows.flatMap((r) => PARTS.map(([part, key]) => ({ hardware: r.hardware, part, ms: r[key], bound: r.bottleneck })));
      return Plot.plot({
        width,
        height: Math.max(140, rows.length * 34 + 70),
        marginLeft: 110,
        x: { label: "decode step time (ms) →", grid: true },
        y: { label: null, domain: rows.map((r) => r.hardware) },
        color: { domain: PARTS.map(([p]) => p), range: COLORS, legend: true },
        marks: [
          Plot.barX(data, { x: "ms", y: "hardware", fill: "part", order: PARTS.map(([p]) => p), tip: true, title: (d: { hardware: string; part: string; ms: number }) => `${d.hardware}\n${d.part}: ${d.ms.toFixed(3)} ms` }),
          Plot.ruleX([0]),
        ],
      });
    },
    [rows],
  );
  return (
    <Chart
      title={`Decode step breakdown — ${model}`}
      filename="compare-bottleneck"
      description={`Stacked bars: for each hardware, the decode step's compute, memory, communication and overhead time in milliseconds. ${rows.map((r) => `${r.hardware}: ${r.bottleneck}-bound`).join("; ")}.`}
      plot={plot}
    />
  );
}
