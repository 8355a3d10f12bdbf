import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HARDWARE_FILES } from "../../catalog/hardware/index.js";
import { MODEL_FILES } from "../../catalog/models/index.js";
import { countParams, hardwareCatalog, hardwareFileSchema, isSram, modelCatalog, normalizeName } from "../index.js";

const catalogDir = path.join(import.meta.dirname, "..", "..", "catalog");

describe("hardware catalog", () => {
  const list = hardwareCatalog().list();
  it("lists every JSON file in catalog/hardware (run scripts/gen-catalog-index.mjs after adding one)", () => {
    const files = fs.readdirSync(path.join(catalogDir, "hardware")).filter((f) => f.endsWith(".json"));
    expect(HARDWARE_FILES.length).toBe(files.length);
    expect(list.map((h) => `${h.id}.json`).sort()).toEqual(files.sort());
  });
  it("has every accelerator the product promises", () => {
    const required = ["a100-sxm", "h100-sxm", "h100-pcie", "h100-nvl", "h800", "h200-sxm", "h200-nvl", "gh200", "b200", "b300", "gb200", "gb300", "l40s", "rtx-pro-6000", "mi250", "mi300x", "mi325x", "mi355x", "gaudi2", "gaudi3", "tpu-v5e", "tpu-v6e", "tpu-v7", "trainium2", "cerebras-cs2", "cerebras-cs3", "groq-lpu", "sn40l"];
    for (const id of required) expect(hardwareCatalog().find(id)?.id, id).toBe(id);
  });
  it.each(HARDWARE_FILES.map((f) => [(f as { id: string }).id, f]))("%s cites a source for every numeric group it fills", (_id, f) => {
    const parsed = hardwareFileSchema.parse(f);
    const groups = ["compute", "sram", "memory", "scaleUp", "scaleOut", "power"] as const;
    for (const g of groups) if (parsed[g] !== undefined) expect(parsed.sources[g]?.length ?? 0, g).toBeGreaterThan(0);
    if (Object.keys(parsed.price).length) expect(parsed.sources.price?.length ?? 0, "price").toBeGreaterThan(0);
    for (const q of Object.values(parsed.price)) if (q) expect(q.source.length).toBeGreaterThan(0);
  });
  it("has unique ids and aliases (case- and punctuation-insensitive)", () => {
    const seen = new Map<string, string>();
    for (const h of list) {
      for (const n of new Set([h.id, ...h.aliases].map(normalizeName))) {
        expect(seen.get(n), `${n} in ${h.id} and ${seen.get(n)}`).toBeUndefined();
        seen.set(n, h.id);
      }
    }
  });
  it("resolves names like H100-SXM-80GB case-insensitively", () => {
    expect(hardwareCatalog().find("H100-SXM-80GB")?.id).toBe("h100-sxm");
    expect(hardwareCatalog().find("b200-sxm-180gb")?.id).toBe("b200");
    expect(hardwareCatalog().find("Groq-LPU")?.id).toBe("groq-lpu");
  });
  it("suggests close ids for a typo", () => {
    const r = hardwareCatalog().get("h100-sx");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.message).toMatch(/did you mean .*h100-sxm/);
  });
  it("keeps SRAM machines' weights in SRAM and HBM machines' in memory", () => {
    for (const h of list) {
      if (isSram(h)) expect(h.sram, h.id).toBeDefined();
      else expect(h.memory, h.id).toBeDefined();
    }
  });
});

describe("model catalog", () => {
  const list = modelCatalog().list();
  it("lists every JSON file in catalog/models", () => {
    const files = fs.readdirSync(path.join(catalogDir, "models")).filter((f) => f.endsWith(".json"));
    expect(MODEL_FILES.length).toBe(files.length);
  });
  it("has every model the product promises", () => {
    const required = ["llama-2-7b", "llama-2-13b", "llama-2-70b", "llama-3-8b", "llama-3-70b", "llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b", "llama-3.3-70b", "llama-4-scout", "llama-4-maverick", "mistral-7b", "mixtral-8x7b", "mixtral-8x22b", "qwen3-30b-a3b", "qwen3-235b-a22b", "qwen2.5-coder-7b", "qwen2.5-coder-32b", "qwen3-coder-480b-a35b", "gpt-oss-20b", "gpt-oss-120b", "deepseek-v3", "deepseek-r1", "gpt-j-6b", "falcon-180b"];
    for (const id of required) expect(modelCatalog().find(id)?.id, id).toBe(id);
  });
  // Published totals (model cards, papers, HF pages) are matched within 1%.
  it.each(list.map((m) => [m.id, m]))("%s: parameter count within 1% of the published total", (_id, m) => {
    const c = countParams(m);
    expect(m.published).toBeDefined();
    expect(Math.abs(c.total / m.published!.totalParams - 1)).toBeLessThan(0.01);
  });
  // Active counts are published rounded to 2-3 digits (37B, 3.3B, 17B), so 2%; gpt-oss's card excludes the input embedding.
  it.each(list.filter((m) => m.published?.activeParams).map((m) => [m.id, m]))("%s: active parameters within 2% of the published figure", (_id, m) => {
    const c = countParams(m);
    const active = m.architecture === "gpt_oss" ? c.active - c.embedding : c.active;
    expect(Math.abs(active / m.published!.activeParams! - 1)).toBeLessThan(0.02);
  });
  it("reads MLA, sliding windows and interleaved MoE from the configs", () => {
    const ds = modelCatalog().find("deepseek-v3")!;
    expect(ds.attention.kind).toBe("mla");
    expect(ds.layers.map((g) => [g.count, g.ffn.kind])).toEqual([[3, "dense"], [58, "moe"]]);
    const oss = modelCatalog().find("gpt-oss-120b")!;
    expect(oss.layers.map((g) => g.window)).toEqual([128, null]);
    const mav = modelCatalog().find("llama-4-maverick")!;
    expect(mav.layers.reduce((s, g) => s + (g.ffn.kind === "moe" ? g.count : 0), 0)).toBe(24);
    expect(modelCatalog().find("mistral-7b")!.layers[0]!.window).toBe(4096);
    expect(modelCatalog().find("gpt-j-6b")!.parallelBlock).toBe(true);
  });
});
