import { describe, expect, it } from "vitest";
import { hw, model } from "../../test/helpers.js";
import { fitMoeLowPrecision, modelledMoeSpeedup, type MoeKernelRow } from "../index.js";

describe("moeLowPrecision from kernel timings", () => {
  const h100 = hw("h100-sxm");
  const base = model("mixtral-8x7b");
  const shapes = [1, 16, 256, 4096].flatMap((tokens) =>
    [1, 2].map((tp) => ({ tokens, hidden: 4096, inter: 14336, topK: 2, experts: 8, tp, ep: 1, distribution: "balanced" })),
  );
  /** bf16 at 1 ms; fp8 at `share` of the speed-up the model expects. */
  const pairs = (share: number): MoeKernelRow[] =>
    shapes.flatMap((s) => {
      const speedup = modelledMoeSpeedup(base, h100, { ...s, dtype: "fp8", latencyMs: 1 })!;
      return [
        { ...s, dtype: "bfloat16", latencyMs: 1 },
        { ...s, dtype: "fp8", latencyMs: 1 / (speedup * share) },
      ];
    });

  it("is the measured FP8 speed-up over the modelled one (0.5 when kernels reach half of it, 1 when all)", () => {
    expect(fitMoeLowPrecision([{ hardware: h100, rows: pairs(0.5) }], base)!.value).toBeCloseTo(0.5, 9);
    expect(fitMoeLowPrecision([{ hardware: h100, rows: pairs(1) }], base)).toMatchObject({ value: expect.closeTo(1, 9), n: shapes.length });
  });

  it("pools the pairs of every table into one median and reports each table's own", () => {
    const f = fitMoeLowPrecision([{ hardware: h100, rows: pairs(0.5) }, { hardware: h100, rows: pairs(0.7) }], base)!;
    expect(f.perTable.map((t) => t!.value)).toEqual([expect.closeTo(0.5, 9), expect.closeTo(0.7, 9)]);
    expect(f.value).toBeCloseTo(0.6, 9);
    expect(f.n).toBe(2 * shapes.length);
  });

  it("uses only TP-split experts under even routing, and says so when nothing pairs", () => {
    const skewed = pairs(0.5).map((r) => ({ ...r, distribution: "power_law_1.2" }));
    const ep = pairs(0.5).map((r) => ({ ...r, ep: 2 }));
    expect(fitMoeLowPrecision([{ hardware: h100, rows: [...skewed, ...ep] }], base)).toBeUndefined();
    expect(fitMoeLowPrecision([{ hardware: h100, rows: [...pairs(0.7), ...skewed] }], base)!.value).toBeCloseTo(0.7, 9);
  });

  it("the model's own FP8 speed-up lies between the compute-bound and memory-bound ideals", () => {
    for (const s of shapes) {
      const x = modelledMoeSpeedup(base, h100, { ...s, dtype: "fp8", latencyMs: 1 })!;
      expect(x).toBeGreaterThan(1.2);
      expect(x).toBeLessThanOrEqual(2.0001);
    }
  });

  it("fits a 4-bit share from NVFP4/bf16 pairs against the model's FP4 speed-up, ignoring FP8 rows", () => {
    const b200 = hw("b200");
    const nvfp4 = shapes.flatMap((s) => {
      const speedup = modelledMoeSpeedup(base, b200, { ...s, dtype: "nvfp4", latencyMs: 1 }, "fp4")!;
      return [
        { ...s, dtype: "bfloat16", latencyMs: 1 },
        { ...s, dtype: "nvfp4", latencyMs: 1 / (speedup * 0.75) },
        { ...s, dtype: "fp8", latencyMs: 1 },
      ];
    });
    expect(fitMoeLowPrecision([{ hardware: b200, rows: nvfp4 }], base, { table: "nvfp4", dtype: "fp4" })).toMatchObject({ value: expect.closeTo(0.75, 9), n: shapes.length });
    // The model's FP4 speed-up on Blackwell exceeds its FP8 one (twice the peak, half the bytes).
    const s = shapes.at(-1)!;
    expect(modelledMoeSpeedup(base, b200, { ...s, dtype: "nvfp4", latencyMs: 1 }, "fp4")!).toBeGreaterThan(modelledMoeSpeedup(base, b200, { ...s, dtype: "fp8", latencyMs: 1 })!);
  });
});
