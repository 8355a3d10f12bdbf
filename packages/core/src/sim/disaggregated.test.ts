import { describe, expect, it } from "vitest";
import { deploy, figures } from "../../test/helpers.js";
import { buildWorkload, defaultKvLink, fixedWorkload, simulate, unwrap, seconds, type BytesPerSecond, type KvLink, type SimulationConfig } from "../index.js";

const pre = deploy("b200", "llama-3.1-8b", { chips: 1 });
const dec = deploy("h100-sxm", "llama-3.1-8b", { chips: 1 });
const link = (bandwidth: number): KvLink => ({ bandwidth: bandwidth as BytesPerSecond, latency: seconds(10e-6), overhead: seconds(50e-6), layerwise: false });
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
    expect(figures(r.ttft_ms).p50).toBeGreaterThan(r.kv_transfer_ms!.p50);
  });
  it("a slower link raises TTFT and never lowers it", () => {
    let last = 0;
    for (const gbs of [400, 50, 10, 2, 0.5]) {
      const x = simulate(work(), cfg(link(gbs * 1e9)));
      expect(figures(x.ttft_ms).mean).toBeGreaterThanOrEqual(last);
      last = figures(x.ttft_ms).mean;
    }
    const fast = simulate(work(), cfg(link(400e9)));
    const slow = simulate(work(), cfg(link(0.5e9)));
    expect(figures(slow.ttft_ms).mean).toBeGreaterThan(figures(fast.ttft_ms).mean);
    expect(slow.kv_transfer_ms!.mean).toBeGreaterThan(fast.kv_transfer_ms!.mean);
  });
  it("layer-wise streaming hides transfer behind prefill", () => {
    const plain = simulate(work(), cfg(link(5e9)));
    const streamed = simulate(work(), cfg({ ...link(5e9), layerwise: true }));
    expect(figures(streamed.ttft_ms).mean).toBeLessThan(figures(plain.ttft_ms).mean);
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

describe("a pool whose weights do not fit", () => {
  // Llama-3.3-70B in bf16 (~141 GB) on one 80 GB H100; and as the decode pool of a pairing.
  const big = deploy("h100-sxm", "llama-3.3-70b", { chips: 1, weightDtype: "bf16" });
  it("is a result (fits: false, with the reason), not a run that rejects every request", () => {
    const r = simulate(work(), { deployment: big, replicas: 1, seed: 1 });
    expect(r.fits).toBe(false);
    expect(r.reason).toMatch(/h100-sxm: weights need/);
    expect(r.requests).toBe(0);
    expect(r.warnings[0]).toMatch(/^does not fit/);
  });
  it("names the pool in a disaggregated pair", () => {
    const r = simulate(work(), { disaggregated: { prefill: { deployment: pre, replicas: 1 }, decode: { deployment: big, replicas: 1 }, link: link(50e9) }, seed: 1 });
    expect(r.fits).toBe(false);
    expect(r.reason).toMatch(/^decode pool: 1 × h100-sxm/);
  });
  it("a pool that fits reports fits: true", () => {
    expect(simulate(work(), cfg(link(50e9))).fits).toBe(true);
  });
});

describe("requests past the model's context window", () => {
  it("are rejected and reported, as engines refuse them", () => {
    const d = deploy("h100-sxm", "llama-3.1-8b", { chips: 1 });
    const r = simulate(fixedWorkload({ input: 131000, output: 200, rate: 1, requests: 3, seed: 1 }), { deployment: d, replicas: 1, seed: 1 });
    expect(r).toMatchObject({ requests: 3, rejected: 3, completed: 0 });
    expect(r.warnings).toContain("3 requests rejected: prompt + output exceed the model's 131072-token context");
  });
});
