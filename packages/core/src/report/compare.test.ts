import { describe, expect, it } from "vitest";
import { hardwareCatalog, modelCatalog } from "../catalog/catalog.js";
import { unwrap } from "../errors.js";
import { predict } from "../perf/predict.js";
import { predictOnNode, withRatios } from "./compare.js";
import { predictionRecord, type PredictionRecord } from "./record.js";

const hw = (id: string) => unwrap(hardwareCatalog().get(id));
const model = unwrap(modelCatalog().get("llama-3.1-8b"));
const base = { model, batch: 1, input: 1500, output: 64 } as const;

describe("compare", () => {
  it("ratios to the baseline, null where either side is unknown", () => {
    const rec = (hardware: string, speed: number, cost: number | null) => ({ ...predictionRecord(unwrap(predict({ ...base, hardware: hw("h100-sxm") })), 1500, 64), hardware, tokens_per_s_per_user: speed, cost_usd_per_mtok: cost }) as PredictionRecord;
    const [a, b] = withRatios([rec("a", 100, 2), rec("b", 150, null)], rec("a", 100, 2));
    expect([a!.user_speed_ratio, a!.cost_ratio, b!.user_speed_ratio, b!.cost_ratio]).toEqual([1, 1, 1.5, null]);
    expect(withRatios([rec("c", 2, 1)], rec("d", 3, 1), 2)[0]!.user_speed_ratio).toBe(0.67);
  });
  it("one node: HBM machines widen to their chipsPerNode, SRAM machines keep the fewest chips", () => {
    for (const id of ["h100-sxm", "gb200"]) {
      const h = hw(id);
      expect(unwrap(predictOnNode({ ...base, hardware: h })).deployment.chips, id).toBe(h.chipsPerNode);
    }
    const cs3 = hw("cerebras-cs3");
    expect(unwrap(predictOnNode({ ...base, hardware: cs3 })).deployment.chips).toBe(unwrap(predict({ ...base, hardware: cs3 })).deployment.chips);
    expect(unwrap(predictOnNode({ ...base, hardware: hw("h100-sxm"), chips: 2 })).deployment.chips).toBe(2);
  });
});
