/**
 * Cost per hour of a deployment: rental (USD per chip-hour, dated and sourced in the catalog) or
 * ownership (capex amortised over years + power at the operating point × PUE × electricity price,
 * with a host/network/rack overhead). Every assumption is a field with a default declared here.
 * @module
 */
import type { Hardware } from "../hardware/hardware.js";

export interface OwnershipAssumptions {
  /** Purchase price per chip, USD (default: catalog purchase price). */
  readonly capexUsdPerChip?: number;
  /** Amortisation period, years (default 4). */
  readonly years?: number;
  /** Host, networking and rack capex as a fraction of chip capex (default 0.3, estimate). */
  readonly systemOverhead?: number;
  /** Power usage effectiveness (default 1.3, estimate between hyperscale ~1.1 and the 2024 industry average ~1.56, Uptime Institute). */
  readonly pue?: number;
  /** Electricity price, USD per kWh (default 0.08, US industrial average 2024, EIA Electric Power Monthly). */
  readonly usdPerKwh?: number;
  /** Host and network power per chip beyond the chip itself, W (default: catalog all-in minus TDP, else 30% of TDP). */
  readonly hostWattsPerChip?: number;
}

export type CostBasis =
  | { readonly kind: "rental"; readonly usdPerChipHour?: number }
  | ({ readonly kind: "ownership" } & OwnershipAssumptions)
  | { readonly kind: "tco"; readonly usdPerChipHour?: number };

export const OWNERSHIP_DEFAULTS = { years: 4, systemOverhead: 0.3, pue: 1.3, usdPerKwh: 0.08, hostFraction: 0.3 } as const;

export interface HourlyCost {
  /** USD per hour for all chips; `undefined` when no price is known for this basis. */
  readonly usdPerHour: number | undefined;
  /** Which basis was used, in words, e.g. "rental $2.95/chip-h (2026-05)". */
  readonly basis: string;
  readonly capexUsdPerHour?: number;
  readonly energyUsdPerHour?: number;
  readonly warning?: string;
}

/** Host, network and rack power per chip beyond the chip itself, W: as assumed, else the catalog's all-in power minus TDP, else 30% of TDP. */
export function hostWattsPerChip(hw: Hardware, a: OwnershipAssumptions = {}): number {
  return a.hostWattsPerChip ?? (hw.power.allIn !== undefined ? Math.max(0, hw.power.allIn - hw.power.tdp) : OWNERSHIP_DEFAULTS.hostFraction * hw.power.tdp);
}

/** Facility power of `chips` chips drawing `chipWatts` W together: chips + their hosts, times PUE (W). */
export function facilityWatts(hw: Hardware, chips: number, chipWatts: number, a: OwnershipAssumptions = {}): number {
  return (chipWatts + chips * hostWattsPerChip(hw, a)) * (a.pue ?? OWNERSHIP_DEFAULTS.pue);
}

/** USD per million output tokens at `usdPerHour` for `outputTokensPerSecond`. */
export function costPerMillionTokens(usdPerHour: number, outputTokensPerSecond: number): number {
  return (usdPerHour / (outputTokensPerSecond * 3600)) * 1e6;
}

/** Ownership cost per chip-hour: capex share + electricity at `powerPerChip` watts. */
export function ownershipPerChipHour(hw: Hardware, powerPerChip: number, a: OwnershipAssumptions = {}): { capex: number; energy: number } | undefined {
  const capex = a.capexUsdPerChip ?? hw.price.purchase?.value;
  if (capex === undefined) return undefined;
  const years = a.years ?? OWNERSHIP_DEFAULTS.years;
  const overhead = a.systemOverhead ?? OWNERSHIP_DEFAULTS.systemOverhead;
  const host = hostWattsPerChip(hw, a);
  const pue = a.pue ?? OWNERSHIP_DEFAULTS.pue;
  const kwh = a.usdPerKwh ?? OWNERSHIP_DEFAULTS.usdPerKwh;
  return { capex: (capex * (1 + overhead)) / (years * 8760), energy: ((powerPerChip + host) / 1000) * pue * kwh };
}

/**
 * Hourly cost of `chips` chips. Rental is the default; without a rental price the ownership cost
 * is used (and said so), then the owner-TCO figure from the catalog.
 */
export function costPerHour(hw: Hardware, chips: number, powerPerChip: number, basis: CostBasis = { kind: "rental" }): HourlyCost {
  const own = () => {
    const a: OwnershipAssumptions = basis.kind === "ownership" ? basis : {};
    const o = ownershipPerChipHour(hw, powerPerChip, a);
    if (!o) return undefined;
    return {
      usdPerHour: (o.capex + o.energy) * chips,
      basis: `ownership $${(o.capex + o.energy).toFixed(2)}/chip-h (capex over ${a.years ?? OWNERSHIP_DEFAULTS.years} y + power)`,
      capexUsdPerHour: o.capex * chips,
      energyUsdPerHour: o.energy * chips,
    };
  };
  if (basis.kind === "ownership") {
    return own() ?? { usdPerHour: undefined, basis: "ownership", warning: `no purchase price for ${hw.id}: pass capexUsdPerChip` };
  }
  if (basis.kind === "tco") {
    const v = basis.usdPerChipHour ?? hw.price.tco?.value;
    if (v !== undefined) return { usdPerHour: v * chips, basis: `owner TCO $${v.toFixed(2)}/chip-h${hw.price.tco ? ` (${hw.price.tco.date})` : ""}` };
    return { usdPerHour: undefined, basis: "tco", warning: `no TCO figure for ${hw.id}` };
  }
  const r = basis.usdPerChipHour ?? hw.price.rental?.value;
  if (r !== undefined) {
    const q = hw.price.rental;
    return { usdPerHour: r * chips, basis: `rental $${r.toFixed(2)}/chip-h${basis.usdPerChipHour === undefined && q ? ` (${q.date}${q.estimate ? ", estimate" : ""})` : ""}` };
  }
  const o = own();
  if (o) return { ...o, warning: `no rental price for ${hw.id}; cost uses ownership (purchase ${hw.price.purchase?.date ?? ""})` };
  const t = hw.price.tco?.value;
  if (t !== undefined) return { usdPerHour: t * chips, basis: `owner TCO $${t.toFixed(2)}/chip-h`, warning: `no rental price for ${hw.id}; cost uses owner TCO` };
  return { usdPerHour: undefined, basis: "none", warning: `no price known for ${hw.id}: pass a rental or capex price` };
}
