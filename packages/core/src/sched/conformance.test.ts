import { describe, expect, it } from "vitest";
import { deploy, figures } from "../../test/helpers.js";
import { buildWorkload, costModel, fixedWorkload, gbps, operatingPoint, simulate, unwrap, seconds, type SimulationConfig } from "../index.js";
import { Seq } from "../sim/sequence.js";
import type { SchedulerView } from "./scheduler.js";
import { makeScheduler } from "./registry.js";

/** A fake replica view: `free` KV blocks, every sequence needs ⌈tokens/16⌉ blocks. */
function view(waiting: Seq[], running: Seq[], free: number, maxTokens = 512, maxSeqs = 8): SchedulerView {
  const blocks = (t: number) => Math.ceil(t / 16);
  return {
    now: 1,
    waiting,
    running,
    kv: { available: free, growth: (s, t) => Math.max(0, blocks(s.context + t) - s.blocks), admission: (_s, t) => blocks(t), hits: () => 0 },
    maxTokens,
    maxSeqs,
    tokensPerDecode: 1,
  };
}
const req = (id: number, input: number, output = 8, arrival = 0) => new Seq({ id, arrival, input, output });
const runningSeq = (id: number, ctx: number) => {
  const s = req(id, ctx, 100);
  s.state = "running";
  s.prefilled = ctx;
  s.generated = 1;
  s.blocks = Math.ceil((ctx + 1) / 16);
  s.admittedAt = id;
  return s;
};

describe.each(["continuous", "chunked", "static"] as const)("scheduler %s: shared conformance", (name) => {
  const sched = makeScheduler(name, { maxWait: 0 });
  it("never plans more prompt tokens than the step budget (beyond one whole prompt)", () => {
    const p = sched.plan(view([req(1, 300), req(2, 300), req(3, 300)], [], 1000));
    const tokens = p.prefill.reduce((s, w) => s + w.tokens, 0);
    expect(tokens).toBeLessThanOrEqual(Math.max(512, 300));
  });
  it("never admits more than the KV room", () => {
    const p = sched.plan(view([req(1, 160), req(2, 160)], [], 12));
    expect(p.prefill.length).toBeLessThanOrEqual(1);
  });
  it("never exceeds the sequence cap", () => {
    const p = sched.plan(view([1, 2, 3, 4].map((i) => req(i, 10)), [], 1000, 4096, 2));
    expect(p.prefill.length + p.decode.length).toBeLessThanOrEqual(2);
  });
  it("plans nothing for an idle replica", () => {
    const p = sched.plan(view([], [], 1000));
    expect(p.prefill.length + p.decode.length + p.preempt.length).toBe(0);
  });
  it("serves waiting work FCFS (the head is admitted first)", () => {
    const p = sched.plan(view([req(7, 50), req(8, 50)], [], 1000));
    expect(p.prefill[0]?.seq.spec.id).toBe(7);
  });
  it("does not mutate the view", () => {
    const w = [req(1, 100)];
    const r = [runningSeq(2, 64)];
    const before = JSON.stringify([w, r]);
    sched.plan(view(w, r, 1000));
    expect(JSON.stringify([w, r])).toBe(before);
  });
});

describe("scheduler policies", () => {
  it("continuous runs prompts before decodes, in prefill-only steps", () => {
    const p = makeScheduler("continuous").plan(view([req(1, 100)], [runningSeq(2, 64)], 1000));
    expect(p.prefill.length).toBe(1);
    expect(p.decode.length).toBe(0);
  });
  it("chunked carries every decode and fills the budget with a prompt chunk", () => {
    const p = makeScheduler("chunked").plan(view([req(1, 2000)], [runningSeq(2, 64), runningSeq(3, 64)], 1000, 512));
    expect(p.decode.length).toBe(2);
    expect(p.prefill[0]?.tokens).toBe(510);
  });
  it("preempts the newest admission when decodes run out of KV", () => {
    const a = runningSeq(1, 15); // needs a new block to grow
    const b = runningSeq(2, 15);
    const p = makeScheduler("chunked").plan(view([], [a, b], 1));
    expect(p.preempt.map((s) => s.spec.id)).toEqual([2]);
    expect(p.decode.map((s) => s.spec.id)).toEqual([1]);
  });
  it("static batching waits for a full batch or the timeout, and admits none while a batch runs", () => {
    const s = makeScheduler("static", { maxWait: 0.5 });
    const waitPlan = s.plan(view([req(1, 10, 8, 0.9)], [], 1000)); // now = 1: waited 0.1 s of 0.5
    expect(waitPlan.prefill.length).toBe(0);
    expect(waitPlan.wakeAt).toBeCloseTo(1.4, 12);
    const due = s.plan(view([req(1, 10, 8, 0.4)], [], 1000));
    expect(due.prefill.length).toBe(1);
    const busy = s.plan(view([req(9, 10)], [runningSeq(2, 64)], 1000));
    expect(busy.prefill.length).toBe(0);
    expect(busy.decode.map((x) => x.spec.id)).toEqual([2]);
  });
});

