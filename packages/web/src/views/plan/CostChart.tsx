/**
 * What the cheapest option of each hardware costs per hour, split into its chips × the price of
 * a chip-hour: one bar per hardware (cheapest first), labelled "36 chips × $5.25 = $189/h" (just
 * "$189/h" on a phone), on a log or linear axis (costs span orders of magnitude).
 * @module
 */
import type { PlanOption } from "@infersim/core";
import * as Plot from "@observablehq/plot";
import { useCallback, useMemo } from "react";
import { Chart } from "../../components/Chart";
import { fix } from "../../components/cells";

interface Bar {
  readonly hardware: string;
  readonly usd: number;
  readonly chips: number;
  readonly perChip: number;
  readonly label: string;
  /** The label for narrow screens. */
  readonly short: string;
}

const money = (x: number) => `$${fix(x, x >= 100 ? 0 : 2)}`;

/** Bars from the options with a price. */
function costBars(best: readonly PlanOption[]): Bar[] {
  return best
    .filter((o) => o.cost_usd_per_hour !== null && o.cost_usd_per_hour > 0)
    .map((o) => {
      const usd = o.cost_usd_per_hour!;
      const perChip = usd / o.chips_total;
      return { hardware: o.hardware, usd, chips: o.chips_total, perChip, label: `${o.chips_total.toLocaleString("en-US")} chips × ${money(perChip)} = ${money(usd)}/h`, short: `${money(usd)}/h` };
    });
}

/** The chart. */
export function CostChart({ best, log, title }: { best: readonly PlanOption[]; log: boolean; title: string }) {
  const bars = useMemo(() => costBars(best), [best]);
  const plot = useCallback(
    (width: number) => {
      const min = Math.min(...bars.map((b) => b.usd));
      const floor = log ? 10 ** Math.floor(Math.log10(min / 2)) : 0;
      return Plot.plot({
        width,
        height: Math.max(120, bars.length * 34 + 60),
        marginLeft: 110,
        marginRight: 20,
        x: { type: log ? "log" : "linear", label: "$ per hour for the demand →", grid: true, domain: log ? [floor, Math.max(...bars.map((b) => b.usd)) * 8] : [0, Math.max(...bars.map((b) => b.usd)) * 1.6] },
        y: { label: null, domain: bars.map((b) => b.hardware) },
        marks: [
          Plot.barX(bars, { x1: floor, x2: "usd", y: "hardware", fill: "#4c78a8", tip: true, title: (b: Bar) => `${b.hardware}\n${b.label}` }),
          Plot.text(bars, { x: "usd", y: "hardware", text: width < 640 ? "short" : "label", textAnchor: "start", dx: 4, fontSize: 11 }),
        ],
      });
    },
    [bars, log],
  );
  return (
    <Chart
      title={title}
      filename="plan-cost"
      description={`Bar chart of dollars per hour for the cheapest SLO-meeting option of each hardware: ${bars.map((b) => `${b.hardware} ${b.label}`).join("; ")}.`}
      plot={plot}
    />
  );
}
