/**
 * Simulator speed: 1,000,000 ide-autocomplete requests through continuous batching (chunked
 * scheduler) on one replica of Qwen2.5-Coder-7B on one H100, at a rate it sustains; simulated
 * seconds per wall second and peak memory.
 * @module
 */
import { performance } from "node:perf_hooks";
import { buildWorkload, formatMs, hardwareCatalog, modelCatalog, resolveDeployment, simulate, unwrap } from "@infersim/core";

export function benchSimulator(requests = 1_000_000): string[] {
  const d = unwrap(resolveDeployment({ hardware: unwrap(hardwareCatalog().get("h100-sxm")), model: unwrap(modelCatalog().get("qwen2.5-coder-7b")), chips: 1 }));
  const src = unwrap(buildWorkload("ide-autocomplete", { seed: 1, rate: 28, requests, diurnal: false }));
  let peakRss = process.memoryUsage.rss();
  const t0 = performance.now();
  const r = simulate(src, {
    deployment: d,
    replicas: 1,
    scheduler: "chunked",
    seed: 1,
    onProgress: () => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    },
  });
  const s = (performance.now() - t0) / 1000;
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  return [
    `${requests.toLocaleString("en-US")} ide-autocomplete requests (qwen2.5-coder-7b, 1 × h100-sxm, chunked, 28 req/s): ${s.toFixed(2)} s wall, ${(r.duration_s / s).toFixed(0)} simulated s per wall s`,
    `completed ${r.completed.toLocaleString("en-US")}, cancelled ${r.cancelled.toLocaleString("en-US")}; TTFT p99 ${formatMs(r.ttft_ms.p99)}; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
    `${s <= 10 ? "meets" : "MISSES"} the ≤ 10 s target; ${peakRss <= 2 ** 30 ? "meets" : "MISSES"} the ≤ 1 GB target`,
  ];
}
