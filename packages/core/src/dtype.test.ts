import { describe, expect, it } from "vitest";
import { computeDtypeFor, isLowPrecision, parseDtype, type ComputeDtype } from "./index.js";

const rated = (...fmts: ComputeDtype[]) => (d: ComputeDtype) => fmts.includes(d);

describe("number formats", () => {
  it("a GEMM runs natively when the chip is rated in the weight format, else dequantised", () => {
    const h100 = rated("fp32", "bf16", "fp16", "fp8", "int8");
    expect(computeDtypeFor("fp8", h100)).toBe("fp8");
    expect(computeDtypeFor("mxfp4", h100)).toBe("fp8"); // no fp4 engine: W4A8
    expect(computeDtypeFor("nvfp4", rated("bf16", "fp8", "fp4"))).toBe("fp4");
    expect(computeDtypeFor("int4", h100)).toBe("bf16"); // weight-only
    expect(computeDtypeFor("int8", rated("bf16", "fp8"))).toBe("fp8");
    expect(computeDtypeFor("fp16", rated("bf16"))).toBe("bf16");
    expect(computeDtypeFor("fp32", rated("int8"))).toBe("int8"); // nothing in the list: best rated
  });
  it("8- and 4-bit engine formats are low precision", () => {
    expect((["fp8", "int8", "fp4"] as const).every(isLowPrecision)).toBe(true);
    expect((["bf16", "fp16", "fp32"] as const).some(isLowPrecision)).toBe(false);
  });
  it("parses names case-insensitively, with the spellings of measurement files", () => {
    expect(parseDtype("FP4")).toBe("fp4");
    expect(parseDtype("fp4 (MXFP4)")).toBe("mxfp4");
    expect(parseDtype("bfloat16")).toBe("bf16");
    expect(parseDtype("fp5")).toBeUndefined();
  });
});
