/**
 * The hardware file format: what the catalog's JSON files and a user's `--hardware my-chip.yaml`
 * hold. Numbers are in datasheet units named in the field (TFLOP/s, GB, TB/s, µs, W, USD) and
 * converted to SI by `parseHardware`. Every numeric group carries sources; estimates are listed.
 * @module
 */
import { z } from "zod";

const pos = z.number().positive();
const nonneg = z.number().nonnegative();

export const ARCHITECTURE_CLASSES = ["gpu-hbm", "asic-hbm", "wafer-sram", "lpu-sram", "rdu-hybrid"] as const;
export type ArchitectureClass = (typeof ARCHITECTURE_CLASSES)[number];

/** A dated price with its source. */
const priceQuote = z.strictObject({
  /** Value in USD (purchase) or USD per chip-hour (rental, TCO). */
  value: pos,
  /** When the price was observed, e.g. "2026-05". */
  date: z.string().min(1),
  /** URL or document. */
  source: z.string().min(1),
  /** What the quote is: list, street, cloud on-demand median, estimate… */
  kind: z.string().optional(),
  estimate: z.boolean().optional(),
});

export const hardwareFileSchema = z.strictObject({
  /** Slug used on the command line, e.g. `h100-sxm`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "id must be a lowercase slug (a-z, 0-9, '.', '-')"),
  name: z.string().min(1),
  vendor: z.string().min(1),
  /** Other names that resolve to this entry (case-insensitive), e.g. `H100-SXM-80GB`. */
  aliases: z.array(z.string().min(1)).default([]),
  class: z.enum(ARCHITECTURE_CLASSES),
  /** Efficiency family for calibrated parameters, e.g. `nvidia-hopper`; defaults to the class's. */
  family: z.string().min(1).optional(),
  year: z.number().int().min(2000).max(2100).optional(),
  /** Dense peak matrix throughput per chip, TFLOP/s (int8 in TOPS). No sparsity. */
  compute: z
    .strictObject({
      fp32: pos.optional(),
      bf16: pos.optional(),
      fp16: pos.optional(),
      fp8: pos.optional(),
      fp4: pos.optional(),
      int8: pos.optional(),
      /** Non-matrix (vector) throughput for softmax/norms, TFLOP/s. */
      vector: pos.optional(),
    })
    .refine((c) => c.bf16 !== undefined || c.fp16 !== undefined || c.fp8 !== undefined || c.int8 !== undefined, {
      message: "compute needs at least one of bf16, fp16, fp8, int8",
    }),
  /** On-chip SRAM usable for weights and KV (SRAM classes) or as cache. */
  sram: z
    .strictObject({
      capacityMB: pos,
      bandwidthTBps: pos.optional(),
    })
    .optional(),
  /**
   * Off-chip memory (HBM, GDDR, LPDDR; MemoryX for wafer-scale). `capacityGB` is the vendor label,
   * read as binary gigabytes: memory is built in binary sizes and the labels match the totals
   * drivers report (an "80GB" H100 shows 81,559 MiB in nvidia-smi; an "80GB" A100 81,920 MiB).
   */
  memory: z
    .strictObject({
      type: z.string().min(1),
      capacityGB: pos,
      bandwidthTBps: pos,
    })
    .optional(),
  /** Scale-up interconnect (NVLink, Infinity Fabric, ICI, C2C, wafer-to-wafer). */
  scaleUp: z.strictObject({
    name: z.string().min(1),
    /** Per chip, one direction, GB/s. */
    bandwidthGBps: pos,
    /** Per hop / per collective step latency, µs. */
    latencyUs: pos,
    /** Chips in one scale-up domain. */
    domainSize: z.number().int().positive(),
    topology: z.enum(["switch", "mesh", "torus", "ring", "dragonfly", "ethernet"]),
  }),
  /** Scale-out network per chip, one direction. */
  scaleOut: z
    .strictObject({
      bandwidthGbps: pos,
      latencyUs: pos,
    })
    .optional(),
  power: z.strictObject({
    /** Board/chip TDP (or per system for wafer-scale, where a chip is a system), W. */
    tdpW: pos,
    /** Idle power, W. */
    idleW: nonneg,
    /** All-in power per chip including host, network and cooling share (kW), when known. */
    allInKW: pos.optional(),
  }),
  price: z
    .strictObject({
      purchaseUsd: priceQuote.optional(),
      rentalUsdPerHour: priceQuote.optional(),
      tcoUsdPerHour: priceQuote.optional(),
    })
    .default({}),
  system: z
    .strictObject({
      chipsPerNode: z.number().int().positive(),
      description: z.string().optional(),
    })
    .optional(),
  /** Field group → URLs or documents. */
  sources: z.record(z.string(), z.array(z.string().min(1)).min(1)),
  /** Field path → why it is an estimate. */
  estimates: z.record(z.string(), z.string()).default({}),
  confidence: z.enum(["high", "medium", "low"]).default("medium"),
  notes: z.string().optional(),
});

/** The hardware file as written (datasheet units). */
export type HardwareFile = z.input<typeof hardwareFileSchema>;
