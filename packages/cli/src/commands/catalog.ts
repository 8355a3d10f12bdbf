/**
 * `infersim hardware list|show ID` and `infersim model list|show ID`: the built-in catalogs with
 * their sources.
 * @module
 */
import { Command } from "commander";
import {
  countParams,
  formatBandwidth,
  formatBytes,
  formatCount,
  formatFlops,
  formatSeconds,
  hardwareCatalog,
  modelCatalog,
  type Hardware,
  type Model,
} from "@infersim/core";
import { loadHardware, loadModel } from "../load.js";
import { fix, keyValues, printCsv, printJson, table } from "../output.js";

interface ListFlags {
  json?: boolean;
  csv?: boolean;
}

function hardwareRow(h: Hardware) {
  return {
    id: h.id,
    name: h.name,
    vendor: h.vendor,
    class: h.class,
    year: h.year ?? null,
    bf16_tflops: h.peak.bf16 !== undefined ? h.peak.bf16 / 1e12 : null,
    fp8_tflops: h.peak.fp8 !== undefined ? h.peak.fp8 / 1e12 : null,
    fp4_tflops: h.peak.fp4 !== undefined ? h.peak.fp4 / 1e12 : null,
    memory_gb: h.memory ? h.memory.capacity / 1e9 : null,
    memory_tbps: h.memory ? h.memory.bandwidth / 1e12 : null,
    sram_mb: h.sram ? h.sram.capacity / 1e6 : null,
    sram_tbps: h.sram?.bandwidth !== undefined ? h.sram.bandwidth / 1e12 : null,
    scale_up_gbps: h.scaleUp.bandwidth / 1e9,
    domain: h.scaleUp.domainSize,
    tdp_w: h.power.tdp,
    rental_usd_per_hour: h.price.rental?.value ?? null,
    purchase_usd: h.price.purchase?.value ?? null,
    confidence: h.confidence,
  };
}

function modelRow(m: Model) {
  const c = countParams(m);
  const moe = m.layers.find((g) => g.ffn.kind === "moe")?.ffn;
  return {
    id: m.id,
    name: m.name,
    architecture: m.architecture,
    params: c.total,
    active_params: c.active,
    layers: m.numLayers,
    hidden: m.hidden,
    attention: m.attention.kind,
    heads: m.attention.numHeads,
    kv_heads: m.attention.numKvHeads,
    experts: moe && moe.kind === "moe" ? moe.experts : null,
    top_k: moe && moe.kind === "moe" ? moe.topK : null,
    weights: m.defaultWeightDtype,
    published_params: m.published?.totalParams ?? null,
  };
}

function showHardware(h: Hardware): string {
  const pairs: [string, string][] = [
    ["id", h.id],
    ["name", `${h.name} (${h.vendor}${h.year ? `, ${h.year}` : ""})`],
    ["class", `${h.class}, efficiency family ${h.family}`],
    ["aliases", h.aliases.join(", ") || "—"],
    ["compute (dense)", Object.entries(h.peak).map(([k, v]) => `${k} ${formatFlops(v)}`).join(", ")],
  ];
  if (h.sram) pairs.push(["on-chip SRAM", `${formatBytes(h.sram.capacity)}${h.sram.bandwidth ? ` @ ${formatBandwidth(h.sram.bandwidth)}` : ""}`]);
  if (h.memory) pairs.push(["memory", `${h.memory.type} ${formatBytes(h.memory.capacity)} @ ${formatBandwidth(h.memory.bandwidth)}`]);
  pairs.push(["scale-up", `${h.scaleUp.name}: ${formatBandwidth(h.scaleUp.bandwidth)} per direction, ${formatSeconds(h.scaleUp.latency)} latency, ${h.scaleUp.domainSize} chips, ${h.scaleUp.topology}`]);
  if (h.scaleOut) pairs.push(["scale-out", `${formatBandwidth(h.scaleOut.bandwidth)} per direction`]);
  pairs.push(["power", `TDP ${h.power.tdp} W, idle ${h.power.idle} W${h.power.allIn ? `, all-in ${h.power.allIn} W` : ""}`]);
  for (const [k, q] of Object.entries(h.price)) if (q) pairs.push([`price (${k})`, `$${q.value} ${k === "purchase" ? "" : "per chip-hour "}(${q.date}${q.kind ? `, ${q.kind}` : ""}${q.estimate ? ", estimate" : ""}) — ${q.source}`]);
  pairs.push(["confidence", h.confidence]);
  for (const [k, v] of Object.entries(h.sources)) pairs.push([`source: ${k}`, v.join(" ; ")]);
  for (const [k, v] of Object.entries(h.estimates)) pairs.push([`estimate: ${k}`, v]);
  if (h.notes) pairs.push(["notes", h.notes]);
  return keyValues(pairs);
}

