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

const tip = (xName: string, yName: string) => (d: FrontPoint) => `${d.label}\n${xName}: ${d.x}\n${yName}: ${d.y}`;

/** Output tokens/s per chip vs tokens/s per user, a line per hardware. */
export function ThroughputFrontier({ points, log }: { points: readonly FrontPoint[]; log: boolean }) {
  const plot = useCallback(
    (width: number) => {
      const type = log ? "log" : "linear";
      return Plot.plot({
        width,
        height: Math.min(420, Math.max(280, width * 0.55)),
        marginRight: 20,
        grid: true,
        x: { type, label: "tokens/s per user →", nice: true },
        y: { type, label: "↑ output tokens/s per chip", nice: true },
        color: { legend: true },
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
      const type = log ? "log" : "linear";
      return Plot.plot({
        width,
        height: Math.min(420, Math.max(280, width * 0.55)),
        marginRight: 20,
        grid: true,
        x: { type, label: "TPOT p99 (ms) →", nice: true },
        y: { type, label: "↑ $ per million output tokens", nice: true },
        color: { legend: true },
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
