import { describe, expect, it } from "vitest";
import { deploy, figures } from "../../test/helpers.js";
import { costModel, fixedWorkload, KvCache, kvBytesForContext, memoryPlan, NO_FOLLOW_UPS, simulate, seconds, type BytesPerSecond, type Deployment, type KvLink, type RequestSpec, type WorkloadSource } from "../index.js";

/** A source replaying a fixed list of requests (in arrival order). */
function listSource(reqs: readonly RequestSpec[]): WorkloadSource {
  let i = 0;
  return { name: "list", blockTokens: 16, nextArrival: () => reqs[i++], onFinish: () => NO_FOLLOW_UPS };
}

/** KV blocks an empty replica of `d` holds (as the simulator sizes it). */
function kvBlocks(d: Deployment): number {
  const cm = costModel(d);
  return new KvCache(cm.shard, memoryPlan(d, { batch: 1, context: 1 }, cm.shard).kvPoolBytes, { prefix: false, prefixTokens: 16 }).capacity;
}

// Llama-3.1-8B with a small KV pool (a quarter of an H100's memory): about a thousand 16-token blocks.
const small = deploy("h100-sxm", "llama-3.1-8b", { chips: 1, memoryUtilization: 0.25 });
const big = deploy("b200", "llama-3.1-8b", { chips: 1 });
const slowLink = (bandwidth: number, layerwise = false): KvLink => ({ bandwidth: bandwidth as BytesPerSecond, latency: seconds(10e-6), overhead: seconds(50e-6), layerwise });

describe("maxTime", () => {
  it("stops the clock at maxTime, not at the next event after it", () => {
    const src = listSource([
      { id: 0, arrival: 0, input: 100, output: 4 },
      { id: 1, arrival: 1000, input: 100, output: 4 },
    ]);
    const r = simulate(src, { deployment: small, replicas: 1, seed: 1, maxTime: 10 });
    expect(r.duration_s).toBe(10);
    expect(r.requests).toBe(1);
    expect(r.completed).toBe(1);
  });
});

describe("latencies with nothing measured", () => {
  it("reads null, never 0 ms, when no request arrives in the window; its SLO check is missed", () => {
    const src = listSource([{ id: 0, arrival: 0, input: 100, output: 4 }]);
    const r = simulate(src, { deployment: small, replicas: 1, seed: 1, window: { from: 50, to: 60 }, slo: { ttftMs: { p99: 500 } } });
    expect(r.completed).toBe(1);
    for (const s of [r.ttft_ms, r.tpot_ms, r.itl_ms, r.e2e_ms]) expect(s).toEqual({ count: 0, mean: null, p50: null, p90: null, p99: null });
    expect(r.slo_checks).toEqual([{ metric: "ttft_ms", percentile: "p99", target_ms: 500, achieved_ms: null, met: false }]);
  });
  it("has no TPOT when every request emits one token, while TTFT is measured; a TPOT bound does not apply", () => {
    const src = listSource([{ id: 0, arrival: 0, input: 100, output: 1 }, { id: 1, arrival: 1, input: 100, output: 1 }]);
    const r = simulate(src, { deployment: small, replicas: 1, seed: 1, slo: { tpotMs: { p99: 50 } } });
    // The per-request check and the percentile check agree: nothing to bound, nothing missed.
    expect(r.slo_attainment).toBe(1);
    expect(r.slo_checks).toEqual([{ metric: "tpot_ms", percentile: "p99", target_ms: 50, achieved_ms: null, met: true }]);
    expect(r.completed).toBe(2);
    expect(r.tpot_ms.count).toBe(0);
    expect(r.tpot_ms.mean).toBeNull();
    expect(r.ttft_ms.count).toBe(2);
    expect(figures(r.ttft_ms).mean).toBeGreaterThan(0);
  });
});

