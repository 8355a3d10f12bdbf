import { describe, expect, it } from "vitest";
import { hw, model } from "../../test/helpers.js";
import {
  buildWorkload,
  candidatesFor,
  confirmOption,
  costModel,
  largestFeasible,
  paretoFront,
  parseScenario,
  plan,
  planFleet,
  planPairings,
  planSloOf,
  PLAN_UTILISATION,
  replicaCapacity,
  sloMisses,
  unwrap,
  workloadCatalog,
  workloadStats,
  type WorkloadStats,
} from "../index.js";
import { deploy } from "../../test/helpers.js";

const stats = (id: string) => workloadStats(unwrap(buildWorkload(id, { seed: 1 })), 2000);

describe("workload statistics", () => {
  it("autocomplete: ~1.5k-token median prompts, short outputs, high prefix reuse", () => {
    const s = stats("ide-autocomplete");
    expect(s.p50Input).toBeGreaterThan(1200);
    expect(s.p50Input).toBeLessThan(1800);
    expect(s.meanOutput).toBeLessThan(60);
    expect(s.cachedFraction).toBeGreaterThan(0.5);
  });
  it("coding agents: sessions unrolled into steps with long, mostly cached prompts", () => {
    const s = stats("coding-agent");
    expect(s.requestsPerSession).toBeGreaterThan(2);
    expect(s.meanInput).toBeGreaterThan(30000);
    expect(s.cachedFraction).toBeGreaterThan(0.8);
  });
  it("the TTFT tail is the p99 of computed tokens: session starts and compactions compute whole prompts", () => {
    const s = stats("coding-agent");
    // Hits are uneven, so the tail is far above the p99 prompt × the mean miss rate.
    expect(s.p99Computed).toBeGreaterThan(2 * s.p99Input * (1 - s.cachedFraction));
    expect(s.p99Computed).toBeLessThanOrEqual(s.p99Input);
    const a = stats("ide-autocomplete");
    expect(a.p99Computed).toBeLessThanOrEqual(a.p99Input);
  });
  it("agent sessions compact within the model's context window", () => {
    const src = unwrap(buildWorkload("coding-agent", { seed: 2, contextWindow: 32768, requests: 3000 }));
    const wide = workloadStats(unwrap(buildWorkload("coding-agent", { seed: 2, requests: 3000 })), 3000);
    const narrow = workloadStats(src, 3000);
    expect(narrow.p99Input).toBeLessThanOrEqual(0.95 * 32768);
    expect(wide.p99Input).toBeGreaterThan(131072);
    expect(buildWorkload("coding-agent", { seed: 1, contextWindow: 1 }).ok).toBe(false);
  });
});

describe("SLO-bounded capacity", () => {
  const s = stats("code-chat");
  const cm = costModel(deploy("h100-sxm", "llama-3.1-8b", { chips: 1 }));
  it("a looser TPOT bound allows more requests in flight and more capacity", () => {
    const tight = replicaCapacity(cm, s, { tpotP99: 0.02 });
    const loose = replicaCapacity(cm, s, { tpotP99: 0.06 });
    expect(tight.feasible && loose.feasible).toBe(true);
    expect(loose.concurrency).toBeGreaterThan(tight.concurrency);
    expect(loose.requestsPerSecond).toBeGreaterThan(tight.requestsPerSecond);
    expect(loose.tpotP99).toBeLessThanOrEqual(0.06);
  });
  it("an impossible bound is infeasible with a reason", () => {
    const r = replicaCapacity(cm, s, { tpotP99: 0.0005 });
    expect(r.feasible).toBe(false);
    expect(r.reason).toMatch(/misses the SLO at one request/);
  });
  it("one SLO check: every bound given is checked and named when missed", () => {
    const slo = { ttftP99: 0.25, tpotP99: 0.006, e2eP99: 1, minTokensPerSecondPerUser: 200 };
    expect(sloMisses(slo, { ttft: 0.2, tpot: 0.005, e2e: 0.9, speed: 250 })).toEqual([]);
    expect(sloMisses(slo, { ttft: 0.3, tpot: 0.007, e2e: 1.2, speed: 150 })).toEqual(["TTFT p99 ≈ 300 ms > 250 ms", "TPOT p99 ≈ 7.0 ms > 6.0 ms", "E2E p99 ≈ 1200 ms > 1000 ms", "150 tok/s/user < 200"]);
    expect(sloMisses({}, { ttft: Infinity, tpot: Infinity, e2e: Infinity, speed: 0 })).toEqual([]);
    // A figure the point leaves out (no request measured it) is not checked.
    expect(sloMisses(slo, { ttft: 0.3, e2e: 0.9 })).toEqual(["TTFT p99 ≈ 300 ms > 250 ms"]);
  });
  it("capacity search: the largest feasible concurrency, the limit itself included when it holds", () => {
    expect(largestFeasible(10, () => true)).toBe(10);
    expect(largestFeasible(1, () => true)).toBe(1);
    const n = largestFeasible(1000, (k) => k <= 300);
    expect(n).toBeLessThanOrEqual(300);
    expect(n).toBeGreaterThanOrEqual(300 * 0.98);
  });
  it("the frontier curve covers powers of two up to the KV limit", () => {
    const r = replicaCapacity(cm, s, { tpotP99: 0.04 });
    expect(r.curve.map((p) => p.concurrency)).toEqual(Array.from({ length: Math.floor(Math.log2(r.kvMax)) + 1 }, (_, i) => 2 ** i));
  });
});

