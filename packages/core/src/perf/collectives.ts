/**
 * Collectives as latency + size ÷ bandwidth (the α-β model): ring all-reduce moves 2(n−1)/n of
 * the message per chip, all-to-all (n−1)/n, a pipeline hop the whole message. Small messages pay a
 * fixed latency: the engine's per-collective cost plus one traversal of the link (one-shot
 * algorithms on switched fabrics; measured 8×H100 custom all-reduce: ~3 µs for ≤ 16 KB, AIConfigurator
 * silicon database). Groups larger than the scale-up domain cross the scale-out network.
 * @module
 */
import type { Hardware } from "../hardware/hardware.js";
import { seconds, type BytesPerSecond, type Seconds } from "../units.js";
import type { Efficiency } from "./efficiency.js";

export interface Link {
  /** Per chip, one direction (before efficiency). */
  readonly bandwidth: BytesPerSecond;
  /** Per hop. */
  readonly latency: Seconds;
}

/** The link a group of `n` chips communicates over. */
export function linkFor(hw: Hardware, n: number): Link {
  if (n <= hw.scaleUp.domainSize || !hw.scaleOut) return { bandwidth: hw.scaleUp.bandwidth, latency: hw.scaleUp.latency };
  return { bandwidth: hw.scaleOut.bandwidth, latency: hw.scaleOut.latency };
}

/** All-reduce of `bytes` per chip across `n` chips. */
export function allReduceTime(bytes: number, n: number, link: Link, eff: Efficiency): Seconds {
  if (n <= 1) return seconds(0);
  return seconds(eff.commLatency + link.latency + ((2 * (n - 1)) / n) * (bytes / (link.bandwidth * eff.comm)));
}

/** All-to-all where each chip holds `bytes` to scatter across `n` chips. */
export function allToAllTime(bytes: number, n: number, link: Link, eff: Efficiency): Seconds {
  if (n <= 1) return seconds(0);
  return seconds(eff.commLatency + link.latency + ((n - 1) / n) * (bytes / (link.bandwidth * eff.comm)));
}

/** Point-to-point send of `bytes` to the next pipeline stage. */
export function hopTime(bytes: number, link: Link, eff: Efficiency): Seconds {
  return seconds(eff.commLatency + link.latency + bytes / (link.bandwidth * eff.comm));
}
