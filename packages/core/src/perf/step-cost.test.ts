import { describe, expect, it } from "vitest";
import { deploy, figures, hw, model } from "../../test/helpers.js";
import { Rng } from "../workload/random.js";
import { causalKeys, costModel, decodeBatch, expectedBusiestRank, fixedWorkload, gbps, modelWeightBytes, prefillBatch, resolveDeployment, seconds, simulate, smoothRoofline, stepCost, type OpCost } from "../index.js";

describe("step cost physics (hand-checked)", () => {
  it("batch-1 decode is no faster than streaming the weights once at aggregate bandwidth", () => {
    for (const [hwId, modelId, chips, prec] of [
      ["h100-sxm", "llama-3.1-70b", 8, "fp8"],
      ["h200-sxm", "llama-3.1-8b", 1, "bf16"],
      ["mi300x", "llama-3.1-405b", 8, "fp8"],
      ["b200", "mixtral-8x7b", 2, "fp8"],
    ] as const) {
      const d = deploy(hwId, modelId, { chips, tp: chips, weightDtype: prec });
      const s = stepCost(d, decodeBatch(1, 1024));
      const bw = d.hardware.memory!.bandwidth * chips;
      // For MoE only the experts a token touches are read: bound by active bytes.
      const bytes = modelId.startsWith("mixtral") ? modelWeightBytes(d) * (12.9 / 46.7) : modelWeightBytes(d);
      expect(s.time, `${hwId} ${modelId}`).toBeGreaterThanOrEqual(bytes / bw);
    }
  });
  it("Llama-3.1-8B bf16 batch-1 decode on one H100 is 16 GB ÷ 3.35 TB/s ≈ 4.8 ms plus overheads, within 2×", () => {
    const d = deploy("h100-sxm", "llama-3.1-8b", { chips: 1 });
    const t = stepCost(d, decodeBatch(1, 512)).time;
    expect(t).toBeGreaterThan(16.06e9 / 3.35e12);
    expect(t).toBeLessThan((2 * 16.06e9) / 3.35e12);
  });
  it("batch-1 decode on HBM is memory-bound and large prefill is compute-bound", () => {
    const d = deploy("h100-sxm", "llama-3.1-8b", { chips: 1 });
    expect(stepCost(d, decodeBatch(1, 1024)).bound).toBe("memory");
    expect(stepCost(d, prefillBatch(1, 8192)).bound).toBe("compute");
  });
  it("prefill FLOPs match 2 × params × tokens plus the causal attention term within 5%", () => {
    const d = deploy("h100-sxm", "llama-3.1-8b", { chips: 1 });
    const n = 4096;
    const s = stepCost(d, prefillBatch(1, n));
    const attn = 32 * 32 * 128 * 4 * causalKeys(n, 0, null); // layers × heads × headDim × 4 FLOP per (q,k) pair
    const lmHead = 2 * 4096 * 128256; // logits for the last token only
    const expected = 2 * (8.03e9 - 2 * 128256 * 4096) * n + attn + lmHead;
    expect(Math.abs(s.flopsPerChip / expected - 1)).toBeLessThan(0.05);
  });
  it("the causal term is quadratic: keys for n queries on no context = n(n+1)/2", () => {
    expect(causalKeys(4, 0, null)).toBe(10);
    expect(causalKeys(2, 3, null)).toBe(4 + 5);
    expect(causalKeys(4, 0, 2)).toBe(1 + 2 + 2 + 2);
  });
  it("a sliding window caps decode attention cost at long context", () => {
    const mistral = deploy("h100-sxm", "mistral-7b", { chips: 1, kvDtype: "bf16" });
    const cm = costModel(mistral);
    const at4k = cm.step(decodeBatch(32, 4096)).time;
    const at32k = cm.step(decodeBatch(32, 32768)).time;
    expect(at32k).toBeCloseTo(at4k, 6);
    const llama = costModel(deploy("h100-sxm", "llama-3.1-8b", { chips: 1 }));
    expect(llama.step(decodeBatch(32, 32768)).time).toBeGreaterThan(1.5 * llama.step(decodeBatch(32, 4096)).time);
  });
  it("a sliding window caps prefill KV reads at long context (window layers read window + chunk tokens)", () => {
    const mistral = costModel(deploy("h100-sxm", "mistral-7b", { chips: 1, kvDtype: "bf16" }));
    const chunk = (context: number) => ({ prefill: [{ tokens: 64, context }], decode: [] });
    expect(mistral.step(chunk(32768)).time).toBeCloseTo(mistral.step(chunk(4096)).time, 9);
    expect(mistral.step(chunk(32768)).bytesPerChip).toBe(mistral.step(chunk(4096)).bytesPerChip);
    // gpt-oss-120b: 18 layers with a 128-token window, 18 global; a 512-token chunk on 100k cached tokens.
    const oss = costModel(deploy("h200-sxm", "gpt-oss-120b", { chips: 1 }));
    const ops: OpCost[] = [];
    oss.step({ prefill: [{ tokens: 512, context: 100_000, last: false }], decode: [] }, ops);
    const perToken = oss.shard.kvBytesPerTokenLayerChip;
    const reads = ops.filter((o) => o.op === "attn.prefill").map((o) => o.bytes).sort((a, b) => a - b);
    expect(reads).toEqual([18 * (128 + 512) * perToken, 18 * (100_000 + 512) * perToken]);
  });
  it("MoE decode at batch 1 reads only the touched experts; at large batch nearly all", () => {
    const d = deploy("h200-sxm", "mixtral-8x7b", { chips: 1, weightDtype: "fp8" });
    const cm = costModel(d);
    const b1 = cm.step(decodeBatch(1, 512)).bytesPerChip;
    const b256 = cm.step(decodeBatch(256, 512)).bytesPerChip;
    expect(b1).toBeLessThan(0.4 * modelWeightBytes(d));
    expect(b256).toBeGreaterThan(0.9 * modelWeightBytes(d));
  });
  it("identical routing (one prompt copied over the batch, greedy) reads the top-k experts at any batch, each with every token", () => {
    const d = deploy("h200-sxm", "mixtral-8x7b", { chips: 1, weightDtype: "fp8", moeRouting: "identical" });
    const cm = costModel(d);
    const experts = (batch: number) => {
      const ops: OpCost[] = [];
      cm.step(decodeBatch(batch, 512), ops);
      return ops.filter((o) => o.op === "moe.experts").reduce((a, o) => ({ bytes: a.bytes + o.bytes, flops: a.flops + o.flops }), { bytes: 0, flops: 0 });
    };
    const spread = costModel(deploy("h200-sxm", "mixtral-8x7b", { chips: 1, weightDtype: "fp8" }));
    const spreadB1: OpCost[] = [];
    spread.step(decodeBatch(1, 512), spreadB1);
    // At batch 1 the two routings read the same two experts per layer.
    const b1 = experts(1);
    expect(b1.bytes).toBeCloseTo(spreadB1.filter((o) => o.op === "moe.experts").reduce((a, o) => a + o.bytes, 0), -3);
    // At batch 256 identical routing still reads two experts' weights (plus activations), and its FLOPs grow with the batch.
    const b256 = experts(256);
    expect(b256.bytes).toBeLessThan(1.2 * b1.bytes);
    expect(b256.flops / b1.flops).toBeCloseTo(256, 6);
    // The whole step reads far less than with independent requests, which touch all eight experts.
    expect(cm.step(decodeBatch(256, 512)).bytesPerChip).toBeLessThan(0.7 * spread.step(decodeBatch(256, 512)).bytesPerChip);
  });
  it("the busiest expert-parallel rank's expected share of k experts: exact for Mixtral over two ranks, checked by drawing for 8 of 256", () => {
    // 2 of 8 experts over 2 ranks of 4: both on one rank with probability 12/28.
    expect(expectedBusiestRank(2, 2, 4)).toBeCloseTo(1 + 12 / 28, 12);
    expect(expectedBusiestRank(2, 1, 8)).toBe(2);
    expect(expectedBusiestRank(1, 8, 4)).toBe(1);
    const rng = new Rng(7);
    let sum = 0;
    const trials = 20000;
    for (let t = 0; t < trials; t++) {
      const picked = new Set<number>();
      while (picked.size < 8) picked.add(rng.below(256));
      const perRank = new Array<number>(8).fill(0);
      for (const e of picked) perRank[Math.floor(e / 32)]!++;
      sum += Math.max(...perRank);
    }
    expect(expectedBusiestRank(8, 8, 32)).toBeCloseTo(sum / trials, 1);
  });
  it("tensor parallelism adds all-reduce time and pipeline parallelism adds hops", () => {
    const tp1 = stepCost(deploy("h100-sxm", "llama-3.1-8b", { chips: 1 }), decodeBatch(1, 512));
    const tp8 = stepCost(deploy("h100-sxm", "llama-3.1-8b", { chips: 8, tp: 8 }), decodeBatch(1, 512));
    expect(tp1.communication).toBe(0);
    expect(tp8.communication).toBeGreaterThan(0);
    expect(tp8.memory).toBeLessThan(tp1.memory);
    const pp2 = stepCost(deploy("h100-sxm", "llama-3.1-8b", { chips: 2, tp: 1, pp: 2 }), decodeBatch(1, 512));
    expect(pp2.communication).toBeGreaterThan(0);
  });
  it("SRAM machines stream weights from SRAM: weight reads are negligible next to per-layer latency", () => {
    const d = deploy("groq-lpu", "llama-3.1-8b", { chips: 64, weightDtype: "fp8" });
    const s = stepCost(d, decodeBatch(1, 512));
    expect(s.memory).toBeLessThan(s.overhead);
  });
  it("an empty batch costs nothing", () => {
    expect(stepCost(deploy("h100-sxm", "llama-3.1-8b"), { prefill: [], decode: [] }).time).toBe(0);
  });
});

