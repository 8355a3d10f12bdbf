/**
 * Pareto: per hardware, output tokens/s per chip against tokens/s per user as the batch grows
 * from 1 to the largest that fits (the throughput–interactivity curves of InferenceX-style
 * dashboards). The deployment is sized once (the chips asked, or the fewest that fit a batch of
 * one) and each batch is one core `operatingPoint`.
 * @module
 */
import { batchCap, costModel, formatIssue, operatingPoint, predict, predictionRecord, type OperatingPoint } from "@infersim/core";
import { contextFor, pickedHardware } from "./context";
import type { CoreApi, ParetoPoint, ParetoResult } from "./protocol";
import { parseShape } from "./shape";

/** Batches 1, 2, 4, … below `max`, then `max` (and the points halfway, for smooth curves). */
function batchSweep(max: number): number[] {
  const out = new Set<number>();
  for (let b = 1; b < max; b *= 2) {
    out.add(b);
    const mid = Math.round(b * 1.5);
    if (b >= 2 && mid < max) out.add(mid);
  }
  out.add(Math.max(1, max));
  return [...out].sort((a, b) => a - b);
}

/** A point: the fields of the core's prediction record (as Compare shows them, same rounding). */
function point(op: OperatingPoint, input: number, output: number): ParetoPoint {
  const r = predictionRecord(op, input, output);
  return {
    hardware: r.hardware,
    chips: r.chips,
    batch: r.batch,
    tokens_per_s_per_user: r.tokens_per_s_per_user,
    output_tokens_per_s_per_chip: r.output_tokens_per_s_per_chip,
    ttft_ms: r.ttft_ms,
    tpot_ms: r.tpot_ms,
    cost_usd_per_mtok: r.cost_usd_per_mtok,
  };
}

/** Sweep the batch on every hardware; hardware that does not fit even one request is reported. */
export function pareto(p: CoreApi["pareto"]["req"]): ParetoResult {
  const ctx = contextFor(p.custom);
  const shape = parseShape(p.shape, ctx.models);
  const { hardware, problems } = pickedHardware(ctx, p.hardware);
  const points: ParetoPoint[] = [];
  for (const hw of hardware) {
    const first = predict({ ...shape, hardware: hw, batch: 1 });
    if (!first.ok) {
      problems.push(...first.issues.map((i) => `${hw.id}: ${formatIssue(i)}`));
      continue;
    }
    if (!first.value.fits) {
      problems.push(`${hw.id}: does not fit — ${first.value.reason ?? "not enough memory"}`);
      continue;
    }
    const d = first.value.deployment;
    const cm = costModel(d);
    const spec = { input: shape.input, output: shape.output };
    const largest = operatingPoint(d, { ...spec, batch: "max" }, cm);
    const max = largest.ok ? Math.min(largest.value.batch, batchCap(d)) : 1;
    for (const batch of batchSweep(max)) {
      const op = operatingPoint(d, { ...spec, batch }, cm);
      if (op.ok && op.value.fits) points.push(point(op.value, shape.input, shape.output));
    }
  }
  return { points, problems };
}
