#!/usr/bin/env node
// Fit efficiency factors from per-kernel timings (`npm run fit-kernels`): the share of the ideal
// low-precision speed-up that kernels reach, from the tables in data/kernels — `fourBitGemm`
// (dense NVFP4 over FP8 GEMMs) on Blackwell from TensorRT-LLM's GEMM tables, `moeLowPrecision`
// (8-bit experts) on Hopper from TensorRT-LLM's FP8 MoE kernels, `moeFourBit` (4-bit experts) on
// Blackwell from NVFP4 MoE kernels. Writes the fit report (data/kernels/low-precision-fit.json)
// and the families' priors in packages/core/catalog/efficiency-priors.json; run
// `npm run calibrate` afterwards, and repeat both until the values stop moving.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { fitFourBitGemm, fitMoeLowPrecision, hardwareCatalog, modelCatalog, round, unwrap } from "../packages/core/dist/src/index.js";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const rel = (p) => path.relative(root, p);
const ORIGIN = "AIConfigurator silicon database, commit 095f58a, Apache-2.0";
const ORIGIN_PATH = "github ai-dynamo/aiconfigurator, aic-core/src/aiconfigurator_core/systems/data";

/** Where each hardware's kernel tables live under data/kernels. */
const KERNEL_DIR = { b200: "b200_sxm", gb200: "gb200", "h100-sxm": "h100_sxm", "h200-sxm": "h200_sxm" };
/** The same table (by file name) for each of `hardware`. */
const tablesOf = (hardware, name) => hardware.map((h) => ({ hardware: h, file: `data/kernels/${KERNEL_DIR[h]}/${name}.parquet` }));

/**
 * One fit: a family's factor from one format's kernel pairs (low precision vs the reference format
 * of the same shape and kernel family). `backend` maps a table's `kernel_source` to the kernel
 * family a pair must share, or to undefined to leave the row out; `uses` names factors fitted
 * earlier in this run that this fit holds at their fitted value.
 * Blackwell's MoE fit uses vLLM 0.24's tables: they are the only Blackwell tables with NVFP4 and bf16
 * twins, and their `kernel_source` records FlashInfer's TensorRT-LLM kernels — the TensorRT-LLM-gen
 * MoE kernels (`flashinfer_trtllm`) and TensorRT-LLM's CUTLASS MoE kernels ported to FlashInfer
 * (`flashinfer_cutlass`; FlashInfer PR 1113 "Add CUTLASS fused moe kernels from TensorRT-LLM").
 */
const FITS = [
  {
    family: "nvidia-blackwell",
    key: "fourBitGemm",
    kind: "gemm",
    format: { table: "nvfp4", dtype: "fp4" },
    what: "compute-bound NVFP4/FP8 dense GEMM pairs on B200 and GB200 (TensorRT-LLM 1.3.0rc20 tables)",
    tables: tablesOf(["b200", "gb200"], "trtllm-1.3.0rc20-gemm_perf"),
  },
  {
    family: "nvidia-hopper",
    key: "moeLowPrecision",
    kind: "moe",
    format: { table: "fp8", dtype: "fp8" },
    // The gated CUTLASS kernels (the base model's experts are gated); the non-gated ones time another shape.
    backend: (s) => (s === "moe_torch_flow_cutlass" ? "cutlass" : undefined),
    what: "FP8/bf16 MoE kernel pairs on H100 and H200 (TensorRT-LLM 1.3.0rc20 tables, gated CUTLASS kernels)",
    tables: tablesOf(["h100-sxm", "h200-sxm"], "trtllm-1.3.0rc20-moe_perf"),
  },
  {
    family: "nvidia-blackwell",
    key: "moeFourBit",
    kind: "moe",
    format: { table: "nvfp4", dtype: "fp4" },
    backend: (s) => (/flashinfer_trtllm/.test(s) ? "trtllm-gen" : /flashinfer_cutlass/.test(s) ? "cutlass" : undefined),
    uses: ["fourBitGemm"],
    what: "NVFP4/bf16 MoE kernel pairs on B200 and GB200 (vLLM 0.24.0 tables: FlashInfer's TensorRT-LLM-gen and CUTLASS MoE kernels, each paired within its family)",
    tables: tablesOf(["b200", "gb200"], "vllm-0.24.0-moe_perf"),
  },
];
/** Catalog models whose block shapes the kernels share (gated experts, no biases; a dense MLP); their widths are replaced per row. */
const BASE_MODEL = { moe: "mixtral-8x7b", gemm: "llama-3.1-8b" };