describe("expert-parallel all-to-all", () => {
  it("sends a token once to each rank holding its experts, not once per expert (topK 8 on 2 ranks ≈ 1.33× topK 2, not 4×)", () => {
    const base = deploy("rtx-pro-6000", "qwen3-30b-a3b", { tp: 2, ep: 2, attentionDp: true });
    const withTopK = (k: number) => ({ ...base, model: { ...base.model, layers: base.model.layers.map((g) => (g.ffn.kind === "moe" ? { ...g, ffn: { ...g.ffn, topK: k } } : g)) } });
    const a2a = (k: number) => {
      const ops: OpCost[] = [];
      costModel(withTopK(k)).step(decodeBatch(4096, 1024), ops);
      return ops.filter((o) => o.op === "moe.all_to_all").reduce((s, o) => s + o.time, 0);
    };
    const ratio = a2a(8) / a2a(2);
    expect(ratio).toBeGreaterThan(1.2);
    expect(ratio).toBeLessThan(1.4);
  });
});

describe("MLP activation kernel", () => {
  it("reads gate and up and writes the down input: 3 × intermediate × 2 bytes per token per layer (Llama-3.1-8B, TP 2)", () => {
    const d = deploy("h100-sxm", "llama-3.1-8b", { tp: 2 });
    const ops: OpCost[] = [];
    costModel(d).step(decodeBatch(64, 1024), ops);
    const act = ops.filter((o) => o.op === "mlp.activation");
    expect(act.reduce((s, o) => s + o.bytes, 0)).toBe(64 * 3 * (14336 / 2) * 2 * 32);
    expect(act.every((o) => o.bound === "memory")).toBe(true);
  });
});