describe("planner search", () => {
  const s = stats("code-chat");
  const req = { model: model("llama-3.1-8b"), workload: s, rate: 50, slo: { ttftP99: 3, tpotP99: 0.04 }, hardware: [hw("h100-sxm"), hw("b200"), hw("mi300x")] };
  const r = plan(req);
  it("returns the cheapest SLO-meeting option per hardware, every option with the promised keys", () => {
    expect(r.best.length).toBe(3);
    for (const o of r.options) for (const k of ["hardware", "chips", "replicas", "config", "meets_slo", "ttft_ms_p99", "tpot_ms_p99", "cost_usd_per_hour", "cost_usd_per_mtok", "power_kw"]) expect(o).toHaveProperty(k);
    for (const b of r.best) {
      expect(b.meets_slo).toBe(true);
      expect(b.tpot_ms_p99).toBeLessThanOrEqual(40);
      const same = r.options.filter((o) => o.hardware === b.hardware && o.meets_slo);
      for (const o of same) expect(b.cost_usd_per_hour!).toBeLessThanOrEqual(o.cost_usd_per_hour!);
    }
    expect(r.cheapest).toEqual(r.best[0]);
  });
  it("enough replicas for the demand: replicas × capacity ≥ rate", () => {
    for (const b of r.best) expect(b.replicas * b.requests_per_s_per_replica).toBeGreaterThanOrEqual(req.rate);
  });
  it("more demand never needs fewer chips", () => {
    const more = plan({ ...req, rate: 200 });
    for (const b of r.best) expect(more.best.find((x) => x.hardware === b.hardware)!.chips_total).toBeGreaterThanOrEqual(b.chips_total);
  });
  it("is deterministic", () => {
    expect(JSON.stringify(plan(req))).toBe(JSON.stringify(r));
  });
  it("reports progress before each hardware", () => {
    const seen: string[] = [];
    plan(req, (done, total, id) => seen.push(`${done}/${total} ${id}`));
    expect(seen).toEqual(["0/3 h100-sxm", "1/3 b200", "2/3 mi300x"]);
  });
  it("says why hardware has no cheapest option: a miss, or an SLO met without a price", () => {
    const tight = plan({ ...req, slo: { tpotP99: 0.001 } });
    expect(tight.best).toEqual([]);
    expect(tight.failures.map((f) => f.hardware)).toEqual(["h100-sxm", "b200", "mi300x"]);
    for (const f of tight.failures) expect(f).toMatchObject({ unpriced: false, reason: expect.stringMatching(/^no option meets the SLO/) });
    const unpriced = plan({ ...req, hardware: [{ ...hw("b200"), price: {} }] });
    expect(unpriced.failures).toEqual([{ hardware: "b200", unpriced: true, reason: expect.stringMatching(/no price/) }]);
    expect(r.failures).toEqual([]);
  });
  it("Pareto fronts keep only non-dominated points", () => {
    const pts = [{ x: 1, y: 1 }, { x: 2, y: 3 }, { x: 3, y: 2 }, { x: 1.5, y: 0.5 }];
    expect(paretoFront(pts, "max", "max")).toEqual([{ x: 2, y: 3 }, { x: 3, y: 2 }]);
    expect(paretoFront(pts, "min", "min")).toEqual([{ x: 1, y: 1 }, { x: 1.5, y: 0.5 }]);
    for (const p of r.throughputFrontier) {
      const dominated = r.throughputFrontier.some((q) => q.hardware === p.hardware && q !== p && q.x >= p.x && q.y >= p.y && (q.x > p.x || q.y > p.y));
      expect(dominated).toBe(false);
    }
  });
  it("confirmation checks the speed bound too: an option fast enough on paper is not confirmed when the simulated speed misses", () => {
    const small = { ...req, rate: 2, hardware: [hw("h100-sxm")], slo: {} };
    const o = plan(small).cheapest!;
    const source = (rate: number, seed: number) => unwrap(buildWorkload("code-chat", { seed, rate, requests: 150, diurnal: false }));
    const loose = confirmOption(o, small, { source, retries: 0 });
    expect(loose.confirmed!.meets_slo).toBe(true);
    const fast = confirmOption(o, { ...small, slo: { minTokensPerSecondPerUser: 1e6 } }, { source, retries: 0 });
    expect(fast.confirmed!.meets_slo).toBe(false);
    expect(fast.reason).toMatch(/tok\/s\/user < 1000000/);
  });
  it("SRAM candidates start from the fewest chips that hold the model", () => {
    const c = candidatesFor(hw("groq-lpu"), model("llama-3.1-8b"), { context: 4096 });
    expect(c.length).toBeGreaterThan(0);
    const chips = c.map((x) => x.deployment.chips);
    expect(Math.min(...chips)).toBeGreaterThanOrEqual(Math.ceil(8.03e9 / 230e6));
  });
});

