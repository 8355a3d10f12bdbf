/**
 * Charts rendered server-side: Observable Plot on a jsdom document, serialised to standalone SVG.
 * @module
 */
import * as Plot from "@observablehq/plot";
import { JSDOM } from "jsdom";

export interface ScatterPoint {
  readonly measured: number;
  readonly predicted: number;
  readonly group: string;
}

/** Log-log predicted-vs-measured scatter with y = x, ±25% bands and an in-chart legend. */
export function scatterSvg(points: readonly ScatterPoint[], title: string, unit: string): string {
  const { document } = new JSDOM("").window;
  const vals = points.flatMap((p) => [p.measured, p.predicted]).filter((v) => v > 0);
  const lo = Math.min(...vals) / 1.5;
  const hi = Math.max(...vals) * 1.5;
  const diag = [lo, hi];
  const groups = [...new Set(points.map((p) => p.group))].sort();
  const step = (hi / lo) ** (1 / 28);
  const legend = groups.map((g, i) => ({ g, x: lo * step, y: hi / step ** (i + 1.5) }));
  const svg = Plot.plot({
    document,
    width: 680,
    height: 600,
    marginTop: 36,
    grid: true,
    x: { type: "log", label: `measured ${unit}`, domain: [lo, hi] },
    y: { type: "log", label: `predicted ${unit}`, domain: [lo, hi] },
    color: { type: "categorical", domain: groups },
    marks: [
      Plot.line(diag.map((x) => ({ x, y: x })), { x: "x", y: "y", stroke: "#888" }),
      Plot.line(diag.map((x) => ({ x, y: x * 1.25 })), { x: "x", y: "y", stroke: "#bbb", strokeDasharray: "4,3" }),
      Plot.line(diag.map((x) => ({ x, y: x / 1.25 })), { x: "x", y: "y", stroke: "#bbb", strokeDasharray: "4,3" }),
      Plot.dot(points, { x: "measured", y: "predicted", stroke: "group", r: 2.5 }),
      Plot.dot(legend, { x: "x", y: "y", fill: "g", r: 4 }),
      Plot.text(legend, { x: "x", y: "y", text: "g", dx: 8, textAnchor: "start", fontSize: 10 }),
      Plot.text([title], { frameAnchor: "top", dy: -24, fontSize: 14, fontWeight: "bold" }),
    ],
  }) as unknown as { outerHTML: string };
  const html = svg.outerHTML;
  return html.includes("xmlns=") ? html : html.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"');
}