describe("eager steps with prompt tokens", () => {
  const P = 1e-4;
  const at = (prefillLayerOverhead: number) => costModel(deploy("h100-sxm", "llama-3.1-8b", { efficiency: { prefillLayerOverhead: seconds(prefillLayerOverhead) } }));
  it("a step carrying prompt tokens pays prefillLayerOverhead once per layer (32 on Llama-3.1-8B); a decode-only (CUDA graph) step does not", () => {
    const [off, on] = [at(0), at(P)];
    const decode = decodeBatch(16, 1024);
    const mixed = { prefill: [{ tokens: 256, context: 0 }, { tokens: 128, context: 512 }], decode: [{ count: 16, context: 1024 }] };
    expect(on.step(decode).time).toBe(off.step(decode).time);
    expect(on.step(mixed).time - off.step(mixed).time).toBeCloseTo(32 * P, 12);
    expect(on.step(prefillBatch(4, 512)).overhead - off.step(prefillBatch(4, 512)).overhead).toBeCloseTo(32 * P, 12);
  });
});

describe("low-precision MoE kernels", () => {
  const expertTime = (weightDtype: "fp8" | "fp4", efficiency: { moeLowPrecision: number; moeFourBit: number }) => {
    const ops: OpCost[] = [];
    // The plain roofline (p = ∞): a share scales the op's compute time exactly.
    costModel(deploy("b200", "qwen3-30b-a3b", { chips: 1, weightDtype, efficiency: { ...efficiency, rooflineSharpness: Infinity } })).step(prefillBatch(1, 8192), ops);
    return ops.filter((o) => o.op === "moe.experts").reduce((s, o) => s + o.time, 0);
  };
  it("8-bit experts run at moeLowPrecision and 4-bit experts at moeFourBit, each scaling the op's time by up to 1/share", () => {
    const full = { moeLowPrecision: 1, moeFourBit: 1 };
    // Up to 2× (weights and compute scale; the activation traffic and launch latency do not).
    const r8 = expertTime("fp8", { ...full, moeLowPrecision: 0.5 }) / expertTime("fp8", full);
    expect(r8).toBeGreaterThan(1.8);
    expect(r8).toBeLessThanOrEqual(2.0001);
    expect(expertTime("fp8", { ...full, moeFourBit: 0.5 })).toBeCloseTo(expertTime("fp8", full), 12);
    const r4 = expertTime("fp4", { ...full, moeFourBit: 0.5 }) / expertTime("fp4", full);
    expect(r4).toBeGreaterThan(1.8);
    expect(r4).toBeLessThanOrEqual(2.0001);
    expect(expertTime("fp4", { ...full, moeLowPrecision: 0.5 })).toBeCloseTo(expertTime("fp4", full), 12);
  });
});