describe.each(["continuous", "chunked", "static", "disaggregated"] as const)("simulation with %s: invariants", (mode) => {
  const d = deploy("h100-sxm", "llama-3.1-8b", { chips: 1, maxBatch: 64 });
  const cfg: SimulationConfig =
    mode === "disaggregated"
      ? { disaggregated: { prefill: { deployment: d, replicas: 1 }, decode: { deployment: d, replicas: 1 }, link: { bandwidth: gbps(50), latency: seconds(20e-6), overhead: seconds(50e-6), layerwise: false } }, seed: 3 }
      : { deployment: d, replicas: 2, scheduler: mode, seed: 3, staticMaxWait: 0.02 };
  const run = () => simulate(unwrap(buildWorkload("code-chat", { seed: 5, rate: 6, requests: 300, diurnal: false })), cfg);
  const r = run();
  it("every request completes or is cancelled exactly once; none left in flight", () => {
    expect(r.requests).toBe(300);
    expect(r.completed + r.cancelled + r.rejected).toBe(300);
    expect(r.rejected).toBeLessThan(5); // code-chat prompts past Llama-3.1-8B's 131,072-token context
    expect(r.unfinished).toBe(0);
  });
  it("tokens are conserved: output tokens = completed requests' outputs", () => {
    expect(r.output_tokens).toBeGreaterThan(0);
    expect(r.output_tokens_per_s * r.duration_s).toBeCloseTo(r.output_tokens, 3);
  });
  it("latencies are ordered: TTFT ≤ end-to-end, percentiles increase", () => {
    expect(figures(r.ttft_ms).p50).toBeLessThanOrEqual(figures(r.e2e_ms).p50);
    expect(figures(r.ttft_ms).p50).toBeLessThanOrEqual(figures(r.ttft_ms).p99);
    expect(figures(r.e2e_ms).p90).toBeLessThanOrEqual(figures(r.e2e_ms).p99);
  });
  it("same seed, same report", () => {
    expect(JSON.stringify(run())).toBe(JSON.stringify(r));
  });
  if (mode === "disaggregated") it("reports KV transfer time", () => expect(r.kv_transfer_ms?.mean).toBeGreaterThan(0));
});

describe("simulation against the analytical model", () => {
  const d = deploy("h100-sxm", "llama-3.1-8b", { chips: 1 });
  it("at a very low rate TTFT and TPOT match the batch-1 operating point within 5%", () => {
    const src = fixedWorkload({ input: 1024, output: 128, rate: 0.05, requests: 40, seed: 1 });
    const r = simulate(src, { deployment: d, replicas: 1, scheduler: "chunked", seed: 1, prefixCaching: false });
    const op = unwrap(operatingPoint(d, { batch: 1, input: 1024, output: 128 }));
    expect(Math.abs(figures(r.ttft_ms).p50 / (op.ttft * 1e3) - 1)).toBeLessThan(0.05);
    expect(Math.abs(figures(r.tpot_ms).p50 / (op.tpot * 1e3) - 1)).toBeLessThan(0.05);
  });
  it("latency grows with load and throughput saturates near the analytical capacity", () => {
    const run = (rate: number) => simulate(fixedWorkload({ input: 512, output: 256, rate, requests: 1500, seed: 2 }), { deployment: d, replicas: 1, scheduler: "chunked", seed: 1, prefixCaching: false });
    const low = run(2);
    const mid = run(20);
    const high = run(400);
    expect(figures(mid.tpot_ms).p50).toBeGreaterThan(figures(low.tpot_ms).p50);
    expect(figures(high.ttft_ms).p50).toBeGreaterThan(figures(mid.ttft_ms).p50);
    const cap = costModel(d);
    const capacity = unwrap(operatingPoint(d, { batch: "max", input: 512, output: 256 }, cap)).outputTokensPerSecond;
    // A finite burst ramps up and drains, so the run's average is below steady-state capacity.
    expect(high.output_tokens_per_s).toBeLessThan(capacity * 1.1);
    expect(high.output_tokens_per_s).toBeGreaterThan(capacity * 0.4);
  });
});
