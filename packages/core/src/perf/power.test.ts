import { describe, expect, it } from "vitest";
import { deploy, hw } from "../../test/helpers.js";
import { costModel, decodeBatch, stepPower, tbps, type Hardware } from "../index.js";

describe("step power", () => {
  it("an SRAM chip without a published SRAM bandwidth uses the same 100 TB/s default as the step cost (not 1 B/s: always TDP)", () => {
    const groq = hw("groq-lpu");
    const noBw: Hardware = { ...groq, sram: { capacity: groq.sram!.capacity } };
    const at100: Hardware = { ...groq, sram: { capacity: groq.sram!.capacity, bandwidth: tbps(100) } };
    const s = costModel(deploy("groq-lpu", "llama-3.1-8b", { chips: 64, weightDtype: "fp8" })).step(decodeBatch(1, 1024));
    const p = stepPower(noBw, s);
    expect(p).toBe(stepPower(at100, s));
    expect(p).toBeLessThan(0.5 * groq.power.tdp); // batch-1 decode barely loads an LPU
  });
  it("power lies between idle and TDP and an empty step draws idle", () => {
    const d = deploy("h100-sxm", "llama-3.1-8b", { chips: 1 });
    const cm = costModel(d);
    const p = stepPower(d.hardware, cm.step(decodeBatch(64, 2048)));
    expect(p).toBeGreaterThan(d.hardware.power.idle);
    expect(p).toBeLessThanOrEqual(d.hardware.power.tdp);
    expect(stepPower(d.hardware, cm.step({ prefill: [], decode: [] }))).toBe(d.hardware.power.idle);
  });
});
