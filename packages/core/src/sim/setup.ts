/**
 * Setting up a simulation from deployment specs: pools sized like `predict` does (chips omitted =
 * the fewest that fit, SRAM machines included), and a default KV link for disaggregated serving.
 * @module
 */
import { gbitps, seconds, us, type BytesPerSecond } from "../units.js";
import { ok, type Result } from "../errors.js";
import { resolveDeployment, type Deployment, type DeploymentSpec } from "../perf/deployment.js";
import { autoSize } from "../perf/memory-plan.js";
import type { KvLink } from "./simulate.js";

/** Context a pool sized without `--chips` must hold one sequence of (tokens). */
export const SIM_SIZING_CONTEXT = 32768;

/** Resolve a pool's deployment: as given, or auto-sized to hold one long sequence. */
export function resolvePool(spec: DeploymentSpec): Result<Deployment> {
  if (spec.chips === undefined && spec.tp === undefined && spec.pp === undefined) {
    const r = autoSize(spec, { batch: 1, context: Math.min(spec.model.maxContext, SIM_SIZING_CONTEXT) });
    return r.ok ? ok(r.value.deployment) : r;
  }
  return resolveDeployment(spec);
}

/** Scale-out bandwidth assumed for hardware whose file gives none: 100 Gbit/s per chip (estimate). */
const FALLBACK_SCALE_OUT = gbitps(100);
/** Scale-out latency assumed for hardware whose file gives none: 10 µs (estimate). */
const FALLBACK_SCALE_OUT_LATENCY = us(10);
/** Software cost of one KV transfer (registering buffers, posting and completing it), s: 50 µs (estimate). */
export const DEFAULT_KV_TRANSFER_OVERHEAD_S = seconds(50e-6);

/**
 * Default KV link between a prefill and a decode replica: every chip sends its shard in parallel
 * over its scale-out port, so the link is min(chips) × the slower side's per-chip bandwidth;
 * latency is the larger scale-out latency; DEFAULT_KV_TRANSFER_OVERHEAD_S of software per transfer.
 */
export function defaultKvLink(prefill: Deployment, decode: Deployment): KvLink {
  const bw = (d: Deployment) => d.hardware.scaleOut?.bandwidth ?? FALLBACK_SCALE_OUT;
  const lat = (d: Deployment) => d.hardware.scaleOut?.latency ?? FALLBACK_SCALE_OUT_LATENCY;
  const chips = Math.min(prefill.tp * prefill.pp, decode.tp * decode.pp);
  return { bandwidth: (chips * Math.min(bw(prefill), bw(decode))) as BytesPerSecond, latency: seconds(Math.max(lat(prefill), lat(decode))), overhead: DEFAULT_KV_TRANSFER_OVERHEAD_S, layerwise: false };
}
