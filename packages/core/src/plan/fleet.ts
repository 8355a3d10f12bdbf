/**
 * Fleet planning: a demand mix (classes of traffic, each a workload at a peak rate with an SLO)
 * → the cheapest fleet meeting every class's SLO, homogeneous (one hardware for everything) and
 * heterogeneous (each class on its cheapest hardware), with chips, power, capex, opex, $/Mtok at
 * peak and at average load, and a sensitivity table (prices and demand ±).
 * @module
 */
import type { Hardware } from "../hardware/hardware.js";
import type { PlanSlo } from "./capacity.js";
import { plan, type PlanOption, type PlanRequest, type PlanResult } from "./search.js";
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
  /** Facility: host/network power per chip as a fraction of chip power (default 0.3) and PUE (default 1.3). */
  readonly hostFraction?: number;
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
  const host = req.hostFraction ?? 0.3;
  const pue = req.pue ?? 1.3;
  let cost = 0;
  let capex: number | null = 0;
  let power = 0;
  let chips = 0;
  let peakTok = 0;
  let avgTok = 0;
  for (const l of lines) {
    const c = req.classes.find((x) => x.name === l.class)!;
    cost += l.option.cost_usd_per_hour ?? Infinity;
    capex = capex !== null && l.option.capex_usd !== null ? capex + l.option.capex_usd : null;
    power += l.option.power_kw;
    chips += l.option.chips_total;
    peakTok += c.peakRate * c.workload.meanOutput * 3600;
    avgTok += (c.averageRate ?? c.peakRate) * c.workload.meanOutput * 3600;
  }
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    name,
    lines,
    chips,
    cost_usd_per_hour: r3(cost),
    capex_usd: capex,
    power_kw: r3(power),
    facility_mw: r3((power * (1 + host) * pue) / 1000),
    cost_usd_per_mtok_peak: r3((cost / peakTok) * 1e6),
    cost_usd_per_mtok_average: r3((cost / avgTok) * 1e6),
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
  const run = (hardware: readonly Hardware[], demand: number) =>
    req.classes.map((c) => ({ class: c.name, result: plan({ ...req, hardware, workload: c.workload, rate: c.peakRate * demand, slo: c.slo }) }));
  const perClass = run(req.hardware, 1);
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
