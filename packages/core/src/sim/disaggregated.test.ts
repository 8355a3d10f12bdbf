import { describe, expect, it } from "vitest";
import { deploy } from "../../test/helpers.js";
import { buildWorkload, defaultKvLink, fixedWorkload, simulate, unwrap, type KvLink, type SimulationConfig } from "../index.js";

const pre = deploy("b200", "llama-3.1-8b", { chips: 1 });
const dec = deploy("h100-sxm", "llama-3.1-8b", { chips: 1 });
const link = (bandwidth: number): KvLink => ({ bandwidth, latency: 10e-6, overhead: 50e-6, layerwise: false });
const cfg = (l: KvLink, d = dec): SimulationConfig => ({ disaggregated: { prefill: { deployment: pre, replicas: 1 }, decode: { deployment: d, replicas: 2 }, link: l }, seed: 7 });
const work = () => fixedWorkload({ input: 2048, output: 64, rate: 8, requests: 300, seed: 3 });

describe("heterogeneous disaggregation (prefill on B200, decode on H100)", () => {
  const r = simulate(work(), cfg(defaultKvLink(pre, dec)));
  it("conserves requests and KV across the pools (the simulator asserts every block is free after draining)", () => {
    expect(r.completed).toBe(300);
    expect(r.unfinished).toBe(0);
    expect(r.output_tokens).toBe(300 * 64);
  });
  it("counts the KV transfer in TTFT", () => {
    expect(r.kv_transfer_ms!.mean).toBeGreaterThan(0);
    expect(r.ttft_ms.p50).toBeGreaterThan(r.kv_transfer_ms!.p50);
  });
  it("a slower link raises TTFT and never lowers it", () => {
    let last = 0;
    for (const gbs of [400, 50, 10, 2, 0.5]) {
      const x = simulate(work(), cfg(link(gbs * 1e9)));
      expect(x.ttft_ms.mean).toBeGreaterThanOrEqual(last);
      last = x.ttft_ms.mean;
    }
    const fast = simulate(work(), cfg(link(400e9)));
    const slow = simulate(work(), cfg(link(0.5e9)));
    expect(slow.ttft_ms.mean).toBeGreaterThan(fast.ttft_ms.mean);
    expect(slow.kv_transfer_ms!.mean).toBeGreaterThan(fast.kv_transfer_ms!.mean);
  });
  it("layer-wise streaming hides transfer behind prefill", () => {
    const plain = simulate(work(), cfg(link(5e9)));
    const streamed = simulate(work(), cfg({ ...link(5e9), layerwise: true }));
    expect(streamed.ttft_ms.mean).toBeLessThan(plain.ttft_ms.mean);
  });
  it("the decode pool's KV capacity limits its concurrency (SRAM decode holds fewer sequences)", () => {
    const groq = deploy("groq-lpu", "llama-3.1-8b", { chips: 96, weightDtype: "fp8" });
    const x = simulate(unwrap(buildWorkload("code-chat", { seed: 2, rate: 4, requests: 200, diurnal: false })), { disaggregated: { prefill: { deployment: pre, replicas: 1 }, decode: { deployment: groq, replicas: 1 }, link: defaultKvLink(pre, groq) }, seed: 1 });
    // Long chat prompts cannot all fit in 96 chips' SRAM: those are rejected, the rest complete.
    expect(x.completed + x.cancelled + x.rejected).toBe(200);
    expect(x.unfinished).toBe(0);
    expect(x.completed).toBeGreaterThan(0);
  });
});