describe("which MoE share applies", () => {
  const expertTime = (hwId: string, modelId: string, weightDtype: "fp4" | "int4", efficiency: { moeLowPrecision: number; moeFourBit: number }) => {
    const ops: OpCost[] = [];
    costModel(deploy(hwId, modelId, { chips: 1, weightDtype, efficiency })).step(prefillBatch(1, 8192), ops);
    return ops.filter((o) => o.op === "moe.experts").reduce((s, o) => s + o.time, 0);
  };
  it("4-bit weights dequantised into wider GEMMs (INT4 on Blackwell, FP4 on Hopper) take the 8-bit share, not the FP4 one", () => {
    for (const [hwId, modelId, dt] of [["b200", "qwen3-30b-a3b", "int4"], ["h100-sxm", "qwen3-30b-a3b", "fp4"]] as const) {
      const base = expertTime(hwId, modelId, dt, { moeLowPrecision: 1, moeFourBit: 1 });
      expect(expertTime(hwId, modelId, dt, { moeLowPrecision: 1, moeFourBit: 0.5 }), `${hwId} ${dt}`).toBeCloseTo(base, 12);
      expect(expertTime(hwId, modelId, dt, { moeLowPrecision: 0.5, moeFourBit: 1 }) / base, `${hwId} ${dt}`).toBeGreaterThan(1.5);
    }
  });
});

describe("4-bit dense GEMMs", () => {
  it("run at fourBitGemm of the FP4 peak the FP8 path implies; FP8 GEMMs ignore it", () => {
    const time = (weightDtype: "fp8" | "fp4", fourBitGemm: number) => {
      const ops: OpCost[] = [];
      costModel(deploy("b200", "llama-3.3-70b", { chips: 1, weightDtype, efficiency: { fourBitGemm, rooflineSharpness: Infinity } })).step(prefillBatch(1, 16384), ops);
      return ops.find((o) => o.op === "mlp.up")!.time;
    };
    expect(time("fp4", 0.5) / time("fp4", 1)).toBeCloseTo(2, 1);
    expect(time("fp8", 0.5)).toBe(time("fp8", 1));
  });
});

