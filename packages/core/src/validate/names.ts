/**
 * Names used in published measurement files → catalog entries. Most resolve through the catalog's
 * aliases; the rest are listed here with the assumption each one makes (data/measurements/names.md).
 * @module
 */
import { hardwareCatalog, modelCatalog } from "../catalog/catalog.js";
import { parseDtype, type Dtype } from "../dtype.js";
import type { Hardware } from "../hardware/hardware.js";
import type { Model } from "../model/model.js";

export interface HardwareName {
  readonly hardware: Hardware;
  /** Catalog chips per named unit (a dual-GPU card is two). */
  readonly chipsPerUnit: number;
  readonly assumption?: string;
}

/** Names that do not pin one catalog entry, with the choice made and why. */
const HARDWARE_SPECIAL: Readonly<Record<string, { id: string; chipsPerUnit?: number; assumption: string }>> = {
  "a100 (memory size not stated)": { id: "a100-sxm-40gb", assumption: "A100 variant not stated: SXM4-40GB assumed, the A100 of ALCF's Polaris nodes (docs.alcf.anl.gov/polaris/hardware-overview/machine-overview), Argonne's GPU system" },
  "h100 (form factor not stated)": { id: "h100-sxm", assumption: "H100 form factor not stated: SXM5-80GB assumed" },
  mi250: { id: "mi250-gcd", assumption: "MI250 counted per GCD (one of the package's two dies), as the source counts devices" },
  "intel-arc-pro-b60-dual-48gb": { id: "intel-arc-pro-b60", chipsPerUnit: 2, assumption: "a dual card is two B60 GPUs of 24 GB on separate PCIe links" },
};

export function resolveHardwareName(name: string): HardwareName | undefined {
  const special = HARDWARE_SPECIAL[name.trim().toLowerCase()];
  if (special) {
    const hw = hardwareCatalog().find(special.id);
    return hw ? { hardware: hw, chipsPerUnit: special.chipsPerUnit ?? 1, assumption: special.assumption } : undefined;
  }
  const hw = hardwareCatalog().find(name);
  return hw ? { hardware: hw, chipsPerUnit: 1 } : undefined;
}

export function resolveModelName(name: string): Model | undefined {
  return modelCatalog().find(name) ?? modelCatalog().find(name.replace(/\s*\(.*\)\s*$/, ""));
}

export interface PrecisionName {
  readonly dtype?: Dtype;
  readonly assumption?: string;
}

/** Precision names of measurement files; empty = not stated (the model's release format is used). */
export function resolvePrecisionName(name: string, model: Model): PrecisionName | undefined {
  const n = name.trim();
  if (n === "") return { dtype: model.defaultWeightDtype, assumption: `precision not stated: the model's release format (${model.defaultWeightDtype}) assumed` };
  const d = parseDtype(n);
  return d ? { dtype: d } : undefined;
}
