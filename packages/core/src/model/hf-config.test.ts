import { describe, expect, it } from "vitest";
import { importHfConfig } from "../index.js";

/** Mixtral-8x7B's config.json, the fields the importer reads. */
const mixtral = {
  model_type: "mixtral",
  hidden_size: 4096,
  intermediate_size: 14336,
  max_position_embeddings: 32768,
  num_attention_heads: 32,
  num_experts_per_tok: 2,
  num_hidden_layers: 32,
  num_key_value_heads: 8,
  num_local_experts: 8,
  vocab_size: 32000,
};

describe("Hugging Face config import", () => {
  it("a bad MoE layer-placement field is one issue, not one per layer", () => {
    const r = importHfConfig({ ...mixtral, decoder_sparse_step: "2" }, { id: "x" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toEqual([{ path: "config.decoder_sparse_step", message: 'must be a positive integer, got "2"' }]);
    for (const k of ["first_k_dense_replace", "interleave_moe_layer_step"]) {
      const bad = importHfConfig({ ...mixtral, model_type: k.startsWith("inter") ? "llama4_text" : "mixtral", [k]: "3" }, { id: "x" });
      expect(bad.ok ? [] : bad.issues.map((i) => i.path), k).toEqual([`config.${k}`]);
    }
  });
  it("first_k_dense_replace counts leading dense layers; 0 means none", () => {
    const none = importHfConfig({ ...mixtral, first_k_dense_replace: 0 }, { id: "x" });
    expect(none.ok && none.value.layers.map((g) => [g.count, g.ffn.kind])).toEqual([[32, "moe"]]);
    const three = importHfConfig({ ...mixtral, first_k_dense_replace: 3 }, { id: "x" });
    expect(three.ok && three.value.layers.map((g) => [g.count, g.ffn.kind])).toEqual([[3, "dense"], [29, "moe"]]);
  });
  it("moe_layer_freq must be a positive integer (a string is reported, not ignored)", () => {
    const r = importHfConfig({ ...mixtral, moe_layer_freq: "2" }, { id: "x" });
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(["config.moe_layer_freq"]);
    const ok = importHfConfig({ ...mixtral, moe_layer_freq: 2 }, { id: "x" });
    expect(ok.ok && ok.value.layers.map((g) => [g.count, g.ffn.kind])).toEqual([[16, "moe"], [16, "dense"]]);
  });
  it("identical layers group together wherever they sit (gpt-oss alternates sliding and full attention)", () => {
    const layer_types = Array.from({ length: 6 }, (_, i) => (i % 2 ? "full_attention" : "sliding_attention"));
    const r = importHfConfig({ ...mixtral, model_type: "gpt_oss", num_hidden_layers: 6, layer_types, sliding_window: 128 }, { id: "x" });
    expect(r.ok && r.value.layers.map((g) => [g.count, g.window])).toEqual([[3, 128], [3, null]]);
  });
});