describe("fleets and scenarios", () => {
  it("a scenario file reports every problem with its path", () => {
    const r = parseScenario({ name: "x", model: "no-such-model", hardware: ["h100-sxm", "h1000"], classes: [{ name: "a", workload: "autocomplet", peakRate: -1 }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path).sort()).toEqual(["scenario.classes[0].peakRate"]);
    const r2 = parseScenario({ name: "x", model: "no-such-model", hardware: ["h100-sxm", "h1000"], classes: [{ name: "a", workload: "autocomplet", peakRate: 1 }] });
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.issues.map((i) => i.path).sort()).toEqual(["scenario.classes[0].workload", "scenario.hardware[1]", "scenario.model"]);
  });
  it("the heterogeneous fleet is never dearer than the cheapest homogeneous one", () => {
    const sc = unwrap(parseScenario({ name: "t", model: "llama-3.1-8b", hardware: ["h100-sxm", "b200", "mi300x"], classes: [{ name: "chat", workload: "code-chat", peakRate: 20 }, { name: "ac", workload: "ide-autocomplete", peakRate: 50, slo: { tpotP99Ms: 30, e2eP99Ms: 3000 } }] }));
    const f = planFleet(sc.fleet);
    expect(f.heterogeneous).not.toBeNull();
    expect(f.heterogeneous!.cost_usd_per_hour).toBeLessThanOrEqual(f.homogeneous[0]!.cost_usd_per_hour + 1e-9);
    expect(f.heterogeneous!.cost_usd_per_mtok_average).toBeGreaterThanOrEqual(f.heterogeneous!.cost_usd_per_mtok_peak);
    expect(f.sensitivity.find((s) => s.change.startsWith("demand +"))!.heterogeneous_cost_usd_per_hour).toBeGreaterThanOrEqual(f.heterogeneous!.cost_usd_per_hour);
  });
  const sc = unwrap(parseScenario({ name: "t", model: "llama-3.1-8b", hardware: ["h100-sxm", "b200"], classes: [{ name: "chat", workload: "code-chat", peakRate: 20 }] }));
  const f = planFleet(sc.fleet);
  it("classes are sized once and priced per row: the same plans as planning each class and demand afresh", () => {
    const c = sc.fleet.classes[0]!;
    expect(f.perClass[0]!.result).toEqual(plan({ ...sc.fleet, workload: c.workload, rate: c.peakRate, slo: c.slo }));
    const more = plan({ ...sc.fleet, workload: c.workload, rate: c.peakRate * 1.25, slo: c.slo });
    expect(f.sensitivity.find((s) => s.change === "demand +25%")!.heterogeneous_cost_usd_per_hour).toBe(more.cheapest!.cost_usd_per_hour);
  });
  it("facility power follows the cost rule: the catalog's all-in power per chip, then PUE", () => {
    const b200 = hw("b200");
    const fleet = f.homogeneous.find((x) => x.hardware[0] === "b200")!;
    const o = fleet.lines[0]!.option;
    const host = b200.power.allIn! - b200.power.tdp;
    expect(fleet.facility_mw).toBeCloseTo(((o.power_kw * 1000 + o.chips_total * host) * 1.3) / 1e6, 3);
  });
  it("scenario SLO overrides (ms) replace the preset's bounds", () => {
    const preset = unwrap(workloadCatalog().get("ide-autocomplete"));
    const slo = planSloOf(preset.slo, { tpotP99Ms: 15, minTokensPerSecondPerUser: 40 });
    expect(slo).toEqual({ ...planSloOf(preset.slo), tpotP99: 0.015, minTokensPerSecondPerUser: 40 });
  });
});

