import { describe, expect, it } from "vitest";
import { deploy, hw, model } from "../../test/helpers.js";
import { autoSize, batchCap, buildShard, kvBytesForContext, maxConcurrency, memoryPlan, stepTokenBudget, unwrap } from "../index.js";

describe("memory plan", () => {
  it("KV per token: GQA = 2 × layers × KV heads × head dim × bytes (Llama-3.1-70B bf16: 320 KiB)", () => {
    const p = memoryPlan(deploy("h100-sxm", "llama-3.1-70b", { chips: 8, kvDtype: "bf16" }), { batch: 1, context: 1024 });
    expect(p.kvBytesPerToken).toBe(2 * 80 * 8 * 128 * 2);
  });
  it("KV per token: MLA stores the latent (DeepSeek-V3: (512 + 64) × 61 layers × bytes)", () => {
    const p = memoryPlan(deploy("h200-sxm", "deepseek-v3", { chips: 8, kvDtype: "bf16" }), { batch: 1, context: 1024 });
    expect(p.kvBytesPerToken).toBe((512 + 64) * 61 * 2);
  });
  it("KV with fp8 is half of bf16", () => {
    const a = memoryPlan(deploy("h100-sxm", "llama-3.1-8b", { kvDtype: "bf16" }), { batch: 1, context: 1024 });
    const b = memoryPlan(deploy("h100-sxm", "llama-3.1-8b", { kvDtype: "fp8" }), { batch: 1, context: 1024 });
    expect(b.kvBytesPerToken * 2).toBe(a.kvBytesPerToken);
  });
  it("sliding-window layers hold at most the window (gpt-oss: half its layers at 128 tokens)", () => {
    const d = deploy("h100-sxm", "gpt-oss-120b", { chips: 1 });
    const s = buildShard(d);
    const long = kvBytesForContext(s, 32768);
    const perLayer = s.kvBytesPerTokenLayer;
    expect(long).toBe(18 * 32768 * perLayer + 18 * 128 * perLayer);
  });
  it("weight bytes follow the format: fp8 ≈ half of bf16, mxfp4 ≈ a quarter plus scales", () => {
    const bf = memoryPlan(deploy("h200-sxm", "llama-3.1-70b", { weightDtype: "bf16", chips: 2 }), { batch: 1, context: 1 }).weightsBytes;
    const f8 = memoryPlan(deploy("h200-sxm", "llama-3.1-70b", { weightDtype: "fp8", chips: 2 }), { batch: 1, context: 1 }).weightsBytes;
    expect(f8 / bf).toBeGreaterThan(0.5);
    expect(f8 / bf).toBeLessThan(0.53); // embeddings stay 16-bit
    const oss = memoryPlan(deploy("h100-sxm", "gpt-oss-120b", { chips: 1 }), { batch: 1, context: 1 });
    expect(oss.weightsBytes / 1e9).toBeGreaterThan(60);
    expect(oss.weightsBytes / 1e9).toBeLessThan(66); // published checkpoint ≈ 61-65 GB
  });
  it("maxConcurrency is the plan's max sequences at batch 1, without building the plan", () => {
    for (const [h, m, rest] of [["h100-sxm", "llama-3.1-70b", { chips: 2, weightDtype: "fp8" }], ["h100-sxm", "llama-3.1-405b", { chips: 1 }], ["groq-lpu", "llama-3.1-8b", { chips: 64, weightDtype: "fp8" }], ["h200-sxm", "gpt-oss-120b", { chips: 1, maxBatch: 4 }]] as const) {
      const d = deploy(h, m, rest);
      const shard = buildShard(d);
      for (const context of [1, 2048, 131072]) expect(maxConcurrency(d, shard, context), `${h} ${m} ${context}`).toBe(memoryPlan(d, { batch: 1, context }, shard).maxSequences);
    }
  });
  it("a model too large for the chips is an infeasible result with a reason, not a throw", () => {
    const p = memoryPlan(deploy("h100-sxm", "llama-3.1-405b", { chips: 1 }), { batch: 1, context: 1024 });
    expect(p.fits).toBe(false);
    expect(p.reason).toMatch(/weights need .* per chip/);
  });
  it("KV exhaustion is reported with the room left", () => {
    const p = memoryPlan(deploy("h100-sxm", "llama-3.1-70b", { chips: 2, weightDtype: "fp8" }), { batch: 4096, context: 8192 });
    expect(p.fits).toBe(false);
    expect(p.reason).toMatch(/KV for 4096 sequences/);
  });
  it("Cerebras: 70B at 16-bit needs 4 CS-3 wafers (44 GB SRAM each); at 8-bit 2", () => {
    const m = model("llama-3.1-70b");
    const r16 = unwrap(autoSize({ hardware: hw("cerebras-cs3"), model: m, weightDtype: "bf16" }, { batch: 1, context: 2048 }));
    expect(r16.plan.fits).toBe(true);
    expect(r16.deployment.chips).toBe(4);
    expect(r16.plan.pipelineDepth).toBe(4);
    const r8 = unwrap(autoSize({ hardware: hw("cerebras-cs3"), model: m, weightDtype: "fp8" }, { batch: 1, context: 2048 }));
    expect(r8.deployment.chips).toBe(2);
  });
  it("Groq: the chip count follows weights ÷ 230 MB SRAM (70B at 8-bit: 300-400 chips)", () => {
    const r = unwrap(autoSize({ hardware: hw("groq-lpu"), model: model("llama-3.1-70b"), weightDtype: "fp8" }, { batch: 1, context: 2048 }));
    expect(r.plan.fits).toBe(true);
    expect(r.deployment.chips).toBeGreaterThanOrEqual(Math.ceil(70.6e9 / 230e6));
    expect(r.deployment.chips).toBeLessThan(450); // embeddings and lm_head stay 16-bit: +4.2 GB
    expect(r.plan.pipelineDepth).toBeLessThanOrEqual(80);
  });
  it("more concurrent KV needs more SRAM chips", () => {
    const a = unwrap(autoSize({ hardware: hw("groq-lpu"), model: model("llama-3.1-8b"), weightDtype: "fp8" }, { batch: 1, context: 4096 }));
    const b = unwrap(autoSize({ hardware: hw("groq-lpu"), model: model("llama-3.1-8b"), weightDtype: "fp8" }, { batch: 64, context: 4096 }));
    expect(b.deployment.chips).toBeGreaterThan(a.deployment.chips);
  });
  it("HBM auto-size picks the smallest TP that fits (70B bf16: 141 GB of weights)", () => {
    const h200 = unwrap(autoSize({ hardware: hw("h200-sxm"), model: model("llama-3.1-70b"), weightDtype: "bf16" }, { batch: 1, context: 2048 }));
    expect(h200.deployment.tp).toBe(2);
    // 1 × H200 (141 GiB, 90% usable) cannot hold 141 GB plus activations; 2 × H100 (80 GiB each) just can.
    const h100 = unwrap(autoSize({ hardware: hw("h100-sxm"), model: model("llama-3.1-70b"), weightDtype: "bf16" }, { batch: 1, context: 2048 }));
    expect(h100.deployment.tp).toBe(2);
    expect(h100.plan.kvPoolBytes).toBeLessThan(20e9);
  });
});

