/**
 * Number formats for weights, KV cache and activations: storage bytes per element including
 * block-scale overhead, and which matrix-engine format a deployment computes in.
 * @module
 */

export const DTYPES = ["fp32", "bf16", "fp16", "fp8", "int8", "fp4", "mxfp4", "nvfp4", "int4"] as const;
export type Dtype = (typeof DTYPES)[number];

/** Formats a matrix engine is rated in (the hardware catalog's `compute` keys). */
export type ComputeDtype = "fp32" | "bf16" | "fp16" | "fp8" | "int8" | "fp4";

/**
 * Storage bytes per element, block scales included.
 * - fp8 / int8: per-tensor or per-channel scales, negligible (0).
 * - mxfp4: OCP MX, one 8-bit E8M0 scale per 32 elements → 0.5 + 1/32.
 * - nvfp4: one FP8 E4M3 scale per 16 elements (+ a per-tensor FP32 scale) → 0.5 + 1/16.
 * - fp4 (unspecified block format): taken as nvfp4's overhead, the larger of the two.
 * - int4: GPTQ/AWQ group size 128 with an fp16 scale and a packed 4-bit zero → 0.5 + 2.5/128.
 * Sources: OCP Microscaling Formats (MX) v1.0 spec; NVIDIA "Introducing NVFP4" (2025); AutoAWQ/GPTQ
 * group-128 defaults.
 */
export const BYTES_PER_ELEMENT: Readonly<Record<Dtype, number>> = {
  fp32: 4,
  bf16: 2,
  fp16: 2,
  fp8: 1,
  int8: 1,
  fp4: 0.5 + 1 / 16,
  mxfp4: 0.5 + 1 / 32,
  nvfp4: 0.5 + 1 / 16,
  int4: 0.5 + 2.5 / 128,
};

/** Accept the spellings found in measurement files and configs. */
const ALIASES: Readonly<Record<string, Dtype>> = {
  float32: "fp32",
  bfloat16: "bf16",
  float16: "fp16",
  half: "fp16",
  "fp8-e4m3": "fp8",
  e4m3: "fp8",
  float8: "fp8",
  w8a8: "int8",
  "fp4 (mxfp4)": "mxfp4",
  "fp4 (nvfp4)": "nvfp4",
  "int8/fp8 (8-bit per table)": "fp8",
  awq: "int4",
  gptq: "int4",
  w4a16: "int4",
};

/** Parse a dtype name case-insensitively; `undefined` when unknown. */
export function parseDtype(name: string): Dtype | undefined {
  const k = name.trim().toLowerCase();
  if ((DTYPES as readonly string[]).includes(k)) return k as Dtype;
  return ALIASES[k];
}

/** Is this a 4-bit format? */
export const isFp4 = (d: Dtype) => d === "fp4" || d === "mxfp4" || d === "nvfp4";

/** Is this an 8- or 4-bit matrix-engine format (GEMMs at `lowPrecisionGemm` of the 16-bit efficiency)? */
export const isLowPrecision = (d: ComputeDtype) => d === "fp8" || d === "fp4" || d === "int8";

/** Per weight format, the matrix-engine formats to try in order (native first, then dequantised). */
const COMPUTE_ORDER: Readonly<Record<Dtype, readonly ComputeDtype[]>> = {
  fp32: ["fp32", "bf16", "fp16"],
  bf16: ["bf16", "fp16"],
  fp16: ["fp16", "bf16"],
  fp8: ["fp8", "bf16", "fp16"],
  int8: ["int8", "fp8", "bf16", "fp16"],
  fp4: ["fp4", "fp8", "bf16", "fp16"],
  mxfp4: ["fp4", "fp8", "bf16", "fp16"],
  nvfp4: ["fp4", "fp8", "bf16", "fp16"],
  // GPTQ/AWQ int4 is weight-only: dequantised into 16-bit GEMMs.
  int4: ["bf16", "fp16"],
};

/**
 * The matrix-engine format a GEMM with weights in `weight` runs at on hardware whose rated
 * formats are `has`: native when supported (W8A8, W4A4), else weights are dequantised and the
 * GEMM runs in the best 16-bit (or 8-bit) format available (weight-only quantisation).
 */
export function computeDtypeFor(weight: Dtype, has: (d: ComputeDtype) => boolean): ComputeDtype {
  for (const d of COMPUTE_ORDER[weight]) if (has(d)) return d;
  for (const d of ["bf16", "fp16", "fp8", "int8", "fp32"] as const) if (has(d)) return d;
  return "bf16";
}
