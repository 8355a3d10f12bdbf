/**
 * Throughput–interactivity curves: output tokens/s per chip (y) against tokens/s per user (x),
 * one line per hardware through its batch sweep, each line labelled at its batch-1 end.
 * @module
 */
import * as Plot from "@observablehq/plot";
import { useCallback } from "react";
import { Chart } from "../../components/Chart";
import { xyPlot } from "../../components/xy-plot";
import type { ParetoPoint } from "../../worker/protocol";

/** Props of {@link ParetoChart}: the points, log or linear axes, and the title. */
export interface ParetoChartProps {
  readonly points: readonly ParetoPoint[];
  readonly log: boolean;
  readonly title: string;
}

/** The curves. */
export function ParetoChart({ points, log, title }: ParetoChartProps) {
  const plot = useCallback(
    (width: number) => {
      return xyPlot({
        width,
        log,
        height: { min: 320, max: 560, ratio: 0.6 },
        x: "tokens/s per user (interactivity) →",
        y: "↑ output tokens/s per chip",
        marks: [
          Plot.line(points, { x: "tokens_per_s_per_user", y: "output_tokens_per_s_per_chip", stroke: "hardware", sort: { channel: "x" }, strokeWidth: 2 }),
          Plot.dot(points, {
            x: "tokens_per_s_per_user",
            y: "output_tokens_per_s_per_chip",
            fill: "hardware",
            r: 3,
            tip: true,
            title: (d: ParetoPoint) => `${d.hardware} (${d.chips} chips)\nbatch ${d.batch}\n${d.tokens_per_s_per_user.toFixed(1)} tok/s/user\n${d.output_tokens_per_s_per_chip.toFixed(1)} tok/s/chip\nTTFT ${d.ttft_ms.toFixed(1)} ms`,
          }),
          Plot.text(
            points.filter((p) => p.batch === 1),
            { x: "tokens_per_s_per_user", y: "output_tokens_per_s_per_chip", text: "hardware", fill: "hardware", dy: -9, fontSize: 11, stroke: "white", strokeWidth: 3, paintOrder: "stroke" },
          ),
        ],
      });
    },
    [points, log],
  );
  return (
    <Chart
      title={title}
      filename="pareto"
      description={`Line chart, one line per hardware: output tokens per second per chip against tokens per second per user as the batch grows from 1 to the largest that fits. ${[...new Set(points.map((p) => p.hardware))].length} hardware.`}
      plot={plot}
    />
  );
}