describe("engine batch limits under attention DP", () => {
  it("apply per rank: each of the tp ranks schedules up to maxBatch sequences and maxTokensPerStep tokens", () => {
    const dep = deploy("h200-sxm", "qwen3-30b-a3b", { tp: 8, ep: 8, attentionDp: true, maxBatch: 16, maxTokensPerStep: 1024 });
    const tpOnly = deploy("h200-sxm", "qwen3-30b-a3b", { tp: 8, ep: 8, maxBatch: 16, maxTokensPerStep: 1024 });
    expect(memoryPlan(dep, { batch: 1, context: 512 }).maxSequences).toBe(16 * 8);
    expect(memoryPlan(tpOnly, { batch: 1, context: 512 }).maxSequences).toBe(16);
    expect(stepTokenBudget(dep)).toBe(8 * 1024);
    expect(batchCap(tpOnly)).toBe(16);
  });
});

describe("weights under attention DP", () => {
  it("replicate the dense MLPs and shared experts with attention, and still split the routed experts (Llama-4 Maverick, 8 chips)", () => {
    const dp = buildShard(deploy("h200-sxm", "llama-4-maverick", { tp: 8, ep: 8, attentionDp: true, weightDtype: "fp8" }));
    const tp = buildShard(deploy("h200-sxm", "llama-4-maverick", { tp: 8, ep: 8, weightDtype: "fp8" }));
    const dense = (s: ReturnType<typeof buildShard>) => s.layers.filter((g) => !g.experts).reduce((t, g) => t + g.count * g.weightBytes, 0);
    const expertBytes = (s: ReturnType<typeof buildShard>) => s.layers.reduce((t, g) => t + (g.experts ? g.count * g.experts.localExperts * g.experts.bytesPerExpert : 0), 0);
    expect(dense(dp)).toBeGreaterThan(7.5 * dense(tp));
    expect(expertBytes(dp)).toBe(expertBytes(tp));
  });
});
