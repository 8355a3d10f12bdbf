/**
 * The house XY chart: gridded, log or linear on both axes, a colour legend by hardware, height
 * following the width within bounds. Frontier and Pareto charts differ only in labels and marks.
 * @module
 */
import * as Plot from "@observablehq/plot";

export interface XyPlotOptions {
  readonly width: number;
  readonly log: boolean;
  readonly x: string;
  readonly y: string;
  readonly marks: Plot.Markish[];
  /** Height range and ratio to the width (default 280–420 px, 0.55). */
  readonly height?: { readonly min: number; readonly max: number; readonly ratio: number };
}

export function xyPlot(o: XyPlotOptions): ReturnType<typeof Plot.plot> {
  const type = o.log ? "log" : "linear";
  const h = o.height ?? { min: 280, max: 420, ratio: 0.55 };
  return Plot.plot({
    width: o.width,
    height: Math.min(h.max, Math.max(h.min, o.width * h.ratio)),
    marginRight: 20,
    grid: true,
    x: { type, label: o.x, nice: true },
    y: { type, label: o.y, nice: true },
    color: { legend: true },
    marks: o.marks,
  });
}
