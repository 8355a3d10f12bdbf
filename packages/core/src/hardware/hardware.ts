/**
 * The Hardware type (SI units) and its parser from the file format in `schema.ts`.
 * Architecture classes differ in data and in a few hooks (`weightStore`, `isSram`), not in code
 * copies: every class runs through the same step-cost model.
 * @module
 */
import { atPath, ok, fail, type Result } from "../errors.js";
import { zodIssues } from "../io/zod-issues.js";
import type { ComputeDtype } from "../dtype.js";
import {
  gib,
  gbitps,
  gbps,
  mb,
  tbps,
  tflops,
  us,
  watts,
  kw,
  usd,
  usdPerHour,
  type Bytes,
  type BytesPerSecond,
  type FlopsPerSecond,
  type Seconds,
  type Usd,
  type UsdPerHour,
  type Watts,
} from "../units.js";
import { hardwareFileSchema, type ArchitectureClass, type HardwareFile } from "./schema.js";

export interface PriceQuote<Q extends number> {
  readonly value: Q;
  readonly date: string;
  readonly source: string;
  readonly kind?: string;
  readonly estimate: boolean;
}

export interface Hardware {
  readonly id: string;
  readonly name: string;
  readonly vendor: string;
  readonly aliases: readonly string[];
  readonly class: ArchitectureClass;
  /** Efficiency family for calibrated parameters (e.g. `nvidia-hopper`). */
  readonly family: string;
  readonly year?: number;
  /** Dense peak matrix throughput per format. */
  readonly peak: Readonly<Partial<Record<ComputeDtype, FlopsPerSecond>>>;
  /** On-chip SRAM (holds weights and KV on SRAM classes). */
  readonly sram?: { readonly capacity: Bytes; readonly bandwidth?: BytesPerSecond };
  /** Off-chip memory (HBM, GDDR, external MemoryX on wafer-scale). */
  readonly memory?: { readonly type: string; readonly capacity: Bytes; readonly bandwidth: BytesPerSecond };
  readonly scaleUp: {
    readonly name: string;
    /** Per chip, one direction. */
    readonly bandwidth: BytesPerSecond;
    /** Per hop / per collective step. */
    readonly latency: Seconds;
    readonly domainSize: number;
    readonly topology: string;
  };
  readonly scaleOut?: { readonly bandwidth: BytesPerSecond; readonly latency: Seconds };
  readonly power: { readonly tdp: Watts; readonly idle: Watts; readonly allIn?: Watts };
  readonly price: {
    readonly purchase?: PriceQuote<Usd>;
    readonly rental?: PriceQuote<UsdPerHour>;
    readonly tco?: PriceQuote<UsdPerHour>;
  };
  readonly chipsPerNode: number;
  readonly sources: Readonly<Record<string, readonly string[]>>;
  readonly estimates: Readonly<Record<string, string>>;
  readonly confidence: "high" | "medium" | "low";
  readonly notes?: string;
}

/** Default efficiency family per class, used when a file names none. */
const CLASS_FAMILY: Readonly<Record<ArchitectureClass, string>> = {
  "gpu-hbm": "gpu-default",
  "asic-hbm": "asic-default",
  "wafer-sram": "cerebras-wafer",
  "lpu-sram": "groq-lpu",
  "rdu-hybrid": "sambanova-rdu",
};

/** Do weights and KV live in on-chip SRAM on this class? */
export const isSramClass = (cls: ArchitectureClass) => cls === "wafer-sram" || cls === "lpu-sram";

/** Do weights and KV live in on-chip SRAM on this chip? */
export const isSram = (hw: Hardware) => isSramClass(hw.class);

/**
 * Where weights and KV are held and streamed from: SRAM on SRAM classes, off-chip memory
 * otherwise. `undefined` when the file gives no usable store.
 */
export function weightStore(hw: Hardware): { capacity: Bytes; bandwidth: BytesPerSecond } | undefined {
  if (isSram(hw)) {
    if (!hw.sram) return undefined;
    // SRAM bandwidth is rarely published per chip; missing means "not a limit": use 100 TB/s.
    return { capacity: hw.sram.capacity, bandwidth: hw.sram.bandwidth ?? tbps(100) };
  }
  return hw.memory ? { capacity: hw.memory.capacity, bandwidth: hw.memory.bandwidth } : undefined;
}

