import { describe, expect, it } from "vitest";
import { deploy, model } from "../../test/helpers.js";
import { costModel, draftCostModel, expectedTokensPerStep, mixedCycle, operatingPoint, predict, unwrap } from "../index.js";
import { hw } from "../../test/helpers.js";

describe("operating point", () => {
  const d = deploy("h100-sxm", "llama-3.1-70b", { chips: 8, tp: 8, weightDtype: "fp8" });
  const op = unwrap(operatingPoint(d, { batch: 1, input: 1024, output: 128 }));
  it("end-to-end = TTFT + (output − 1) × TPOT; tokens/s per user = 1 / TPOT", () => {
    expect(op.e2e).toBeCloseTo(op.ttft + 127 * op.tpot, 12);
    expect(op.tokensPerSecondPerUser).toBeCloseTo(1 / op.tpot, 9);
    expect(op.outputTokensPerSecond).toBeCloseTo(128 / op.e2e, 9);
    expect(op.outputTokensPerSecondPerChip).toBeCloseTo(op.outputTokensPerSecond / 8, 9);
  });
  it("energy per token comes from utilisation-weighted power, between idle and TDP", () => {
    expect(op.powerPerChip).toBeGreaterThan(d.hardware.power.idle);
    expect(op.powerPerChip).toBeLessThan(d.hardware.power.tdp);
    expect(op.energyPerToken).toBeCloseTo((op.powerPerChip * 8 * op.e2e) / 128, 6);
  });
  it("cost per million tokens = $/hour ÷ tokens per hour", () => {
    expect(op.costPerMillionTokens).toBeCloseTo((op.costPerHour! / (op.outputTokensPerSecond * 3600)) * 1e6, 9);
  });
  it("max mode takes the largest batch whose KV fits", () => {
    const m = unwrap(operatingPoint(d, { batch: "max", input: 1024, output: 1024 }));
    expect(m.fits).toBe(true);
    expect(m.batch).toBe(m.memory.maxSequences);
    expect(m.outputTokensPerSecond).toBeGreaterThan(op.outputTokensPerSecond * 10);
  });
  it("speculative decoding: E[tokens/step] = (1 − α^(k+1)) / (1 − α)", () => {
    expect(expectedTokensPerStep(0, 4)).toBe(1);
    expect(expectedTokensPerStep(0.5, 1)).toBeCloseTo(1.5, 12);
    expect(expectedTokensPerStep(0.8, 4)).toBeCloseTo((1 - 0.8 ** 5) / 0.2, 12);
  });
  it("n-gram speculation with high acceptance lowers TPOT at batch 1; a draft model costs its own steps", () => {
    const ng = unwrap(operatingPoint(d, { batch: 1, input: 1024, output: 128, speculative: { method: "ngram", acceptance: 0.8, length: 4 } }));
    expect(ng.tpot).toBeLessThan(op.tpot / 2);
    const dr = unwrap(operatingPoint(d, { batch: 1, input: 1024, output: 128, speculative: { method: "draft", acceptance: 0.8, length: 4, draftModel: model("llama-3.1-8b") } }));
    expect(dr.tpot).toBeGreaterThan(ng.tpot);
    expect(dr.tpot).toBeLessThan(op.tpot);
  });
  it("the draft model's cost model is built once per target deployment and draft model", () => {
    const sp = { method: "draft", acceptance: 0.8, length: 4, draftModel: model("llama-3.1-8b") } as const;
    const a = unwrap(draftCostModel(d, sp));
    expect(unwrap(draftCostModel(d, sp))).toBe(a);
    expect(unwrap(draftCostModel(d, { ...sp, draftModel: model("llama-3-8b") }))).not.toBe(a);
  });
  it("a prefix-cache hit shortens TTFT", () => {
    const hit = unwrap(operatingPoint(d, { batch: 1, input: 8192, output: 16, cachedInput: 7000 }));
    const miss = unwrap(operatingPoint(d, { batch: 1, input: 8192, output: 16 }));
    expect(hit.ttft).toBeLessThan(miss.ttft / 3);
  });
  it("rejects bad lengths with one issue each, naming the field and value", () => {
    const r = operatingPoint(d, { batch: 0, input: -5, output: 0 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues.map((i) => i.path)).toEqual(["batch", "input", "output"]);
      expect(r.issues[1]!.message).toContain("-5");
    }
  });
  it("predict without chips sizes SRAM machines to the minimum that fits", () => {
    const p = unwrap(predict({ hardware: hw("cerebras-cs3"), model: model("llama-3.1-70b"), weightDtype: "bf16", batch: 1, input: 1024, output: 128 }));
    expect(p.deployment.chips).toBe(4);
    expect(p.fits).toBe(true);
  });
  it("rental cost falls back to ownership when no rental price is known, and says so", () => {
    const p = unwrap(predict({ hardware: hw("groq-lpu"), model: model("llama-3.1-8b"), weightDtype: "fp8", batch: 1, input: 512, output: 64 }));
    expect(p.costBasis).toMatch(/ownership/);
    expect(p.warnings.join(" ")).toMatch(/no rental price/);
  });
});

describe("deployment validation", () => {
  it("TP that does not divide the heads is an issue at deployment.tp", () => {
    const r = predict({ hardware: hw("h100-sxm"), model: model("llama-3.1-70b"), tp: 3, batch: 1, input: 10, output: 10 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toEqual({ path: "deployment.tp", message: "tensor parallel must divide the number of attention heads (64), got 3" });
  });
  it("EP on a dense model and chips ≠ tp × pp × dp are issues", () => {
    const a = predict({ hardware: hw("h100-sxm"), model: model("llama-3.1-8b"), tp: 2, ep: 2, batch: 1, input: 10, output: 10 });
    expect(a.ok).toBe(false);
    const b = predict({ hardware: hw("h100-sxm"), model: model("llama-3.1-8b"), chips: 6, tp: 4, batch: 1, input: 10, output: 10 });
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.issues[0]!.message).toMatch(/chips \(6\) must equal tp × pp × dp/);
  });
});

describe("continuous batching with a cached prefix", () => {
  const d = deploy("h100-sxm", "llama-3.1-8b", { chips: 1 });
  const cm = costModel(d);
  it("prompt tokens attend over the cached prefix: a long cached prefix makes the cycle slower, never faster", () => {
    const fresh = mixedCycle(cm, 16, 2000, 200);
    const onPrefix = mixedCycle(cm, 16, 2000, 200, { cached: 60000 });
    expect(onPrefix.step).toBeGreaterThan(fresh.step);
    expect(onPrefix.outputTokensPerSecond).toBeLessThan(fresh.outputTokensPerSecond);
  });
  it("predict with --cached-input: decodes attend over the cached tokens too", () => {
    const op = (input: number, cachedInput: number) => unwrap(operatingPoint(d, { batch: 16, input, output: 200, cachedInput }));
    // Same computed prompt (2k tokens); the one on a 60k cached prefix decodes over a 62k context, so each token costs more.
    expect(op(62000, 60000).tpot).toBeGreaterThan(1.2 * op(2000, 0).tpot);
  });
});
