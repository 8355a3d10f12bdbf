/**
 * Analytical operating points per second: predictions over a grid of hardware × models × batches
 * on pre-resolved deployments (what a sweep or the web app's Compare view does).
 * @module
 */
import { performance } from "node:perf_hooks";
import { autoSize, costModel, hardwareCatalog, isSram, modelCatalog, operatingPoint, resolveDeployment, unwrap, type Deployment } from "@infersim/core";

export function benchOperatingPoints(): string[] {
  const hw = ["h100-sxm", "h200-sxm", "b200", "gb200", "mi300x", "mi355x", "tpu-v6e", "gaudi3", "cerebras-cs3", "groq-lpu"];
  const models = ["llama-3.1-8b", "llama-3.3-70b", "gpt-oss-120b", "mixtral-8x7b", "deepseek-v3", "qwen3-30b-a3b"];
  const lengths = [
    [1500, 64],
    [1024, 128],
    [8192, 512],
  ] as const;
  const longest = Math.max(...lengths.map(([i, o]) => i + o));
  const deps: Deployment[] = [];
  for (const h of hw) {
    for (const m of models) {
      const hardware = unwrap(hardwareCatalog().get(h));
      const spec = { hardware, model: unwrap(modelCatalog().get(m)), weightDtype: "fp8" as const };
      // HBM machines: one node; SRAM machines: the fewest chips that hold the longest shape at batch 1.
      const r = isSram(hardware) ? autoSize(spec, { batch: 1, context: longest }) : resolveDeployment({ ...spec, chips: hardware.chipsPerNode });
      if (r.ok) deps.push("deployment" in r.value ? r.value.deployment : r.value);
    }
  }
  const cms = deps.map((d) => costModel(d));
  const batches = [1, 2, 4, 8, 16, 32, 64, 128];
  let n = 0;
  let sink = 0;
  const t0 = performance.now();
  const budgetMs = 2000;
  while (performance.now() - t0 < budgetMs) {
    for (let i = 0; i < deps.length; i++) {
      for (const b of batches) {
        for (const [inp, out] of lengths) {
          const r = operatingPoint(deps[i]!, { batch: b, input: inp, output: out }, cms[i]);
          if (r.ok) sink += r.value.tpot;
          n++;
        }
      }
    }
  }
  const ms = performance.now() - t0;
  const rate = (n / ms) * 1000;
  return [
    `${n.toLocaleString("en-US")} operating points in ${ms.toFixed(0)} ms on one core: ${Math.round(rate).toLocaleString("en-US")} per second (${deps.length} deployments × ${batches.length} batches × ${lengths.length} shapes)`,
    `${rate >= 50000 ? "meets" : "MISSES"} the 50,000/s target (checksum ${sink.toExponential(3)})`,
  ];
}