function showModel(m: Model): string {
  const c = countParams(m);
  const a = m.attention;
  const pairs: [string, string][] = [
    ["id", m.id],
    ["name", m.name],
    ["aliases", m.aliases.join(", ") || "—"],
    ["architecture", m.architecture],
    ["parameters", `${formatCount(c.total)} total, ${formatCount(c.active)} active per token${m.published ? ` (published ${formatCount(m.published.totalParams)}${m.published.activeParams ? ` / ${formatCount(m.published.activeParams)}` : ""}: ${m.published.source})` : ""}`],
    ["layers", m.layers.map((g) => `${g.count} × ${g.ffn.kind === "moe" ? `MoE ${g.ffn.experts} experts top-${g.ffn.topK} (${g.ffn.expertIntermediate})${g.ffn.sharedIntermediate ? ` + shared ${g.ffn.sharedIntermediate}` : ""}` : `dense MLP ${g.ffn.intermediate}${g.ffn.gated ? " gated" : ""}`}${g.window ? `, window ${g.window}` : ""}`).join("; ")],
    ["attention", `${a.kind.toUpperCase()} ${a.numHeads} heads${a.kind !== "mla" ? `, ${a.numKvHeads} KV heads` : `, KV latent ${a.mla?.kvLoraRank}+${a.mla?.qkRopeHeadDim}`}, head dim ${a.headDim}`],
    ["hidden / vocab", `${m.hidden} / ${m.vocab}${m.tiedEmbeddings ? " (tied embeddings)" : ""}`],
    ["max context", String(m.maxContext)],
    ["release format", m.defaultWeightDtype],
  ];
  if (m.extraParamsNote) pairs.push(["not in decoder", `${m.extraParams ? formatCount(m.extraParams) + " " : ""}${m.extraParamsNote}`]);
  if (m.published?.note) pairs.push(["note", m.published.note]);
  if (m.source) pairs.push(["config source", m.source]);
  for (const w of m.warnings ?? []) pairs.push(["warning", w]);
  return keyValues(pairs);
}

export function hardwareCommand(): Command {
  const c = new Command("hardware").description("list or show the hardware catalog");
  c.command("list")
    .description("list every built-in accelerator")
    .option("--json", "print JSON")
    .option("--csv", "print CSV")
    .action((f: ListFlags) => {
      const rows = hardwareCatalog().list().map(hardwareRow);
      if (f.json) printJson(rows);
      else if (f.csv) printCsv(rows);
      else
        process.stdout.write(
          table(rows, [
            { header: "id", value: (r) => r.id, right: false },
            { header: "class", value: (r) => r.class, right: false },
            { header: "bf16 TF", value: (r) => fix(r.bf16_tflops, 0) },
            { header: "fp8 TF", value: (r) => fix(r.fp8_tflops, 0) },
            { header: "memory GB", value: (r) => fix(r.memory_gb, 0) },
            { header: "TB/s", value: (r) => fix(r.memory_tbps, 2) },
            { header: "SRAM MB", value: (r) => fix(r.sram_mb, 0) },
            { header: "TDP W", value: (r) => fix(r.tdp_w, 0) },
            { header: "$/chip-h", value: (r) => fix(r.rental_usd_per_hour, 2) },
            { header: "name", value: (r) => r.name, right: false },
          ]) + "\n",
        );
    });
  c.command("show <id|file>")
    .description("show one accelerator with every source")
    .option("--json", "print JSON")
    .action((id: string, f: ListFlags) => {
      const h = loadHardware(id)[0]!;
      if (f.json) printJson(h);
      else process.stdout.write(showHardware(h) + "\n");
    });
  return c;
}

export function modelCommand(): Command {
  const c = new Command("model").description("list or show the model catalog");
  c.command("list")
    .description("list every built-in model")
    .option("--json", "print JSON")
    .option("--csv", "print CSV")
    .action((f: ListFlags) => {
      const rows = modelCatalog().list().map(modelRow);
      if (f.json) printJson(rows);
      else if (f.csv) printCsv(rows);
      else
        process.stdout.write(
          table(rows, [
            { header: "id", value: (r) => r.id, right: false },
            { header: "arch", value: (r) => r.architecture, right: false },
            { header: "params", value: (r) => formatCount(r.params) },
            { header: "active", value: (r) => formatCount(r.active_params) },
            { header: "layers", value: (r) => String(r.layers) },
            { header: "attn", value: (r) => r.attention, right: false },
            { header: "experts", value: (r) => (r.experts ? `${r.experts}/top-${r.top_k}` : "—") },
            { header: "weights", value: (r) => r.weights, right: false },
          ]) + "\n",
        );
    });
  c.command("show <id|file>")
    .description("show one model (or a Hugging Face config.json)")
    .option("--json", "print JSON")
    .action((id: string, f: ListFlags) => {
      const m = loadModel(id);
      if (f.json) printJson({ ...m, params: countParams(m) });
      else process.stdout.write(showModel(m) + "\n");
    });
  return c;
}

