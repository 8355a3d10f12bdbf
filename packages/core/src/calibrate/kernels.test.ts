import { describe, expect, it } from "vitest";
import { hw, model } from "../../test/helpers.js";
import { fitFourBitGemm, fitMoeLowPrecision, modelledGemm, modelledMoeSpeedup, type GemmKernelRow, type MoeKernelRow } from "../index.js";

describe("moeLowPrecision from kernel timings", () => {
  const h100 = hw("h100-sxm");
  const base = model("mixtral-8x7b");
  const shapes = [1, 16, 256, 4096].flatMap((tokens) =>
    [1, 2].map((tp) => ({ tokens, hidden: 4096, inter: 14336, topK: 2, experts: 8, tp, ep: 1, distribution: "balanced", source: "cutlass" })),
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

  it("pairs a timing only with the bf16 one of the same kernel family, and leaves out the families it is told to", () => {
    // A second family times every shape twice as slow in FP8 (share 0.25 against 0.5).
    const other = pairs(0.25).map((r) => ({ ...r, source: "other", latencyMs: r.dtype === "fp8" ? r.latencyMs : r.latencyMs / 2 }));
    const mixed = [...pairs(0.5), ...other];
    const both = fitMoeLowPrecision([{ hardware: h100, rows: mixed }], base)!;
    expect(both.n).toBe(2 * shapes.length);
    // Eight cutlass pairs at 0.5 and eight "other" pairs at 0.125 (FP8 at 0.25, bf16 twice as fast):
    // the median of the sixteen lies halfway. Pairs across families would give neither.
    expect(both.value).toBeCloseTo((0.5 + 0.125) / 2, 9);
    const one = fitMoeLowPrecision([{ hardware: h100, rows: mixed }], base, { backend: (s) => (s === "cutlass" ? "cutlass" : undefined) })!;
    expect(one).toMatchObject({ value: expect.closeTo(0.5, 9), n: shapes.length });
  });

  it("counts only what the grouped kernels lose beyond the factors it is given (fixed)", () => {
    const b200 = hw("b200");
    const big = shapes.filter((s) => s.tokens === 4096);
    const row = (dtype: string, latencyMs: number) => big.map((s) => ({ ...s, dtype, latencyMs }));
    // The same timings, fitted with and without a dense FP4 share of 0.5: the compute-bound 4,096-token
    // pairs then expect less FP4 speed-up, so the MoE share comes out higher.
    const rows = [...row("bfloat16", 1), ...row("nvfp4", 0.4)];
    const free = fitMoeLowPrecision([{ hardware: b200, rows }], base, { format: { table: "nvfp4", dtype: "fp4" } })!;
    const withDense = fitMoeLowPrecision([{ hardware: b200, rows }], base, { format: { table: "nvfp4", dtype: "fp4" }, fixed: { fourBitGemm: 0.5 } })!;
    expect(withDense.value).toBeGreaterThan(free.value * 1.3);
    // The MoE shares themselves stay at 1 whatever `fixed` says.
    const pinned = fitMoeLowPrecision([{ hardware: b200, rows }], base, { format: { table: "nvfp4", dtype: "fp4" }, fixed: { moeFourBit: 0.1 } })!;
    expect(pinned.value).toBeCloseTo(free.value, 12);
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
    expect(fitMoeLowPrecision([{ hardware: b200, rows: nvfp4 }], base, { format: { table: "nvfp4", dtype: "fp4" } })).toMatchObject({ value: expect.closeTo(0.75, 9), n: shapes.length });
    // The model's FP4 speed-up on Blackwell exceeds its FP8 one (twice the peak, half the bytes).
    const s = shapes.at(-1)!;
    expect(modelledMoeSpeedup(base, b200, { ...s, dtype: "nvfp4", latencyMs: 1 }, "fp4")!).toBeGreaterThan(modelledMoeSpeedup(base, b200, { ...s, dtype: "fp8", latencyMs: 1 })!);
  });
});

describe("fourBitGemm from dense GEMM timings", () => {
  const b200 = hw("b200");
  const dense = model("llama-3.1-8b");
  const shapes = [1, 64, 4096, 16384].flatMap((m) => [{ m, n: 8192, k: 8192 }, { m, n: 4096, k: 14336 }]);
  /** FP8 at 1 ms; NVFP4 at `share` of the speed-up the model expects (the model's own where memory-bound). */
  const pairs = (share: number): GemmKernelRow[] =>
    shapes.flatMap((s) => {
      const f8 = modelledGemm(dense, b200, s, "fp8")!;
      const f4 = modelledGemm(dense, b200, s, "fp4")!;
      const speedup = f8.time / f4.time;
      return [
        { ...s, dtype: "fp8", latencyMs: 1 },
        { ...s, dtype: "nvfp4", latencyMs: 1 / (speedup * (f4.bound === "compute" && f8.bound === "compute" ? share : 1)) },
      ];
    });
  it("is the measured NVFP4 speed-up over the modelled one, from compute-bound pairs only", () => {
    const computeBound = shapes.filter((s) => modelledGemm(dense, b200, s, "fp4")!.bound === "compute" && modelledGemm(dense, b200, s, "fp8")!.bound === "compute").length;
    expect(computeBound).toBeGreaterThan(0);
    expect(computeBound).toBeLessThan(shapes.length); // batch-1 GEMMs stream weights
    expect(fitFourBitGemm([{ hardware: b200, rows: pairs(0.8) }], dense)).toMatchObject({ value: expect.closeTo(0.8, 9), n: computeBound });
  });
  it("the model's large-M FP4 GEMM is compute-bound and close to twice as fast as FP8 with the share at 1 (twice the peak; the smooth roofline keeps a little memory time)", () => {
    const big = { m: 16384, n: 8192, k: 8192 };
    const f8 = modelledGemm(dense, b200, big, "fp8")!;
    const f4 = modelledGemm(dense, b200, big, "fp4")!;
    expect(f4.bound).toBe("compute");
    expect(f8.time / f4.time).toBeGreaterThan(1.8);
    expect(f8.time / f4.time).toBeLessThanOrEqual(2.0001);
  });
});