describe("disaggregated pairings", () => {
  const preset = unwrap(workloadCatalog().get("code-chat"));
  const req = { model: model("llama-3.1-8b"), workload: stats("code-chat"), rate: 20, slo: planSloOf(preset.slo) };
  it("prices every pairing and compares the best mixed one with the best single architecture", () => {
    const r = planPairings({ ...req, prefillHardware: [hw("h100-sxm"), hw("b200")], decodeHardware: [hw("h100-sxm"), hw("groq-lpu")] });
    expect(r.pairings.length).toBe(4);
    expect(r.bestSingle).not.toBeNull();
    for (const p of r.pairings) expect(p.kv_transfer_ms).toBeGreaterThan(0);
    if (r.bestMixed && r.bestSingle) expect(r.mixedBeatsSingle).toBe((r.bestMixed.cost_usd_per_hour ?? Infinity) < r.bestSingle.cost_usd_per_hour!);
    expect(r.unpaired).toEqual([]);
  });
  it("fixed pool sizes: every pool has the chips asked for", () => {
    const r = planPairings({ ...req, prefillHardware: [hw("b200")], decodeHardware: [hw("h100-sxm")], prefillChips: 4, decodeChips: 2 });
    expect(r.pairings.length).toBe(1);
    expect(r.pairings[0]!.prefill.chips).toBe(4);
    expect(r.pairings[0]!.decode.chips).toBe(2);
  });
  it("a pairing that cannot be formed says why instead of vanishing", () => {
    const big = { ...req, model: model("llama-3.1-405b") };
    const r = planPairings({ ...big, prefillHardware: [{ ...hw("b200"), price: {} }, hw("h100-sxm")], decodeHardware: [hw("h100-sxm")], prefillChips: 1 });
    expect(r.pairings).toEqual([]);
    expect(r.unpaired).toEqual([
      { prefill: "b200", decode: "h100-sxm", reason: "llama-3.1-405b does not fit 1 × b200 per prefill replica" },
      { prefill: "h100-sxm", decode: "h100-sxm", reason: "llama-3.1-405b does not fit 1 × h100-sxm per prefill replica" },
    ]);
    const unpriced = planPairings({ ...req, prefillHardware: [{ ...hw("b200"), price: {} }], decodeHardware: [hw("h100-sxm")] });
    expect(unpriced.unpaired[0]!.reason).toBe("b200 has no price on this cost basis (prefill)");
  });
  it("decode pools are planned at the single-architecture utilisation, with the request's weight formats", () => {
    const one = { ...req, precisions: ["bf16"] as const, prefillHardware: [hw("b200")], decodeHardware: [hw("h100-sxm")], prefillChips: 1, decodeChips: 1 };
    const a = planPairings(one).pairings[0]!;
    expect([a.prefill.weight_precision, a.decode.weight_precision]).toEqual(["bf16", "bf16"]);
    // A demand one replica serves at 95% of its capacity needs two at 90%.
    const b = planPairings({ ...one, rate: a.decode.requests_per_s_per_replica * 0.95 }).pairings[0]!;
    expect(PLAN_UTILISATION).toBeLessThan(0.95);
    expect(b.decode.replicas).toBe(2);
  });
  it("prefill throughput pays attention over the cached prefix", () => {
    const w = stats("code-chat");
    // Same computed tokens per request, one with a long cached prefix.
    const fresh: WorkloadStats = { ...w, meanInput: 2000, cachedFraction: 0 };
    const cached: WorkloadStats = { ...w, meanInput: 20000, cachedFraction: 0.9 };
    const rps = (x: WorkloadStats) => planPairings({ ...req, workload: x, slo: {}, prefillHardware: [hw("h100-sxm")], decodeHardware: [hw("h100-sxm")], prefillChips: 1, decodeChips: 1, precisions: ["bf16"] }).pairings[0]!.prefill.requests_per_s_per_replica;
    expect(rps(cached)).toBeLessThan(rps(fresh));
  });
  it("a precomputed single-architecture plan gives the same best single option", () => {
    const r = { ...req, prefillHardware: [hw("b200")], decodeHardware: [hw("h100-sxm")] };
    const single = plan({ ...req, hardware: [hw("h100-sxm"), hw("b200"), hw("mi300x")] });
    expect(planPairings({ ...r, single }).bestSingle).toEqual(planPairings(r).bestSingle);
  });
});