/**
 * Dense 16-bit peak (the reference for attention and utilisation), else the best rated format.
 * The schema requires one of these four; 1 FLOP/s stands in only for hand-built objects without.
 */
export const peak16 = (hw: Hardware): FlopsPerSecond => hw.peak.bf16 ?? hw.peak.fp16 ?? hw.peak.fp8 ?? hw.peak.int8 ?? (1 as FlopsPerSecond);

function quote<Q extends number>(q: NonNullable<HardwareFile["price"]>["purchaseUsd"], conv: (n: number) => Q): PriceQuote<Q> | undefined {
  if (!q) return undefined;
  return { value: conv(q.value), date: q.date, source: q.source, ...(q.kind ? { kind: q.kind } : {}), estimate: q.estimate ?? false };
}

/** Parse a hardware file (already decoded from JSON/YAML) into SI units, collecting every issue. */
export function parseHardware(input: unknown, pathPrefix = ""): Result<Hardware> {
  const r = hardwareFileSchema.safeParse(input);
  if (!r.success) return fail(...zodIssues(r.error, input, pathPrefix));
  const f = r.data;
  const issues = [];
  const sram = isSramClass(f.class);
  if (sram && !f.sram) issues.push({ path: atPath(pathPrefix, "sram"), message: `class ${f.class} keeps weights in SRAM and needs an sram section` });
  if (!sram && !f.memory) issues.push({ path: atPath(pathPrefix, "memory"), message: `class ${f.class} keeps weights in off-chip memory and needs a memory section` });
  if (issues.length) return fail(...issues);
  const peak: Partial<Record<ComputeDtype, FlopsPerSecond>> = {};
  for (const k of ["fp32", "bf16", "fp16", "fp8", "fp4", "int8"] as const) {
    const v = f.compute[k];
    if (v !== undefined) peak[k] = tflops(v);
  }
  const purchase = quote(f.price.purchaseUsd, usd);
  const rental = quote(f.price.rentalUsdPerHour, usdPerHour);
  const tco = quote(f.price.tcoUsdPerHour, usdPerHour);
  const hw: Hardware = {
    id: f.id,
    name: f.name,
    vendor: f.vendor,
    aliases: f.aliases,
    class: f.class,
    family: f.family ?? CLASS_FAMILY[f.class],
    ...(f.year !== undefined ? { year: f.year } : {}),
    peak,
    ...(f.sram ? { sram: { capacity: mb(f.sram.capacityMB), ...(f.sram.bandwidthTBps ? { bandwidth: tbps(f.sram.bandwidthTBps) } : {}) } } : {}),
    ...(f.memory ? { memory: { type: f.memory.type, capacity: gib(f.memory.capacityGB), bandwidth: tbps(f.memory.bandwidthTBps) } } : {}),
    scaleUp: {
      name: f.scaleUp.name,
      bandwidth: gbps(f.scaleUp.bandwidthGBps),
      latency: us(f.scaleUp.latencyUs),
      domainSize: f.scaleUp.domainSize,
      topology: f.scaleUp.topology,
    },
    ...(f.scaleOut ? { scaleOut: { bandwidth: gbitps(f.scaleOut.bandwidthGbps), latency: us(f.scaleOut.latencyUs) } } : {}),
    power: { tdp: watts(f.power.tdpW), idle: watts(f.power.idleW), ...(f.power.allInKW ? { allIn: kw(f.power.allInKW) } : {}) },
    price: { ...(purchase ? { purchase } : {}), ...(rental ? { rental } : {}), ...(tco ? { tco } : {}) },
    // Estimate when the file gives none: 8 accelerators per server (HGX/DGX H100 and B200 boards,
    // AMD MI300X and Gaudi 3 platforms), fewer when the scale-up domain is smaller.
    chipsPerNode: f.system?.chipsPerNode ?? Math.min(8, f.scaleUp.domainSize),
    sources: f.sources,
    estimates: f.estimates,
    confidence: f.confidence,
    ...(f.notes ? { notes: f.notes } : {}),
  };
  return ok(hw);
}
