/**
 * A benchmark's workload, as the tools generate it (trtllm-bench, vllm bench serve, MLPerf
 * Server): every request has the same prompt and output length, or (`lengths`) lengths drawn from
 * a dataset's distributions; arrivals are Poisson at `rate`, or all at once (`rate` = Infinity).
 * No prefix sharing.
 * @module
 */
import { compileCount, type Dist } from "./distributions.js";
import { PREFIX_DEFAULTS } from "./prefix.js";
import { Rng } from "./random.js";
import { NO_FOLLOW_UPS, type RequestSpec, type WorkloadSource } from "./request.js";

export interface FixedWorkloadSpec {
  /** Prompt tokens per request. */
  readonly input: number;
  /** Output tokens per request. */
  readonly output: number;
  /** Requests per second (Poisson); Infinity = all at time 0. */
  readonly rate: number;
  readonly requests: number;
  readonly seed: number;
  /**
   * Draw each request's prompt and output tokens from these instead (a dataset's lengths, e.g.
   * ShareGPT as vLLM's benchmark samples it); `input` and `output` are then their means, for names.
   * Drawn from a stream of their own: the arrival times are the same as with fixed lengths.
   */
  readonly lengths?: { readonly input: Dist; readonly output: Dist } | undefined;
}

export function fixedWorkload(spec: FixedWorkloadSpec): WorkloadSource {
  const rng = new Rng(spec.seed).fork("fixed");
  const lengthRng = new Rng(spec.seed).fork("lengths");
  const drawInput = spec.lengths ? compileCount(spec.lengths.input) : () => spec.input;
  const drawOutput = spec.lengths ? compileCount(spec.lengths.output) : () => spec.output;
  let id = 0;
  let t = 0;
  return {
    name: `${spec.lengths ? "drawn, mean" : "fixed"} ${spec.input}/${spec.output} @ ${Number.isFinite(spec.rate) ? `${spec.rate}/s` : "burst"}`,
    blockTokens: PREFIX_DEFAULTS.blockTokens,
    nextArrival(): RequestSpec | undefined {
      if (id >= spec.requests) return undefined;
      // Exponential gap by inversion (kept as is: the validation rows' arrivals depend on these exact draws).
      if (Number.isFinite(spec.rate) && id > 0) t += -Math.log(1 - rng.next()) / spec.rate;
      return { id: id++, arrival: t, input: drawInput(lengthRng), output: drawOutput(lengthRng) };
    },
    onFinish: () => NO_FOLLOW_UPS,
  };
}