async function readTable(file, kind) {
  const buf = fs.readFileSync(path.join(root, file));
  const rows = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength), compressors });
  if (kind === "gemm") return rows.map((r) => ({ dtype: String(r.gemm_dtype), m: Number(r.m), n: Number(r.n), k: Number(r.k), latencyMs: Number(r.latency) }));
  return rows.map((r) => ({
    dtype: String(r.moe_dtype),
    tokens: Number(r.num_tokens),
    hidden: Number(r.hidden_size),
    inter: Number(r.inter_size),
    topK: Number(r.topk),
    experts: Number(r.num_experts),
    tp: Number(r.moe_tp_size),
    ep: Number(r.moe_ep_size),
    distribution: String(r.distribution),
    source: String(r.kernel_source),
    latencyMs: Number(r.latency),
  }));
}

const base = { moe: unwrap(modelCatalog().get(BASE_MODEL.moe)), gemm: unwrap(modelCatalog().get(BASE_MODEL.gemm)) };
const priorsFile = path.join(root, "packages/core/catalog/efficiency-priors.json");
const priors = JSON.parse(fs.readFileSync(priorsFile, "utf8"));
priors.families ??= {};
/** Values fitted so far in this run, per family. */
const fitted = {};
const report = {
  $comment: "Written by `npm run fit-kernels` (scripts/fit-kernels.mjs). Each factor = measured low-precision speed-up over the reference format (bf16 for MoE kernels, FP8 for dense GEMMs), divided by the speed-up infersim's step model gives the same op; the median over the pairs of its tables. Do not edit by hand.",
  source: `${ORIGIN} (${ORIGIN_PATH})`,
  baseModel: BASE_MODEL,
  fits: [],
};
for (const f of FITS) {
  const tables = [];
  for (const t of f.tables) tables.push({ file: t.file, hardware: unwrap(hardwareCatalog().get(t.hardware)), rows: await readTable(t.file, f.kind) });
  const fixed = {};
  for (const k of f.uses ?? []) {
    const v = fitted[f.family]?.[k];
    if (v === undefined) throw new Error(`${f.family} ${f.key} uses ${k}, which is not fitted before it`);
    fixed[k] = v;
  }
  const pooled = f.kind === "gemm" ? fitFourBitGemm(tables, base.gemm, f.format) : fitMoeLowPrecision(tables, base.moe, { format: f.format, fixed, backend: f.backend });
  if (!pooled) throw new Error(`${f.family} ${f.key}: no ${f.format.table} kernel pairs to fit`);
  // Per table, for the report only: the prior is the pooled median. A table without pairs is reported with n 0.
  const perTable = tables.map((t, i) => ({ hardware: t.hardware.id, table: t.file, ...(pooled.perTable[i] ?? { n: 0 }) }));
  const value = round(pooled.value, 3);
  (fitted[f.family] ??= {})[f.key] = value;
  report.fits.push({ family: f.family, factor: f.key, format: f.format.table, value, pairs: pooled.n, p25: pooled.p25, p75: pooled.p75, tables: perTable });
  (priors.families[f.family] ??= {})[f.key] = { value, source: `fitted to ${pooled.n} ${f.what}; ${ORIGIN}; data/kernels/low-precision-fit.json; npm run fit-kernels` };
  for (const t of perTable) console.log(t.n ? `${f.family} ${f.key} ${t.hardware}: median ${t.value.toFixed(3)} (p25 ${t.p25.toFixed(3)}, p75 ${t.p75.toFixed(3)}) over ${t.n} pairs` : `${t.hardware}: no pairs`);
  console.log(`${f.family} ${f.key} = ${value}`);
}
fs.writeFileSync(path.join(root, "data/kernels/low-precision-fit.json"), JSON.stringify(report, null, 2) + "\n");
fs.writeFileSync(priorsFile, JSON.stringify(priors, null, 2) + "\n");
console.log(`→ ${rel(priorsFile)}; report data/kernels/low-precision-fit.json. Run npm run calibrate next.`);