describe("smooth roofline", () => {
  it("is the larger time when the other is nil or p is infinite, √2 times it at the crossover for p = 2, and never below the larger", () => {
    expect(smoothRoofline(3e-3, 0, 1.5)).toBe(3e-3);
    expect(smoothRoofline(0, 2e-6, 1.5)).toBe(2e-6);
    expect(smoothRoofline(3e-3, 1e-3, Infinity)).toBe(3e-3);
    expect(smoothRoofline(1e-3, 1e-3, 2)).toBeCloseTo(Math.SQRT2 * 1e-3, 15);
    expect(smoothRoofline(1e-3, 1e-3, 1)).toBeCloseTo(2e-3, 15);
    // No underflow for microsecond times at a large exponent (t^64 alone would be 0).
    expect(smoothRoofline(2e-6, 1e-6, 64)).toBeGreaterThanOrEqual(2e-6);
    expect(smoothRoofline(2e-6, 1e-6, 64)).toBeLessThan(2.0001e-6);
    for (const p of [1, 1.24, 3, 64]) expect(smoothRoofline(5e-4, 4e-4, p)).toBeGreaterThanOrEqual(5e-4);
  });
});

describe("decode attention without sequence splitting (serial)", () => {
  const attn = (decodeAttention: "split" | "serial", batch: number, context: number, kvBlockBandwidth = 50e9) => {
    const ops: OpCost[] = [];
    costModel(deploy("h100-sxm", "llama-3.1-8b", { chips: 1, decodeAttention, efficiency: { kvBlockBandwidth: gbps(kvBlockBandwidth / 1e9), rooflineSharpness: Infinity, opLatency: seconds(0) } })).step(decodeBatch(batch, context), ops);
    return ops.find((o) => o.op === "attn.decode")!.time;
  };
  it("takes one head's KV over one block's rate at batch 1, however little the step reads", () => {
    // Llama-3.1-8B, bf16 KV: one KV head holds 2 × 128 × 2 = 512 bytes per token per layer; 32 layers.
    const headBytes = 4096 * 512;
    expect(attn("serial", 1, 4096) / 32).toBeCloseTo(headBytes / 50e9, 9);
    expect(attn("serial", 1, 4096, 25e9) / attn("serial", 1, 4096)).toBeCloseTo(2, 6);
    // A split kernel streams the step's whole KV (8 heads) at memory bandwidth: several times faster.
    expect(attn("serial", 1, 4096) / attn("split", 1, 4096)).toBeGreaterThan(3);
  });
  it("is no slower than the split kernel once the batch's KV fills the memory bandwidth", () => {
    expect(attn("serial", 256, 2048)).toBe(attn("split", 256, 2048));
  });
  it("waits for the longest sequence of a mixed batch, and a merged group's stated longest", () => {
    const t = (decode: { count: number; context: number; longest?: number }[]) => {
      const ops: OpCost[] = [];
      costModel(deploy("h100-sxm", "llama-3.1-8b", { chips: 1, decodeAttention: "serial", efficiency: { rooflineSharpness: Infinity, opLatency: seconds(0) } })).step({ prefill: [], decode }, ops);
      return ops.find((o) => o.op === "attn.decode")!.time;
    };
    const mixed = t([{ count: 63, context: 500 }, { count: 1, context: 30000 }]);
    const mean = (63 * 500 + 30000) / 64;
    expect(mixed).toBeGreaterThan(2 * t([{ count: 64, context: mean }]));
    expect(t([{ count: 64, context: mean, longest: 30000 }])).toBeCloseTo(mixed, 12);
    // A group present a fifth of the time (an average over steps) waits a fifth as long.
    expect(t([{ count: 0.2, context: 30000 }]) / t([{ count: 1, context: 30000 }])).toBeCloseTo(0.2, 6);
  });
  it("makes the simulator's long-context decode slower too", () => {
    const tpot = (decodeAttention: "split" | "serial") => {
      const r = simulate(fixedWorkload({ input: 16000, output: 64, rate: 0.1, requests: 3, seed: 1 }), { deployment: deploy("h100-sxm", "llama-3.1-8b", { chips: 1, decodeAttention }), seed: 1 });
      return figures(r.tpot_ms).mean;
    };
    expect(tpot("serial")).toBeGreaterThan(1.2 * tpot("split"));
  });
  it("is refused under any other name, with the field and the value", () => {
    const r = resolveDeployment({ hardware: hw("h100-sxm"), model: model("llama-3.1-8b"), decodeAttention: "fast" as never });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => `${i.path} ${i.message}`).join("\n")).toMatch(/decodeAttention.*"?fast/);
  });
});
