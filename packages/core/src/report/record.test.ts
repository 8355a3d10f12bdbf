import { describe, expect, it } from "vitest";
import { deploy } from "../../test/helpers.js";
import { operatingPoint, predictionRecord, unwrap } from "../index.js";

describe("prediction record", () => {
  const d = deploy("h100-sxm", "llama-3.1-70b", { chips: 8, tp: 8, weightDtype: "fp8" });
  const r = predictionRecord(unwrap(operatingPoint(d, { batch: 16, input: 1024, output: 128 })), 1024, 128);

  it("carries the per-chip throughput's p10–p90 interval: the total's interval over the chips", () => {
    expect(r.output_tokens_per_s_per_chip_p10).toBeCloseTo(r.output_tokens_per_s_p10 / r.chips, 3);
    expect(r.output_tokens_per_s_per_chip_p90).toBeCloseTo(r.output_tokens_per_s_p90 / r.chips, 3);
    expect(r.output_tokens_per_s_per_chip_p10).toBeLessThanOrEqual(r.output_tokens_per_s_per_chip);
    expect(r.output_tokens_per_s_per_chip_p90).toBeGreaterThanOrEqual(r.output_tokens_per_s_per_chip);
  });

  it("sits beside output_tokens_per_s_per_chip, so a CSV puts the interval next to its value", () => {
    const keys = Object.keys(r);
    const at = keys.indexOf("output_tokens_per_s_per_chip");
    expect(keys.slice(at, at + 3)).toEqual(["output_tokens_per_s_per_chip", "output_tokens_per_s_per_chip_p10", "output_tokens_per_s_per_chip_p90"]);
  });
});
