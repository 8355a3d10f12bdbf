import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hw, model } from "../../test/helpers.js";
import { costModel, memoryPlan, operatingPoint, resolveDeployment, unwrap, type Hardware } from "../index.js";

const hwIds = ["h100-sxm", "h200-sxm", "b200", "mi300x", "tpu-v6e", "gaudi3", "cerebras-cs3", "groq-lpu"];
const modelIds = ["llama-3.1-8b", "mixtral-8x7b", "qwen3-30b-a3b", "mistral-7b"];

function scaled(h: Hardware, bwK: number, flopK: number): Hardware {
  const peak = Object.fromEntries(Object.entries(h.peak).map(([k, v]) => [k, v * flopK]));
  return {
    ...h,
    peak,
    ...(h.memory ? { memory: { ...h.memory, bandwidth: (h.memory.bandwidth * bwK) as never } } : {}),
    ...(h.sram ? { sram: { ...h.sram, ...(h.sram.bandwidth ? { bandwidth: (h.sram.bandwidth * bwK) as never } : {}) } } : {}),
  } as Hardware;
}

const arbShape = fc.record({
  hw: fc.constantFrom(...hwIds),
  model: fc.constantFrom(...modelIds),
  batch: fc.integer({ min: 1, max: 256 }),
  input: fc.integer({ min: 1, max: 8192 }),
  output: fc.integer({ min: 1, max: 1024 }),
  chips: fc.constantFrom(1, 2, 4, 8),
});

describe("properties", () => {
  it("more memory bandwidth or more FLOP/s is never slower (prefill and decode)", () => {
    fc.assert(
      fc.property(arbShape, fc.double({ min: 1, max: 4, noNaN: true }), fc.double({ min: 1, max: 4, noNaN: true }), (s, bwK, flopK) => {
        const base = hw(s.hw);
        const chips = base.class === "lpu-sram" ? 64 : s.chips;
        const mk = (h: Hardware) => resolveDeployment({ hardware: h, model: model(s.model), chips, weightDtype: "fp8" });
        const a = mk(base);
        const b = mk(scaled(base, bwK, flopK));
        if (!a.ok || !b.ok) return true;
        const ca = costModel(a.value);
        const cb = costModel(b.value);
        const shapes = [
          { prefill: [{ tokens: s.input, context: 0, count: 1 }], decode: [] },
          { prefill: [], decode: [{ count: s.batch, context: s.input }] },
        ];
        for (const sh of shapes) expect(cb.step(sh).time).toBeLessThanOrEqual(ca.step(sh).time * (1 + 1e-12));
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it("a larger batch never lowers total throughput while it fits", () => {
    fc.assert(
      fc.property(arbShape, fc.integer({ min: 1, max: 64 }), (s, extra) => {
        const r = resolveDeployment({ hardware: hw(s.hw), model: model(s.model), chips: hw(s.hw).class === "lpu-sram" ? 64 : s.chips, weightDtype: "fp8" });
        if (!r.ok) return true;
        const d = r.value;
        const a = unwrap(operatingPoint(d, { batch: s.batch, input: s.input, output: s.output }));
        const b = unwrap(operatingPoint(d, { batch: s.batch + extra, input: s.input, output: s.output }));
        if (!b.fits) return true;
        // A prompt that no longer fits in one chunk beside the larger batch's decodes takes one more
        // step (e.g. 7,937 prompt tokens beside 256 decodes under an 8,192-token budget): a small,
        // real loss, well under 0.1%.
        expect(b.outputTokensPerSecond).toBeGreaterThanOrEqual(a.outputTokensPerSecond * (1 - 1e-3));
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it("more chips never lower KV capacity", () => {
    fc.assert(
      fc.property(fc.constantFrom("h100-sxm", "h200-sxm", "b200", "mi300x", "tpu-v6e"), fc.constantFrom(...modelIds, "llama-3.1-70b"), fc.constantFrom(1, 2, 4), fc.integer({ min: 256, max: 32768 }), (h, m, tp, ctx) => {
        const one = resolveDeployment({ hardware: hw(h), model: model(m), tp, pp: 1, weightDtype: "fp8" });
        const two = resolveDeployment({ hardware: hw(h), model: model(m), tp: tp * 2, pp: 1, weightDtype: "fp8" });
        if (!one.ok || !two.ok) return true;
        const a = memoryPlan(one.value, { batch: 1, context: ctx });
        const b = memoryPlan(two.value, { batch: 1, context: ctx });
        expect(b.kvPoolBytes).toBeGreaterThanOrEqual(a.kvPoolBytes);
        expect(b.maxSequences).toBeGreaterThanOrEqual(a.maxSequences);
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it("is deterministic: same inputs, same output", () => {
    const d = unwrap(resolveDeployment({ hardware: hw("b200"), model: model("gpt-oss-120b"), chips: 2, tp: 2 }));
    const a = unwrap(operatingPoint(d, { batch: 17, input: 1500, output: 64 }));
    const b = unwrap(operatingPoint(d, { batch: 17, input: 1500, output: 64 }));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});
