/**
 * Catalog rows for the pickers and the Catalog view: hardware in datasheet units with every
 * source, dated prices and estimates flagged; models with published and counted parameters and
 * the source of their config. Custom entries are included and marked.
 * @module
 */
import {
  ARCHITECTURE_CLASSES,
  DTYPES,
  ENGINES,
  ROUTERS,
  SERVING_MODES,
  countParams,
  formatBandwidth,
  formatBytes,
  formatCount,
  formatFlops,
  isMoe,
  isSramClass,
  planSloOf,
  workloadCatalog,
  type ComputeDtype,
  type Hardware,
  type Model,
  type PriceQuote,
  type WorkloadPreset,
} from "@infersim/core";
import { contextFor } from "./context";
import { msOrNull } from "./format";
import type { CatalogData, CustomEntry, HardwareInfo, ModelInfo } from "./protocol";
import type { WorkloadInfo } from "./protocol-serving";

/** Every format a hardware file can rate (core `ComputeDtype`), narrowest first, as the CLI's catalog shows them all; a record, so a new format must be added here. */
const COMPUTE_ORDER: Readonly<Record<ComputeDtype, true>> = { fp4: true, fp8: true, int8: true, bf16: true, fp16: true, fp32: true };
const COMPUTE_KEYS = Object.keys(COMPUTE_ORDER) as ComputeDtype[];

function prices(hw: Hardware): HardwareInfo["prices"] {
  const out: { kind: string; value: string; date: string; source: string; estimate: boolean }[] = [];
  const add = (label: string, q: PriceQuote<number> | undefined, unit: string) => {
    if (q) out.push({ kind: q.kind ? `${label} (${q.kind})` : label, value: `$${q.value.toLocaleString("en-US")}${unit}`, date: q.date, source: q.source, estimate: q.estimate });
  };
  add("rental", hw.price.rental, "/h");
  add("purchase", hw.price.purchase, "");
  add("TCO", hw.price.tco, "/h");
  return out;
}

function hardwareInfo(hw: Hardware, custom: boolean): HardwareInfo {
  const compute = COMPUTE_KEYS.filter((k) => hw.peak[k] !== undefined).map((k) => `${k} ${formatFlops(hw.peak[k]!)}`);
  const mem = [
    hw.sram ? `SRAM ${formatBytes(hw.sram.capacity)}${hw.sram.bandwidth ? ` @ ${formatBandwidth(hw.sram.bandwidth)}` : ""}` : "",
    hw.memory ? `${hw.memory.type} ${formatBytes(hw.memory.capacity)} @ ${formatBandwidth(hw.memory.bandwidth)}` : "",
  ].filter(Boolean);
  return {
    id: hw.id,
    name: hw.name,
    group: custom ? "custom" : hw.class,
    custom,
    vendor: hw.vendor,
    class: hw.class,
    year: hw.year ?? null,
    compute: compute.join(", "),
    memory: mem.join("; "),
    scaleUp: `${hw.scaleUp.name}: ${formatBandwidth(hw.scaleUp.bandwidth)}, ${hw.scaleUp.domainSize} chips, ${hw.scaleUp.topology}`,
    power: `${Math.round(hw.power.tdp)} W TDP, ${Math.round(hw.power.idle)} W idle`,
    prices: prices(hw),
    sources: Object.entries(hw.sources).map(([group, refs]) => ({ group, refs })),
    estimates: Object.entries(hw.estimates).map(([field, why]) => ({ field, why })),
    confidence: hw.confidence,
  };
}

function modelInfo(m: Model, custom: boolean): ModelInfo {
  const counted = countParams(m);
  const moe = m.layers.find((g) => g.ffn.kind === "moe")?.ffn;
  const pub = m.published;
  return {
    id: m.id,
    name: m.name,
    group: custom ? "custom" : isMoe(m) ? "mixture of experts" : "dense",
    custom,
    architecture: m.architecture,
    attention: `${m.attention.kind.toUpperCase()} ${m.attention.numHeads}/${m.attention.numKvHeads} heads`,
    layers: m.numLayers,
    moe: moe && moe.kind === "moe" ? `${moe.experts} experts, top-${moe.topK}` : "dense",
    defaultPrecision: m.defaultWeightDtype,
    maxContext: m.maxContext,
    counted: counted.active !== counted.total ? `${formatCount(counted.total)} (${formatCount(counted.active)} active)` : formatCount(counted.total),
    published: pub ? (pub.activeParams ? `${formatCount(pub.totalParams)} (${formatCount(pub.activeParams)} active)` : formatCount(pub.totalParams)) : "",
    publishedSource: pub?.source ?? "",
    configSource: m.source ?? "",
  };
}

/** A workload preset for the pickers: its default rate and the plan SLO it implies. */
function workloadInfo(w: WorkloadPreset): WorkloadInfo {
  const slo = planSloOf(w.slo);
  return { id: w.id, name: w.name, kind: w.kind, description: w.description, rate: w.arrival?.rate ?? null, ttftP99Ms: msOrNull(slo.ttftP99), tpotP99Ms: msOrNull(slo.tpotP99) };
}

/** The catalogs with `custom` added, for the pickers and the Catalog view. */
export function catalogData(custom: readonly CustomEntry[]): CatalogData {
  const ctx = contextFor(custom);
  return {
    hardware: ctx.hardware.list().map((h) => hardwareInfo(h, ctx.customIds.has(h.id))),
    models: ctx.models.list().map((m) => modelInfo(m, ctx.customIds.has(m.id))),
    dtypes: DTYPES,
    engines: ENGINES,
    classes: ARCHITECTURE_CLASSES.map((id) => ({ id, sram: isSramClass(id) })),
    workloads: workloadCatalog().list().map(workloadInfo),
    servingModes: SERVING_MODES,
    routers: ROUTERS,
    customErrors: ctx.errors,
  };
}
