#!/usr/bin/env node
// Fit efficiency factors from per-kernel timings (`npm run fit-kernels`): today the share of the
// ideal FP8 speed-up that grouped MoE kernels reach on Hopper (`moeLowPrecision`), from the
// TensorRT-LLM MoE tables for H100 and H200 in data/kernels. Writes the fit report
// (data/kernels/moe-low-precision-fit.json) and the family's prior in
// packages/core/catalog/efficiency-priors.json; run `npm run calibrate` afterwards.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { fitMoeLowPrecision, hardwareCatalog, modelCatalog, unwrap } from "../packages/core/dist/src/index.js";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const rel = (p) => path.relative(root, p);

/** The family's tables: hardware id and parquet file. */
const TABLES = [
  { hardware: "h100-sxm", file: "data/kernels/h100_sxm/trtllm-1.3.0rc20-moe_perf.parquet" },
  { hardware: "h200-sxm", file: "data/kernels/h200_sxm/trtllm-1.3.0rc20-moe_perf.parquet" },
];
const FAMILY = "nvidia-hopper";
/** A catalog MoE model whose block shape (gated experts, no biases) the kernels share; its widths are replaced per row. */
const BASE_MODEL = "mixtral-8x7b";

async function readTable(file) {
  const buf = fs.readFileSync(path.join(root, file));
  const rows = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength), compressors });
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
    latencyMs: Number(r.latency),
  }));
}

const base = unwrap(modelCatalog().get(BASE_MODEL));
const tables = [];
for (const t of TABLES) tables.push({ file: t.file, hardware: unwrap(hardwareCatalog().get(t.hardware)), rows: await readTable(t.file) });
const pooled = fitMoeLowPrecision(tables, base);
if (!pooled) throw new Error("no FP8/bf16 kernel pairs to fit");
// Per table, for the report only: the prior is the pooled median.
// A table without pairs (none of its shapes has both formats) is reported with n 0.
const perTable = tables.map((t, i) => ({ hardware: t.hardware.id, table: t.file, ...(pooled.perTable[i] ?? { n: 0 }) }));
const value = Math.round(pooled.value * 1000) / 1000;
const n = pooled.n;

const report = {
  $comment: "Written by `npm run fit-kernels` (scripts/fit-kernels.mjs). moeLowPrecision = measured FP8 ÷ bf16 MoE kernel speed-up, divided by the speed-up infersim's step model gives the same op; the median over the pairs of all tables. Do not edit by hand.",
  source: "AIConfigurator silicon database, TensorRT-LLM 1.3.0rc20 moe_perf tables (github ai-dynamo/aiconfigurator, aic-core/src/aiconfigurator_core/systems/data, commit 095f58a; Apache-2.0)",
  family: FAMILY,
  baseModel: BASE_MODEL,
  value,
  pairs: n,
  p25: pooled.p25,
  p75: pooled.p75,
  tables: perTable,
};
const reportFile = path.join(root, "data/kernels/moe-low-precision-fit.json");
fs.writeFileSync(reportFile, JSON.stringify(report, null, 2) + "\n");

const priorsFile = path.join(root, "packages/core/catalog/efficiency-priors.json");
const priors = JSON.parse(fs.readFileSync(priorsFile, "utf8"));
priors.families ??= {};
priors.families[FAMILY] ??= {};
priors.families[FAMILY].moeLowPrecision = {
  value,
  source: `fitted to ${n} FP8/bf16 MoE kernel pairs on H100 and H200 (AIConfigurator TensorRT-LLM 1.3.0rc20 tables, commit 095f58a, Apache-2.0; data/kernels/moe-low-precision-fit.json) by npm run fit-kernels`,
};
fs.writeFileSync(priorsFile, JSON.stringify(priors, null, 2) + "\n");

for (const t of perTable) console.log(t.n ? `${t.hardware}: median ${t.value.toFixed(3)} (p25 ${t.p25.toFixed(3)}, p75 ${t.p75.toFixed(3)}) over ${t.n} pairs` : `${t.hardware}: no FP8/bf16 pairs`);
console.log(`${FAMILY} moeLowPrecision = ${value} → ${rel(priorsFile)}; report ${rel(reportFile)}. Run npm run calibrate next.`);
