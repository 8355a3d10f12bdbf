/**
 * Scheduler names → factories. `disaggregated` is a cluster arrangement (prefill and decode pools)
 * whose prefill pool runs `prefill-only` and whose decode pool runs `chunked` (only preempted
 * sequences ever prefill there).
 * @module
 */
import { chunkedScheduler } from "./chunked.js";
import { continuousScheduler } from "./continuous.js";
import type { Scheduler, SchedulerOptions } from "./scheduler.js";
import { staticScheduler } from "./static.js";

export const SCHEDULERS = {
  continuous: () => continuousScheduler(),
  chunked: () => chunkedScheduler(),
  static: (o: SchedulerOptions) => staticScheduler(o),
  "prefill-only": () => chunkedScheduler({ decodes: false }),
} as const satisfies Record<string, (o: SchedulerOptions) => Scheduler>;

export type SchedulerName = keyof typeof SCHEDULERS;
/** Schedulers a whole replica can run (the pool ones are used by disaggregated serving). */
export const REPLICA_SCHEDULERS = ["continuous", "chunked", "static"] as const;
/** Every serving arrangement the simulator offers. */
export const SERVING_MODES = [...REPLICA_SCHEDULERS, "disaggregated"] as const;
export type ServingMode = (typeof SERVING_MODES)[number];

export function makeScheduler(name: SchedulerName, opts: SchedulerOptions = {}): Scheduler {
  return SCHEDULERS[name](opts);
}
