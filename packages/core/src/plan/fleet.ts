/**
 * Fleet planning: a demand mix (classes of traffic, each a workload at a peak rate with an SLO)
 * → the cheapest fleet meeting every class's SLO, homogeneous (one hardware for everything) and
 * heterogeneous (each class on its cheapest hardware), with chips, power, capex, opex, $/Mtok at
 * peak and at average load, and a sensitivity table (prices and demand ±).
 * @module
 */
import { round } from "../format.js";
import type { Hardware } from "../hardware/hardware.js";
import type { PlanSlo } from "./capacity.js";
import { costPerMillionTokens, facilityWatts, type OwnershipAssumptions } from "./cost.js";
import { priceHardware, sizeHardware, summarizePlan, type PlanOption, type PlanRequest, type PlanResult } from "./search.js";
import type { WorkloadStats } from "./workload-stats.js";

export interface DemandClass {
  readonly name: string;
  readonly workload: WorkloadStats;
  /** LLM requests per second at peak. */
  readonly peakRate: number;
  /** Mean requests per second over a day (default: the peak). */
  readonly averageRate?: number;
  readonly slo: PlanSlo;
}

export interface FleetRequest extends Omit<PlanRequest, "workload" | "rate" | "slo"> {
  readonly classes: readonly DemandClass[];
  /** Relative changes tried in the sensitivity table (default ±25%). */
  readonly sensitivity?: number;
  /** Power usage effectiveness of the facility (default: the ownership cost basis's, else 1.3); host power per chip follows the cost rule (`hostWattsPerChip`). */
  readonly pue?: number;
}

export interface FleetLine {
  readonly class: string;
  readonly option: PlanOption;
}

export interface Fleet {
  readonly name: string;
  readonly lines: readonly FleetLine[];
  readonly chips: number;
  readonly cost_usd_per_hour: number;
  readonly capex_usd: number | null;
  readonly power_kw: number;
  readonly facility_mw: number;
  /** Output tokens at the classes' peak rates and at their averages. */
  readonly cost_usd_per_mtok_peak: number;
  readonly cost_usd_per_mtok_average: number;
  readonly hardware: readonly string[];
}

export interface SensitivityRow {
  readonly change: string;
  readonly heterogeneous_cost_usd_per_hour: number;
  readonly heterogeneous_hardware: string;
  readonly cheapest_homogeneous: string;
  readonly cheapest_homogeneous_cost_usd_per_hour: number;
}

export interface FleetPlan {
  readonly perClass: readonly { readonly class: string; readonly result: PlanResult }[];
  readonly homogeneous: readonly Fleet[];
  readonly heterogeneous: Fleet | null;
  readonly cheapest: Fleet | null;
  readonly sensitivity: readonly SensitivityRow[];
}

function fleetOf(name: string, lines: FleetLine[], req: FleetRequest): Fleet {
  const facility: OwnershipAssumptions = { ...(req.cost?.kind === "ownership" ? req.cost : {}), ...(req.pue !== undefined ? { pue: req.pue } : {}) };
  let cost = 0;
  let capex: number | null = 0;
  let power = 0;
  let facilityW = 0;
  let chips = 0;
  let peakTps = 0;
  let avgTps = 0;
  for (const l of lines) {
    const c = req.classes.find((x) => x.name === l.class)!;
    const hw = req.hardware.find((h) => h.id === l.option.hardware)!;
    cost += l.option.cost_usd_per_hour ?? Infinity;
    capex = capex !== null && l.option.capex_usd !== null ? capex + l.option.capex_usd : null;
    power += l.option.power_kw;
    facilityW += facilityWatts(hw, l.option.chips_total, l.option.power_kw * 1000, facility);
    chips += l.option.chips_total;
    peakTps += c.peakRate * c.workload.meanOutput;
    avgTps += (c.averageRate ?? c.peakRate) * c.workload.meanOutput;
  }
  return {
    name,
    lines,
    chips,
    cost_usd_per_hour: round(cost, 3),
    capex_usd: capex,
    power_kw: round(power, 3),
    facility_mw: round(facilityW / 1e6, 3),
    cost_usd_per_mtok_peak: round(costPerMillionTokens(cost, peakTps), 3),
    cost_usd_per_mtok_average: round(costPerMillionTokens(cost, avgTps), 3),
    hardware: [...new Set(lines.map((l) => l.option.hardware))],
  };
}

