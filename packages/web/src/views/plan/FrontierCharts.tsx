/**
 * The planner's two Pareto frontiers: per hardware, output tokens/s per chip against tokens/s
 * per user (`throughputFrontier`, over the concurrency of each configuration), and over every
 * SLO-meeting option, $/Mtok against TPOT p99 (`costFrontier`).
 * @module
 */
import type { FrontPoint } from "@infersim/core";
import * as Plot from "@observablehq/plot";
import { useCallback } from "react";
import { Chart } from "../../components/Chart";
import { xyPlot } from "../../components/xy-plot";

const tip = (xName: string, yName: string) => (d: FrontPoint) => `${d.label}\n${xName}: ${d.x}\n${yName}: ${d.y}`;

/** Output tokens/s per chip vs tokens/s per user, a line per hardware. */
export function ThroughputFrontier({ points, log }: { points: readonly FrontPoint[]; log: boolean }) {
  const plot = useCallback(
    (width: number) => {
      return xyPlot({
        width,
        log,
        x: "tokens/s per user →",
        y: "↑ output tokens/s per chip",
        marks: [
          Plot.line(points, { x: "x", y: "y", stroke: "hardware", sort: { channel: "x" }, z: "hardware", strokeWidth: 2 }),
          Plot.dot(points, { x: "x", y: "y", fill: "hardware", r: 2.5, tip: true, title: tip("tok/s per user", "out tok/s per chip") }),
        ],
      });
    },
    [points, log],
  );
  return (
    <Chart
      title="Throughput frontier"
      filename="plan-throughput-frontier"
      description={`Pareto frontier per hardware: output tokens per second per chip against tokens per second per user. ${new Set(points.map((p) => p.hardware)).size} hardware, ${points.length} points.`}
      plot={plot}
    />
  );
}

/** $/Mtok vs TPOT p99 over the SLO-meeting options, coloured by hardware. */
export function CostFrontier({ points, log }: { points: readonly FrontPoint[]; log: boolean }) {
  const plot = useCallback(
    (width: number) => {
      return xyPlot({
        width,
        log,
        x: "TPOT p99 (ms) →",
        y: "↑ $ per million output tokens",
        marks: [
          Plot.line(points, { x: "x", y: "y", sort: { channel: "x" }, stroke: "#9d9da1", strokeDasharray: "3 3" }),
          Plot.dot(points, { x: "x", y: "y", fill: "hardware", r: 4, tip: true, title: tip("TPOT p99 ms", "$/Mtok") }),
        ],
      });
    },
    [points, log],
  );
  return (
    <Chart
      title="Cost frontier"
      filename="plan-cost-frontier"
      description={`Pareto frontier over the options meeting the SLO: dollars per million output tokens against TPOT p99 in milliseconds. ${points.map((p) => p.label).join("; ")}.`}
      plot={plot}
    />
  );
}
