/**
 * A fixed-shape workload, as benchmark tools generate it (trtllm-bench, vllm bench serve, MLPerf
 * Server): every request has the same prompt and output length; arrivals are Poisson at `rate`, or
 * all at once (`rate` = Infinity). No prefix sharing.
 * @module
 */
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
}

export function fixedWorkload(spec: FixedWorkloadSpec): WorkloadSource {
  const rng = new Rng(spec.seed).fork("fixed");
  let id = 0;
  let t = 0;
  return {
    name: `fixed ${spec.input}/${spec.output} @ ${Number.isFinite(spec.rate) ? `${spec.rate}/s` : "burst"}`,
    blockTokens: PREFIX_DEFAULTS.blockTokens,
    nextArrival(): RequestSpec | undefined {
      if (id >= spec.requests) return undefined;
      // Exponential gap by inversion (kept as is: the validation rows' arrivals depend on these exact draws).
      if (Number.isFinite(spec.rate) && id > 0) t += -Math.log(1 - rng.next()) / spec.rate;
      return { id: id++, arrival: t, input: spec.input, output: spec.output };
    },
    onFinish: () => NO_FOLLOW_UPS,
  };
}