function assemble(req: FleetRequest, perClass: { class: string; result: PlanResult }[]): { homogeneous: Fleet[]; heterogeneous: Fleet | null } {
  const homogeneous: Fleet[] = [];
  for (const hw of req.hardware) {
    const lines: FleetLine[] = [];
    for (const pc of perClass) {
      const o = pc.result.best.find((b) => b.hardware === hw.id);
      if (o) lines.push({ class: pc.class, option: o });
    }
    if (lines.length === perClass.length) homogeneous.push(fleetOf(`all on ${hw.id}`, lines, req));
  }
  homogeneous.sort((a, b) => a.cost_usd_per_hour - b.cost_usd_per_hour);
  const het: FleetLine[] = [];
  for (const pc of perClass) if (pc.result.cheapest) het.push({ class: pc.class, option: pc.result.cheapest });
  const heterogeneous = het.length === perClass.length ? fleetOf("each class on its cheapest hardware", het, req) : null;
  return { homogeneous, heterogeneous };
}

/** Price every hardware up or down by `k` (rental and purchase). */
function repriced(hw: readonly Hardware[], k: number): Hardware[] {
  return hw.map((h) => ({
    ...h,
    price: {
      ...(h.price.purchase ? { purchase: { ...h.price.purchase, value: (h.price.purchase.value * k) as never } } : {}),
      ...(h.price.rental ? { rental: { ...h.price.rental, value: (h.price.rental.value * k) as never } } : {}),
      ...(h.price.tco ? { tco: { ...h.price.tco, value: (h.price.tco.value * k) as never } } : {}),
    },
  }));
}

export function planFleet(req: FleetRequest): FleetPlan {
  // Sizing (capacity per replica, power, frontiers) depends on neither prices nor demand: once per
  // class and hardware. Each sensitivity row only prices it again (`hardware` in req.hardware's order).
  const sized = req.classes.map((c) => req.hardware.map((hw) => sizeHardware({ ...req, workload: c.workload, slo: c.slo }, hw)));
  // Frontiers only for the plan itself: the sensitivity rows read the cheapest options.
  const run = (hardware: readonly Hardware[], demand: number, frontiers = false) =>
    req.classes.map((c, i) => {
      const mine = sized[i]!;
      const options = hardware.flatMap((hw, j) => priceHardware(mine[j]!, hw, c.workload, c.peakRate * demand, req.cost));
      return { class: c.name, result: summarizePlan(options, frontiers ? mine.flatMap((s) => s.curves) : []) };
    });
  const perClass = run(req.hardware, 1, true);
  const { homogeneous, heterogeneous } = assemble(req, perClass);
  const all = [...homogeneous, ...(heterogeneous ? [heterogeneous] : [])].sort((a, b) => a.cost_usd_per_hour - b.cost_usd_per_hour);
  const k = req.sensitivity ?? 0.25;
  const sensitivity: SensitivityRow[] = [];
  const row = (change: string, hw: readonly Hardware[], demand: number) => {
    const pcs = run(hw, demand);
    const f = assemble({ ...req, hardware: hw }, pcs);
    if (!f.heterogeneous || !f.homogeneous[0]) return;
    sensitivity.push({
      change,
      heterogeneous_cost_usd_per_hour: f.heterogeneous.cost_usd_per_hour,
      heterogeneous_hardware: f.heterogeneous.hardware.join(" + "),
      cheapest_homogeneous: f.homogeneous[0].hardware.join(""),
      cheapest_homogeneous_cost_usd_per_hour: f.homogeneous[0].cost_usd_per_hour,
    });
  };
  if (k > 0) {
    row(`prices −${Math.round(k * 100)}%`, repriced(req.hardware, 1 - k), 1);
    row(`prices +${Math.round(k * 100)}%`, repriced(req.hardware, 1 + k), 1);
    row(`demand −${Math.round(k * 100)}%`, req.hardware, 1 - k);
    row(`demand +${Math.round(k * 100)}%`, req.hardware, 1 + k);
    // Each hardware alone cheaper by k: does the choice flip?
    for (const h of req.hardware) row(`${h.id} −${Math.round(k * 100)}%`, req.hardware.map((x) => (x.id === h.id ? repriced([x], 1 - k)[0]! : x)), 1);
  }
  return { perClass, homogeneous, heterogeneous, cheapest: all[0] ?? null, sensitivity };
}
