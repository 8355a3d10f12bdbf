import { describe, expect, it } from "vitest";
import { hardwareFromData, modelFromData, modelIdFor } from "./user-data.js";

const config = { architectures: ["LlamaForCausalLM"], model_type: "llama", hidden_size: 2048, intermediate_size: 5632, num_hidden_layers: 22, num_attention_heads: 32, num_key_value_heads: 4, vocab_size: 32000, max_position_embeddings: 2048, torch_dtype: "bfloat16" };

describe("models and hardware from a user's file (CLI --model/--hardware FILE, web custom entries)", () => {
  it("one id rule: _name_or_path, else the file's stem, a config.json its folder's name", () => {
    expect(modelIdFor({ ...config, _name_or_path: "TinyLlama/TinyLlama-1.1B" }, "config.json")).toBe("tinyllama-1.1b");
    expect(modelIdFor(config, "/models/Qwen2.5-7B/config.json")).toBe("qwen2.5-7b");
    expect(modelIdFor(config, "C:\\models\\Mistral 7B\\config.json")).toBe("mistral-7b");
    expect(modelIdFor(config, "tiny-llama.yaml")).toBe("tiny-llama");
    // A pasted config.json has no folder: its stem; a name of symbols only: a placeholder.
    expect(modelIdFor(config, "config.json")).toBe("config");
    expect(modelIdFor(config, "-- .json")).toBe("custom-model");
  });
  it("a config becomes a model under that id (or the id given), with its source", () => {
    const m = modelFromData(config, { file: "/tmp/x/tiny/config.json", source: "tiny/config.json" });
    expect(m.ok && [m.value.id, m.value.source]).toEqual(["tiny", "tiny/config.json"]);
    const kept = modelFromData(config, { file: "config.json", id: "stored-id" });
    expect(kept.ok && kept.value.id).toBe("stored-id");
  });
  it("hardware: every entry of a list, every problem with its entry", () => {
    const r = hardwareFromData([{ id: "x" }, { id: "y" }]);
    expect(r.ok).toBe(false);
    const paths = !r.ok ? r.issues.map((i) => i.path) : [];
    expect(paths.some((p) => p.startsWith("[0]"))).toBe(true);
    expect(paths.some((p) => p.startsWith("[1]"))).toBe(true);
  });
});
