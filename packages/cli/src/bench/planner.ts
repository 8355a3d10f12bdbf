/**
 * Planner speed: a full analytical sweep of one model and workload across the whole hardware
 * catalog (every candidate configuration), as `infersim plan --confirm 0` runs it in one process.
 * @module
 */
import { performance } from "node:perf_hooks";
import { buildWorkload, hardwareCatalog, modelCatalog, plan, planSloOf, unwrap, workloadCatalog, workloadStats } from "@infersim/core";

export function benchPlanner(): string[] {
  const preset = unwrap(workloadCatalog().get("ide-autocomplete"));
  const t0 = performance.now();
  const stats = workloadStats(unwrap(buildWorkload(preset, { seed: 1 })));
  const r = plan({ model: unwrap(modelCatalog().get("gpt-oss-120b")), workload: stats, rate: 500, slo: { ...planSloOf(preset.slo), tpotP99: 0.015 }, hardware: hardwareCatalog().list() });
  const s = (performance.now() - t0) / 1000;
  return [
    `gpt-oss-120b × ide-autocomplete × ${hardwareCatalog().list().length} accelerators: ${r.evaluated} configurations in ${s.toFixed(2)} s (workload statistics included)`,
    `${s <= 2 ? "meets" : "MISSES"} the ≤ 2 s target`,
  ];
}