describe("steady-state measurement window", () => {
  it("counts the latencies of the requests that arrive inside the window only", () => {
    const late = { id: 1, arrival: 100, input: 100, output: 8 };
    const alone = simulate(listSource([{ ...late, arrival: 0 }]), { deployment: small, replicas: 1, seed: 1 });
    const r = simulate(listSource([{ id: 0, arrival: 0, input: 8000, output: 8 }, late]), { deployment: small, replicas: 1, seed: 1, window: { from: 50, to: 200 } });
    expect(r.completed).toBe(2);
    // The long first prompt arrived before the window: only the short one's TTFT is in the mean.
    expect(figures(r.ttft_ms).mean).toBeCloseTo(figures(alone.ttft_ms).mean, 6);
    expect(r.slo_attainment).toBe(1);
    expect(r.window).toEqual({ from: 50, to: 200 });
  });

  it("measures the offered load as throughput once warm, where the whole short run (warm-up and drain) reads low", () => {
    const rate = 10;
    const output = 1000;
    const run = (window?: { from: number; to: number }) =>
      simulate(fixedWorkload({ input: 200, output, rate, requests: rate * 30, seed: 3 }), { deployment: big, replicas: 1, seed: 1, ...(window ? { window } : {}) });
    const whole = run();
    const steady = run({ from: 12, to: 24 });
    // 10 requests/s × 1,000 tokens = 10,000 tokens/s offered, below the B200's capacity for this model.
    expect(steady.output_tokens_per_s / (rate * output)).toBeGreaterThan(0.9);
    expect(steady.output_tokens_per_s / (rate * output)).toBeLessThan(1.1);
    expect(whole.output_tokens_per_s).toBeLessThan(0.9 * steady.output_tokens_per_s);
    // What the window's arrivals ask for: about the offered 10,000 tokens/s (Poisson), and served in full.
    expect(steady.offered_output_tokens_per_s! / (rate * output)).toBeGreaterThan(0.8);
    expect(steady.offered_output_tokens_per_s! / (rate * output)).toBeLessThan(1.2);
    expect(steady.output_tokens_per_s / steady.offered_output_tokens_per_s!).toBeGreaterThan(0.95);
    expect(whole.offered_output_tokens_per_s).toBeUndefined();
    // No SLO: every request completed in the window is good, whenever it arrived.
    expect(steady.goodput_rps).toBeCloseTo(steady.requests_per_s, 9);
    // Requests that arrived before the batch filled see less contention: the window's TPOT is higher.
    expect(figures(steady.tpot_ms).mean).toBeGreaterThan(figures(whole.tpot_ms).mean);
  });
});

