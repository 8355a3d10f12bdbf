import { describe, expect, it } from "vitest";
import { uncertaintyFor, type CalibrationMeta } from "../index.js";

const meta = (tpotRows: number): CalibrationMeta => ({
  intervals: { "lpu-sram": { tpot_ms: { p10: 0.8, p90: 1.3, n: tpotRows }, ttft_ms: { p10: 0.7, p90: 1.5, n: 10 } } },
});

describe("prediction intervals", () => {
  it("the few-data-points note follows the row count, whatever the class", () => {
    expect(uncertaintyFor("lpu-sram", meta(7)).note).toMatch(/few published data points \(17 out-of-fold rows\)/);
    expect(uncertaintyFor("lpu-sram", meta(40)).note).toBe("intervals from 50 out-of-fold calibration rows of lpu-sram hardware");
  });
  it("a class without rows gets the wide default", () => {
    const u = uncertaintyFor("wafer-sram", { intervals: {} });
    expect([u.tpot.p10, u.tpot.p90]).toEqual([0.5, 2]);
    expect(u.note).toMatch(/no calibration data/);
  });
});
