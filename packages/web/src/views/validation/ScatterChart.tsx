/**
 * Predicted against measured on log–log axes, one colour per metric family, with the y = x line
 * and a factor-of-two band: the validation picture the CLI's `validate --plot` draws.
 * @module
 */
import * as Plot from "@observablehq/plot";
import { useCallback } from "react";
import { Chart } from "../../components/Chart";
import type { ValidationPoint } from "../../worker/protocol";

/** The scatter for one dataset. */
export function ScatterChart({ points, title }: { points: readonly ValidationPoint[]; title: string }) {
  const plot = useCallback(
    (width: number) => {
      const kept = points.filter((p) => !p.flagged && p.measured > 0 && p.predicted > 0);
      const all = kept.flatMap((p) => [p.measured, p.predicted]);
      const lo = Math.min(...all) / 1.5;
      const hi = Math.max(...all) * 1.5;
      const diag = [lo, hi];
      return Plot.plot({
        width,
        height: Math.min(620, Math.max(320, width * 0.75)),
        grid: true,
        x: { type: "log", label: "measured →", domain: [lo, hi] },
        y: { type: "log", label: "↑ predicted", domain: [lo, hi] },
        color: { legend: true, label: "metric" },
        marks: [
          Plot.line(diag.map((v) => ({ x: v, y: v })), { x: "x", y: "y", stroke: "#333" }),
          Plot.line(diag.map((v) => ({ x: v, y: v * 2 })), { x: "x", y: "y", stroke: "#999", strokeDasharray: "4,3" }),
          Plot.line(diag.map((v) => ({ x: v, y: v / 2 })), { x: "x", y: "y", stroke: "#999", strokeDasharray: "4,3" }),
          Plot.dot(kept, {
            x: "measured",
            y: "predicted",
            stroke: (p: ValidationPoint) => p.group.metric,
            r: 2.5,
            strokeOpacity: 0.7,
            tip: true,
            title: (p: ValidationPoint) => `${p.id}\n${p.metric}\nmeasured ${p.measured}\npredicted ${p.predicted.toPrecision(4)}\nerror ${(p.ape * 100).toFixed(1)}%`,
          }),
        ],
      });
    },
    [points],
  );
  return (
    <Chart
      title={title}
      filename="validation-scatter"
      description={`Log–log scatter of predicted against measured values, ${points.length} points, coloured by metric; the solid line is perfect agreement and the dashed lines a factor of two either way.`}
      plot={plot}
    />
  );
}
