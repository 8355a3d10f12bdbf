/**
 * The decode pool of disaggregated serving: sequences arrive with their prompt's KV (transferred
 * from the prefill pool) and only decode; the simulator admits them when KV room is reserved.
 * @module
 */
import { decoding, fitDecodes, IDLE, type Scheduler, type SchedulerView, type StepPlan } from "./scheduler.js";

export function decodeOnlyScheduler(): Scheduler {
  return {
    name: "decode-only",
    plan(view: SchedulerView): StepPlan {
      const decodes = decoding(view);
      if (!decodes.length) return IDLE;
      const { keep, preempt } = fitDecodes(view, decodes);
      return { prefill: [], decode: keep, preempt };
    },
  };
}