describe("disaggregated serving with a decode pool that holds one prompt at a time", () => {
  const blocks = kvBlocks(small);
  const input = Math.floor(blocks * 16 * 0.6);
  const wire = (bandwidth: number) => kvBytesForContext(costModel(big).shard, input) / bandwidth;

  it("admits the next transfer when a request is cancelled while its KV is on the wire", () => {
    const bw = 1e9;
    expect(wire(bw)).toBeGreaterThan(1); // the transfer outlasts the cancellation below
    const src = listSource([
      { id: 0, arrival: 0, input, output: 4, cancelAfter: 1 },
      { id: 1, arrival: 0, input, output: 4 },
    ]);
    const r = simulate(src, { disaggregated: { prefill: { deployment: big, replicas: 1 }, decode: { deployment: small, replicas: 1 }, link: slowLink(bw) }, seed: 1 });
    expect(r).toMatchObject({ requests: 2, cancelled: 1, completed: 1, unfinished: 0 });
  });

  it("a layer-wise transfer that waited for decode room gets no more overlap credit than its prefill could give", () => {
    const bw = 2e9;
    const src = listSource([
      { id: 0, arrival: 0, input, output: 400 },
      { id: 1, arrival: 0, input, output: 4 },
    ]);
    const r = simulate(src, { disaggregated: { prefill: { deployment: big, replicas: 1 }, decode: { deployment: small, replicas: 1 }, link: slowLink(bw, true) }, seed: 1 });
    expect(r.completed).toBe(2);
    // The second prompt waits for the first to finish 400 decode steps, far longer than its prefill:
    // nothing of its transfer was hidden behind the prefill, so it takes the whole wire time.
    const full = (10e-6 + 50e-6 + wire(bw)) * 1e3;
    expect(r.kv_transfer_ms!.p99).toBeGreaterThan(full * 0.999);
    expect(r.kv_transfer_ms!.p99).toBeLessThan(full * 1.001);
    // The first started as its prefill ended: layer-wise streaming hid part of it.
    expect(r.kv_transfer_ms!.p50).toBeLessThan(full * 0.99);
  });

  it("a prefill pool needs room for the prompt only, not prompt + output", () => {
    const pBlocks = blocks; // prefill on the small pool, decode on the big one
    const prompt = Math.floor(pBlocks * 16 * 0.7);
    const src = listSource([{ id: 0, arrival: 0, input: prompt, output: Math.floor(pBlocks * 16 * 0.5) }]);
    const r = simulate(src, { disaggregated: { prefill: { deployment: small, replicas: 1 }, decode: { deployment: big, replicas: 1 }, link: slowLink(50e9) }, seed: 1 });
    expect(r).toMatchObject({ requests: 1, rejected: 0, completed: 1 });
  });
});

describe("speculative decoding", () => {
  const spec = { method: "ngram", acceptance: 0.6, length: 4 } as const;
  const blocks = kvBlocks(small);

  it("static batching reserves the verify tokens of the last step (no KV overrun)", () => {
    // Two requests whose prompts + outputs fill the cache exactly: without room for the last steps'
    // extra verify tokens, the batch of both outgrows the cache.
    const a = Math.floor(blocks / 2);
    const src = listSource([
      { id: 0, arrival: 0, input: a * 16 - 32, output: 32 },
      { id: 1, arrival: 0, input: (blocks - a) * 16 - 32, output: 32 },
    ]);
    // Both queue before the batch forms (10 ms wait), so they would run as one batch.
    const r = simulate(src, { deployment: small, replicas: 1, scheduler: "static", staticMaxWait: 0.01, speculative: spec, seed: 1, prefixCaching: false });
    expect(r).toMatchObject({ requests: 2, completed: 2, rejected: 0 });
  });

  it("rejects on arrival a request whose last verify step cannot fit an empty replica", () => {
    for (const scheduler of ["static", "chunked", "continuous"] as const) {
      const src = listSource([{ id: 0, arrival: 0, input: blocks * 16 - 32, output: 32 }]);
      const r = simulate(src, { deployment: small, replicas: 1, scheduler, staticMaxWait: 0, speculative: spec, seed: 1, prefixCaching: false });
      expect(r).toMatchObject({ requests: 1, rejected: 1, completed: 0 });
    }
  });
});

describe("KV utilisation", () => {
  it("is averaged over time, idle time included (not sampled only when steps start)", () => {
    // Two requests filling about half the cache each, 100 s apart: the KV is busy for about a second in total.
    const input = Math.floor(kvBlocks(small) * 16 * 0.5);
    const src = listSource([
      { id: 0, arrival: 0, input, output: 16 },
      { id: 1, arrival: 100, input, output: 16 },
    ]);
    const r = simulate(src, { deployment: small, replicas: 1, seed: 1, prefixCaching: false });
    expect(r.completed).toBe(2);
    const busy = (2 * figures(r.e2e_ms).mean) / 1e3;
    expect(busy).toBeLessThan(5);
    // At most half the cache, for at most the time the requests were in flight.
    expect(r.kv_utilization_mean).toBeGreaterThan(0);
    expect(r.kv_utilization_mean).toBeLessThanOrEqual((0.5 * busy) / r.duration_s + 1e-3);
  });
});
